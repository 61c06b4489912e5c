// OAuth 2.0 error replies (RFC 6749 §5.2): `{error, error_description}` as JSON, never cached.
// Endpoint code throws an `OAuthFailure`; the issuer's router turns it into the reply, so each
// check reads as one line instead of threading a result through every function.
import type { EmulatorReply } from '../http/types.js';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_token'
  | 'not_found'
  | 'method_not_allowed';

export const NO_STORE_HEADERS: Record<string, string> = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

export function oauthErrorReply(status: number, error: OAuthErrorCode, description: string, headers: Record<string, string> = {}): EmulatorReply {
  return {
    status,
    headers: { 'Content-Type': 'application/json', ...NO_STORE_HEADERS, ...headers },
    body: { error, error_description: description },
  };
}

export class OAuthFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${description}`);
  }

  toReply(): EmulatorReply {
    return oauthErrorReply(this.status, this.error, this.description, this.headers);
  }
}

// The descriptions follow the wording of common Go OAuth servers, since Kong Identity is one.
export const invalidRequest = (why: string) =>
  new OAuthFailure(
    400,
    'invalid_request',
    `The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed. ${why}`,
  );

export const invalidClient = (why: string, headers: Record<string, string> = {}) =>
  new OAuthFailure(
    401,
    'invalid_client',
    `Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method). ${why}`,
    headers,
  );

export const methodNotAllowed = (allowed: string[]) =>
  new OAuthFailure(405, 'method_not_allowed', `Use ${allowed.join(' or ')} on this endpoint.`, { Allow: allowed.join(', ') });

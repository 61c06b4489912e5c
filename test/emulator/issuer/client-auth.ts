// Reading OAuth form bodies and authenticating clients, shared by the token and introspection
// endpoints.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { EmulatorRequest } from '../http/types.js';
import type { StoredAuthServer, StoredClient } from '../store.js';
import { invalidClient, invalidRequest, OAuthFailure } from './oauth-errors.js';

/** A form-encoded body (RFC 6749 §3.2 allows nothing else); each parameter at most once. */
export function readForm(request: EmulatorRequest): URLSearchParams {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    throw invalidRequest('The body must be application/x-www-form-urlencoded.');
  }
  const form = new URLSearchParams(request.body.toString('utf8'));
  for (const name of new Set(form.keys())) {
    if (form.getAll(name).length > 1) throw invalidRequest(`The parameter "${name}" was given more than once.`);
  }
  return form;
}

export type ClientAuthMethod = 'client_secret_post' | 'client_secret_basic';

/** What the client sent; Basic credentials may be read two ways (see `basicCredentials`). */
interface PresentedCredentials {
  readings: { clientId: string; secret: string | undefined }[];
}

/**
 * Authenticates the client with one of `methods`. Every failure is the same `invalid_client`
 * (401): an unknown client, a wrong secret, a deleted or disabled secret look alike from outside.
 */
export function authenticateClient(stored: StoredAuthServer, request: EmulatorRequest, form: URLSearchParams, methods: ClientAuthMethod[]): StoredClient {
  const credentials = presentedCredentials(request, form, methods);
  // RFC 6749 §5.2: a client that tried the Authorization header gets a matching challenge.
  const challenge: Record<string, string> = request.headers.authorization ? { 'WWW-Authenticate': `Basic realm="${stored.authServer.issuer}"` } : {};
  if (!credentials) throw invalidClient(`Send client_id and client_secret with ${methods.join(' or ')}.`, challenge);
  let firstFailure: OAuthFailure | undefined;
  for (const reading of credentials.readings) {
    try {
      return checkCredentials(stored, reading.clientId, reading.secret, challenge);
    } catch (error) {
      if (!(error instanceof OAuthFailure)) throw error;
      firstFailure ??= error;
    }
  }
  throw firstFailure ?? invalidClient('No credentials.', challenge);
}

function checkCredentials(stored: StoredAuthServer, clientId: string, secret: string | undefined, challenge: Record<string, string>): StoredClient {
  const storedClient = stored.clients.find((candidate) => candidate.client.id === clientId);
  if (!storedClient) throw invalidClient('The client does not exist.', challenge);
  if (storedClient.client.token_endpoint_auth_method === 'none') {
    throw invalidClient('The client is public (token_endpoint_auth_method none) and cannot authenticate with a secret.', challenge);
  }
  if (secret === undefined || secret === '') throw invalidClient('The client secret is missing.', challenge);
  const matches = storedClient.secrets.some((candidate) => candidate.info.enabled && sameSecret(candidate.value, secret));
  if (!matches) throw invalidClient('The client secret is wrong, disabled or deleted.', challenge);
  return storedClient;
}

function presentedCredentials(request: EmulatorRequest, form: URLSearchParams, methods: ClientAuthMethod[]): PresentedCredentials | undefined {
  const basic = methods.includes('client_secret_basic') ? basicCredentials(request) : undefined;
  if (basic) return basic;
  const clientId = form.get('client_id');
  if (!methods.includes('client_secret_post') || !clientId) return undefined;
  return { readings: [{ clientId, secret: form.get('client_secret') ?? undefined }] };
}

/**
 * RFC 6749 §2.3.1 form-encodes the id and secret before joining them with a colon, but most
 * clients (and the introspection how-to's `echo -n "$CLIENT_ID:$CLIENT_SECRET" | base64`) do not;
 * both readings are tried, so a secret holding `+` or `%` works either way.
 */
function basicCredentials(request: EmulatorRequest): PresentedCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const raw = { clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  const readings = [raw];
  try {
    const formDecode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    const formDecoded = { clientId: formDecode(raw.clientId), secret: formDecode(raw.secret) };
    if (formDecoded.clientId !== raw.clientId || formDecoded.secret !== raw.secret) readings.push(formDecoded);
  } catch {
    // Not form-encoded: the raw reading is the only one.
  }
  return { readings };
}

/** Constant-time comparison of two secrets of any length. */
function sameSecret(expected: string, presented: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(presented));
}

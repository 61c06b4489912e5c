// The issuer's token-reading endpoints, advertised by discovery: introspection (RFC 7662, which the
// oauth2-introspection plugin and Kong's `introspection` auth method call; the client authenticates
// with Basic only, the one method the captured documents list for it), userinfo, and revocation.
// A token is active when it verifies against the current signing key, names this issuer, has not
// expired and its client still exists.
import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { EmulatorReply, EmulatorRequest } from '../http/types.js';
import type { StoredAuthServer } from '../store.js';
import { authenticateClient, readForm } from './client-auth.js';
import { signingKeyOf } from './keys.js';
import { invalidRequest, NO_STORE_HEADERS, OAuthFailure } from './oauth-errors.js';

async function activeTokenPayload(stored: StoredAuthServer, token: string): Promise<JWTPayload | undefined> {
  const key = await signingKeyOf(stored);
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [key.publicJwk] }), {
      issuer: stored.authServer.issuer,
      algorithms: [stored.authServer.signing_algorithm],
      requiredClaims: ['exp', 'sub'],
    });
    const clientExists = stored.clients.some((candidate) => candidate.client.id === payload.sub);
    return clientExists ? payload : undefined;
  } catch {
    return undefined;
  }
}

export async function handleIntrospection(request: EmulatorRequest, stored: StoredAuthServer): Promise<EmulatorReply> {
  const form = readForm(request);
  authenticateClient(stored, request, form, ['client_secret_basic']);
  const token = form.get('token');
  if (!token) throw invalidRequest('The token parameter is missing.');
  const payload = await activeTokenPayload(stored, token);
  const body = payload ? { active: true, ...payload, client_id: payload.sub, token_type: 'Bearer' } : { active: false };
  return { status: 200, headers: { 'Content-Type': 'application/json', ...NO_STORE_HEADERS }, body };
}

export async function handleUserinfo(request: EmulatorRequest, stored: StoredAuthServer): Promise<EmulatorReply> {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  const payload = token ? await activeTokenPayload(stored, token) : undefined;
  if (!payload) {
    const challenge = token ? 'Bearer error="invalid_token"' : 'Bearer';
    throw new OAuthFailure(401, 'invalid_token', 'The access token is missing, invalid or expired.', { 'WWW-Authenticate': challenge });
  }
  return { status: 200, headers: { 'Content-Type': 'application/json', ...NO_STORE_HEADERS }, body: { sub: payload.sub } };
}

/** RFC 7009: the client authenticates, and the answer is 200 whether or not the token was valid. */
export function handleRevocation(request: EmulatorRequest, stored: StoredAuthServer): EmulatorReply {
  const form = readForm(request);
  authenticateClient(stored, request, form, ['client_secret_basic', 'client_secret_post']);
  if (!form.get('token')) throw invalidRequest('The token parameter is missing.');
  return { status: 200, headers: { ...NO_STORE_HEADERS } };
}

import type { JSONWebKeySet } from 'jose';
import { ActionError } from '../errors.js';
import { requireSecureUrl, trimTrailingSlashes } from '../http/url.js';
import type { IssuerClient } from './issuer-client.js';

/** The parts of the issuer's OpenID Connect metadata the action uses. */
export interface IssuerMetadata {
  issuer: string;
  token_endpoint: string;
  jwks_uri: string;
}

const INCONSISTENT_METADATA = "The auth server's metadata is inconsistent: run again; if it persists, report it to Kong support.";

/**
 * GET <issuer>/.well-known/openid-configuration. The document must name the same issuer (OIDC
 * Discovery, section 4.3) and https endpoints, so tokens are fetched and checked where they should be.
 */
export async function discoverIssuer(client: IssuerClient, issuer: string): Promise<IssuerMetadata> {
  requireSecureUrl(issuer, 'issuer URL');
  const url = `${trimTrailingSlashes(issuer)}/.well-known/openid-configuration`;
  const doc = await client.getJson<Partial<IssuerMetadata>>(url, 'issuer discovery document');
  if (typeof doc.issuer !== 'string' || trimTrailingSlashes(doc.issuer) !== trimTrailingSlashes(issuer)) {
    throw new ActionError(`The discovery document at ${url} names issuer "${String(doc.issuer)}", not "${issuer}".`, {
      hint: INCONSISTENT_METADATA,
    });
  }
  for (const field of ['token_endpoint', 'jwks_uri'] as const) {
    const value = doc[field];
    if (typeof value !== 'string') {
      throw new ActionError(`The discovery document at ${url} has no ${field}.`, { hint: INCONSISTENT_METADATA });
    }
    requireSecureUrl(value, `${field} of the discovery document`);
  }
  return { issuer: doc.issuer, token_endpoint: doc.token_endpoint as string, jwks_uri: doc.jwks_uri as string };
}

/** The issuer's public keys, fetched once and verified against locally. */
export async function fetchJwks(client: IssuerClient, jwksUri: string): Promise<JSONWebKeySet> {
  const jwks = await client.getJson<JSONWebKeySet>(jwksUri, 'JWKS');
  if (!Array.isArray(jwks?.keys)) throw new ActionError(`The JWKS at ${jwksUri} has no "keys" array.`, { hint: INCONSISTENT_METADATA });
  return jwks;
}

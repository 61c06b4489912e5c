import type { JSONWebKeySet } from 'jose';
import * as z from 'zod/mini';
import { ActionError } from '../errors/errors.js';
import { displayUrl, requireSecureUrl, trimTrailingSlashes } from '../http/url.js';
import type { IssuerClient } from './issuer-client.js';

/** The parts of the issuer's OpenID Connect metadata the action uses. */
const metadataSchema = z.object({ issuer: z.string(), token_endpoint: z.string(), jwks_uri: z.string() });
export type IssuerMetadata = z.infer<typeof metadataSchema>;

/** Keys are checked by jose when a token is verified; here only that there is a list of key objects. */
const jwksSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string() })) });

const INCONSISTENT_METADATA = "The auth server's metadata is inconsistent: run again; if it persists, report it to Kong support.";

/**
 * GET <issuer>/.well-known/openid-configuration. The document must name exactly the same issuer
 * (OIDC Discovery, section 4.3), and its token endpoint and keys must be on the issuer's own origin
 * (scheme, host and port), as Kong Identity serves them: a document that points elsewhere would
 * send the client secret there, and have tokens checked against keys from there. Nothing is sent
 * to an endpoint before both are checked.
 */
export async function discoverIssuer(client: IssuerClient, issuer: string): Promise<IssuerMetadata> {
  const issuerUrl = requireSecureUrl(issuer, 'issuer URL');
  const url = `${trimTrailingSlashes(issuer)}/.well-known/openid-configuration`;
  const doc = await client.getJson(url, 'issuer discovery document', metadataSchema);
  const where = `The discovery document at ${displayUrl(new URL(url))}`;
  if (doc.issuer !== issuer) {
    throw new ActionError(`${where} names another issuer than "${displayUrl(issuerUrl)}" (its issuer field must be exactly the issuer URL).`, {
      hint: `Check that the issuer URL is exactly the one Konnect reports for the auth server (the issuer-url output, without a trailing slash). ${INCONSISTENT_METADATA}`,
    });
  }
  for (const field of ['token_endpoint', 'jwks_uri'] as const) {
    const endpoint = requireSecureUrl(doc[field], `${field} of the discovery document`);
    if (endpoint.origin !== issuerUrl.origin) {
      throw new ActionError(`${where} names a ${field} on another origin than the issuer's (${issuerUrl.origin}); nothing was sent to it.`, {
        hint: `Kong Identity serves the token endpoint and the keys on the issuer's own origin. ${INCONSISTENT_METADATA}`,
      });
    }
  }
  return doc;
}

/** The issuer's public keys, fetched once and verified against locally. */
export async function fetchJwks(client: IssuerClient, jwksUri: string): Promise<JSONWebKeySet> {
  return (await client.getJson(jwksUri, 'JWKS', jwksSchema)) as JSONWebKeySet;
}

// The issuer's signing keys. RSA key generation is slow (tens of milliseconds) and an org may
// hold 50 auth servers, so a key is made on first use and its promise cached on the stored auth
// server, where every later request (and the JWKS) finds it.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import type { AuthServer, SigningKey, StoredAuthServer } from '../store.js';

export type SigningAlgorithm = AuthServer['signing_algorithm'];

async function createSigningKey(alg: SigningAlgorithm): Promise<SigningKey> {
  // The private key stays non-extractable: nothing ever needs to export it.
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = await exportJWK(publicKey);
  // Kong Identity's key ids are UUIDs.
  const kid = randomUUID();
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
}

/**
 * The auth server's current signing key. WebCrypto keys are bound to one algorithm, so when the
 * auth server's `signing_algorithm` has changed since the key was made, a new key replaces it
 * (and the JWKS publishes only the new one: tokens signed before the change stop verifying).
 */
export async function signingKeyOf(stored: StoredAuthServer): Promise<SigningKey> {
  const alg = stored.authServer.signing_algorithm;
  stored.signingKey ??= createSigningKey(alg);
  const current = stored.signingKey;
  const key = await current;
  if (key.publicJwk['alg'] === alg) return key;
  // Only the first caller to notice the change replaces the key; the others wait for its key.
  if (stored.signingKey === current) stored.signingKey = createSigningKey(alg);
  return signingKeyOf(stored);
}

/**
 * Private keys that no JWKS publishes, one per algorithm, for the `bad-signature` token fault:
 * a token signed with one carries a real kid but cannot verify against the issuer's JWKS.
 */
export class UnpublishedKeys {
  private readonly keys = new Map<SigningAlgorithm, Promise<CryptoKey>>();

  get(alg: SigningAlgorithm): Promise<CryptoKey> {
    let key = this.keys.get(alg);
    if (!key) {
      key = generateKeyPair(alg).then((pair) => pair.privateKey);
      this.keys.set(alg, key);
    }
    return key;
  }
}

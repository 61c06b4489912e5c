import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ActionError } from '../../src/errors/errors.js';
import { verifyAccessToken } from '../../src/oauth/verify.js';

const ISSUER = 'https://abc.us.identity.konghq.com/auth';
const AUDIENCE = 'http://myhttpbin.dev';
let sign: (payload: JWTPayload) => Promise<string>;
let jwks: { keys: Record<string, unknown>[] };

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = '0b7d5c1e-3f2a-4c6d-9e8f-1a2b3c4d5e6f';
  jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  sign = (payload) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).setIssuedAt().setExpirationTime('5m').sign(privateKey);
});

describe('verifyAccessToken', () => {
  it('accepts aud as an array (Kong Identity’s tokens) or as a string', async () => {
    for (const aud of [[AUDIENCE], [AUDIENCE, 'other'], AUDIENCE]) {
      const verified = await verifyAccessToken(await sign({ iss: ISSUER, aud, client_id: 'c', sub: 'c' }), {
        jwks,
        issuer: ISSUER,
        audience: AUDIENCE,
        maxLifetimeSeconds: 3600,
      });
      expect(verified.claims.aud, JSON.stringify(aud)).toEqual(aud);
    }
  });

  it('refuses a token whose aud, array or string, lacks the audience', async () => {
    for (const aud of [['other'], 'other']) {
      const token = await sign({ iss: ISSUER, aud });
      await expect(verifyAccessToken(token, { jwks, issuer: ISSUER, audience: AUDIENCE, maxLifetimeSeconds: 3600 })).rejects.toThrow(ActionError);
      await expect(verifyAccessToken(token, { jwks, issuer: ISSUER, audience: AUDIENCE, maxLifetimeSeconds: 3600 })).rejects.toThrow(
        /aud claim does not contain/,
      );
    }
  });

  it('refuses a token whose exp is further ahead than access-token-duration plus 5 minutes, and accepts one within', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const keys = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'RS256' }] };
    const expiring = (seconds: number) =>
      new SignJWT({ iss: ISSUER, aud: AUDIENCE })
        .setProtectedHeader({ alg: 'RS256', kid: 'k' })
        .setIssuedAt()
        .setExpirationTime(`${seconds}s`)
        .sign(privateKey);
    const expectations = { jwks: keys, issuer: ISSUER, audience: AUDIENCE, maxLifetimeSeconds: 600 };
    await expect(verifyAccessToken(await expiring(600 + 280), expectations)).resolves.toBeDefined();
    await expect(verifyAccessToken(await expiring(600 + 320), expectations)).rejects.toThrow(
      /exp is 9\d\d s ahead, more than the client's access-token-duration \(600 s\) plus 300 s/,
    );
    await expect(verifyAccessToken(await expiring(10 * 365 * 86400), expectations)).rejects.toThrow(/it was not exported/);
  });
});

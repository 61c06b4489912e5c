import { hkdfSync } from 'node:crypto';
import { EncryptJWT, errors, jwtDecrypt, type JWTPayload } from 'jose';
import { ActionError } from '../errors/errors.js';

/**
 * Sealing: how an access token crosses from one job to another. The runner drops a job output that
 * contains a masked value (in any encoding it knows), so only ciphertext gets through. A sealed
 * token is a compact JWE made and opened by jose: direct encryption (`dir`) with A256GCM under a
 * key derived from the `seal-key` secret, the token in the `token` claim and its expiry as `exp`
 * (authenticated like the rest; jose refuses it once past).
 */

const ALGORITHMS = { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] };
/** Fixed: the seal-key is already random (seal-key.ts), HKDF only fits it to 32 bytes and to this use. */
const HKDF_SALT = Buffer.from('kong-identity-oidc-action/sealed-token');
const HKDF_INFO = Buffer.from('kong-identity-oidc-action sealed token, JWE dir A256GCM');
/** The `typ` of a sealed token, so that no other JWE under the same key passes for one. */
const SEALED_TYPE = 'kong-identity-oidc-action+sealed-token';

function contentKey(keyMaterial: Buffer): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', keyMaterial, HKDF_SALT, HKDF_INFO, 32));
}

/** Seals `token`, valid until `expiresAt` (rounded down to the second). */
export async function sealToken(token: string, expiresAt: Date, keyMaterial: Buffer): Promise<string> {
  return new EncryptJWT({ token })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', typ: SEALED_TYPE })
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .encrypt(contentKey(keyMaterial));
}

export interface UnsealedToken {
  token: string;
  expiresAt: Date;
}

const UNCHANGED_HINT = 'Pass the job output that carries steps.<id>.outputs.sealed-access-token unchanged, and the same seal-key secret in both jobs.';

/**
 * Opens a sealed token at `now`. Fails with a message that names the input (never echoing it) when
 * the value is malformed or truncated, sealed under another key, altered, or expired.
 */
export async function unsealToken(sealed: string, keyMaterial: Buffer, now: Date = new Date()): Promise<UnsealedToken> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtDecrypt(sealed.trim(), contentKey(keyMaterial), { ...ALGORITHMS, typ: SEALED_TYPE, requiredClaims: ['exp'], currentDate: now }));
  } catch (error) {
    throw unsealFailure(error, now);
  }
  if (typeof payload['token'] !== 'string' || typeof payload.exp !== 'number') {
    // Authentic, so this would be a bug of the sealing side: refuse rather than guess.
    throw new ActionError('"sealed-access-token" unsealed to an unexpected content.', { hint: UNCHANGED_HINT });
  }
  return { token: payload['token'], expiresAt: new Date(payload.exp * 1000) };
}

function unsealFailure(error: unknown, now: Date): ActionError {
  if (error instanceof errors.JWTExpired) {
    const exp = typeof error.payload.exp === 'number' ? new Date(error.payload.exp * 1000) : undefined;
    const ago = exp === undefined ? '' : `, ${Math.floor((now.getTime() - exp.getTime()) / 1000)} s ago`;
    return new ActionError(`The sealed access token expired${exp === undefined ? '' : ` at ${exp.toISOString()}`}${ago}.`, {
      hint: 'Re-run the provisioning job, or mint a fresh token in this job with mode: token (issuer-url, client-id, client-secret); a longer access-token-duration also helps.',
    });
  }
  if (error instanceof errors.JWEDecryptionFailed) {
    return new ActionError(
      '"sealed-access-token" could not be unsealed with this seal-key: the key is not the one it was sealed with, or the value was altered.',
      {
        hint: UNCHANGED_HINT,
      },
    );
  }
  return new ActionError('"sealed-access-token" is not a token sealed by this action (a compact JWE, dir + A256GCM): it is malformed, truncated or altered.', {
    hint: UNCHANGED_HINT,
  });
}

/** The sealed-access-token output, added to `outputs` when a seal key is set and a token was handed out. */
export async function withSealedToken(
  outputs: Record<string, string | undefined>,
  keyMaterial: Buffer | undefined,
): Promise<Record<string, string | undefined>> {
  const token = outputs['access-token'];
  const expiresAt = outputs['token-expires-at'];
  if (keyMaterial === undefined || token === undefined || expiresAt === undefined) return outputs;
  return { ...outputs, 'sealed-access-token': await sealToken(token, new Date(expiresAt), keyMaterial) };
}

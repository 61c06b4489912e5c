import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ActionError } from '../errors.js';

/**
 * Sealing: how an access token crosses from one job to another. The runner drops a job output that
 * contains a masked value (in any encoding it knows), so only ciphertext gets through. A sealed
 * token is AES-256-GCM under a key derived from the `seal-key` secret, with its expiry bound in:
 *
 *   v1.<base64url(iv)>.<base64url(ciphertext || tag)>.<expiry, unix seconds>
 *
 * The expiry is in the clear so that it can be read without the key, and authenticated: it is the
 * associated data (with the version), and it is repeated inside the plaintext.
 */

const SEAL_FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_KEY_BYTES = 32;
/** Fixed per format version: the seal-key is already random, HKDF only separates this use of it. */
const HKDF_SALT = Buffer.from('kong-identity-oidc-action/sealed-token/v1');
const HKDF_INFO = Buffer.from('kong-identity-oidc-action sealed token v1');
/** A random 32-byte key has about 30 distinct byte values; fewer than this means it was not random. */
const MIN_DISTINCT_BYTES = 16;

export const SEAL_KEY_HOWTO =
  'make one with `openssl rand -base64 32` and store it as a repository or organization secret (e.g. SEAL_KEY), then pass seal-key: ${{ secrets.SEAL_KEY }} in both jobs';

/**
 * The seal-key input as key material: 64 or more hex characters, or 43 or more base64/base64url
 * characters, decoding to at least 32 bytes. Returns a problem (naming the input, never echoing
 * the value) instead of the bytes when it is not acceptable.
 */
export function parseSealKey(raw: string): { key: Buffer } | { problem: string } {
  const text = raw.trim();
  let key: Buffer | undefined;
  // Hex digits only means hex: random base64 of 43+ characters is never all hex digits.
  if (/^[0-9a-fA-F]+$/.test(text)) {
    key = text.length % 2 === 0 ? Buffer.from(text, 'hex') : undefined;
  } else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text) && text.replace(/=+$/, '').length >= 43) {
    key = Buffer.from(text, 'base64'); // Node's base64 decoder also reads the url-safe alphabet
  }
  if (key === undefined || key.length < MIN_KEY_BYTES) {
    return {
      problem: `"seal-key" must carry at least ${MIN_KEY_BYTES} random bytes, written as 64 or more hex characters, or 43 or more base64 characters (got ${text.length} characters that are neither): ${SEAL_KEY_HOWTO}`,
    };
  }
  if (new Set(key).size < MIN_DISTINCT_BYTES) {
    return { problem: `"seal-key" does not look random (too few distinct bytes): ${SEAL_KEY_HOWTO}` };
  }
  return { key };
}

function deriveKey(keyMaterial: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', keyMaterial, HKDF_SALT, HKDF_INFO, 32));
}

function associatedData(expiry: number): Buffer {
  return Buffer.from(`${SEAL_FORMAT}.${expiry}`);
}

/** Seals `token`, valid until `expiresAt` (rounded down to the second). */
export function sealToken(token: string, expiresAt: Date, keyMaterial: Buffer): string {
  const expiry = Math.floor(expiresAt.getTime() / 1000);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(keyMaterial), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(expiry));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify({ token, exp: expiry }), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [SEAL_FORMAT, iv.toString('base64url'), ciphertext.toString('base64url'), String(expiry)].join('.');
}

export interface UnsealedToken {
  token: string;
  expiresAt: Date;
}

const UNCHANGED_HINT =
  'Pass the job output that carries steps.<id>.outputs.sealed-access-token unchanged, and the same seal-key secret in both jobs.';

/**
 * Opens a sealed token. Fails with a message that names the input (never echoing it) when the
 * value is malformed, sealed under another key, or altered. The expiry is not checked here.
 */
export function unsealToken(sealed: string, keyMaterial: Buffer): UnsealedToken {
  const parts = sealed.trim().split('.');
  const [version, ivText, ciphertextText, expiryText] = parts;
  if (version !== SEAL_FORMAT && parts.length === 4 && /^v\d+$/.test(version ?? '')) {
    throw new ActionError(`"sealed-access-token" was sealed in format ${version}, which this version of the action cannot read.`, {
      hint: 'Use the same version of the action in the job that seals and in the job that unseals.',
    });
  }
  const iv = Buffer.from(ivText ?? '', 'base64url');
  const ciphertext = Buffer.from(ciphertextText ?? '', 'base64url');
  const wellFormed =
    parts.length === 4 &&
    version === SEAL_FORMAT &&
    iv.length === IV_BYTES &&
    ciphertext.length > TAG_BYTES &&
    /^[A-Za-z0-9_-]+$/.test(`${ivText}${ciphertextText}`) &&
    /^\d{1,12}$/.test(expiryText ?? '');
  if (!wellFormed) {
    throw new ActionError(`"sealed-access-token" is not a token sealed by this action (expected ${SEAL_FORMAT}.<iv>.<ciphertext>.<expiry>).`, {
      hint: UNCHANGED_HINT,
    });
  }
  const expiry = Number(expiryText);
  let plaintext: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(keyMaterial), iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(expiry));
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
    plaintext = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new ActionError('"sealed-access-token" could not be unsealed with this seal-key: the key is not the one it was sealed with, or the value was altered.', {
      hint: UNCHANGED_HINT,
    });
  }
  const inner = JSON.parse(plaintext) as { token?: unknown; exp?: unknown };
  // Authentic, so a mismatch would be a bug of the sealing side: refuse rather than guess.
  if (typeof inner.token !== 'string' || inner.exp !== expiry) {
    throw new ActionError('"sealed-access-token" unsealed to an unexpected content.', { hint: UNCHANGED_HINT });
  }
  return { token: inner.token, expiresAt: new Date(expiry * 1000) };
}

/** The sealed-access-token output, added to `outputs` when a seal key is set and a token was handed out. */
export function withSealedToken(outputs: Record<string, string | undefined>, keyMaterial: Buffer | undefined): Record<string, string | undefined> {
  const token = outputs['access-token'];
  const expiresAt = outputs['token-expires-at'];
  if (keyMaterial === undefined || token === undefined || expiresAt === undefined) return outputs;
  return { ...outputs, 'sealed-access-token': sealToken(token, new Date(expiresAt), keyMaterial) };
}

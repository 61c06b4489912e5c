/**
 * The seal-key input (modes/seal.ts): key material, never a passphrase. Kept apart from seal.ts so
 * that input validation does not load jose.
 */

const MIN_KEY_BYTES = 32;
/** A random 32-byte key has about 30 distinct byte values (and byte-to-byte steps); fewer than this means it was not random. */
const MIN_DISTINCT = 16;

export const SEAL_KEY_HOWTO =
  'make one with `openssl rand -base64 32` and store it as a repository or organization secret (e.g. SEAL_KEY), then pass seal-key: ${{ secrets.SEAL_KEY }} in both jobs';

/**
 * The seal-key input as key material: hex, base64 or base64url decoding to at least 32 bytes that
 * look random. Returns a problem (naming the input, never echoing the value) instead of the bytes
 * when it is not acceptable: too short, a passphrase (bytes that are all printable text, or an
 * encoding that uses one letter case only), or a pattern (few distinct bytes, or few distinct steps
 * between neighbours, as in 00 01 02 … 1f).
 */
export function parseSealKey(raw: string): { key: Buffer } | { problem: string } {
  const text = raw.trim();
  const key = decode(text);
  if (key === undefined || key.length < MIN_KEY_BYTES) {
    return {
      problem: `"seal-key" must carry at least ${MIN_KEY_BYTES} random bytes, written as 64 or more hex characters, or 43 or more base64 characters (got ${text.length} characters that are neither): ${SEAL_KEY_HOWTO}`,
    };
  }
  if (key.every((byte) => byte >= 0x20 && byte < 0x7f)) {
    return { problem: `"seal-key" decodes to printable text, which is a passphrase rather than random bytes: ${SEAL_KEY_HOWTO}` };
  }
  const isHex = /^[0-9a-fA-F]+$/.test(text);
  // Random base64 of 43+ characters has both letter cases (the odds against are below 1 in 10^9).
  const oneCase = !isHex && !(/[a-z]/.test(text) && /[A-Z]/.test(text));
  const steps = new Set(key.subarray(1).map((byte, index) => (byte - (key[index] ?? 0)) & 0xff));
  if (oneCase || new Set(key).size < MIN_DISTINCT || steps.size < MIN_DISTINCT) {
    return { problem: `"seal-key" does not look random (a pattern, or too few distinct bytes): ${SEAL_KEY_HOWTO}` };
  }
  return { key };
}

/** Hex digits only means hex (random base64 of 43+ characters is never all hex digits); else base64 or base64url, not mixed. */
function decode(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]+$/.test(text)) return text.length % 2 === 0 ? Buffer.from(text, 'hex') : undefined;
  const base64 = /^[A-Za-z0-9+/]+={0,2}$/.test(text) || /^[A-Za-z0-9_-]+={0,2}$/.test(text);
  if (!base64 || text.replace(/=+$/, '').length < 43) return undefined;
  return Buffer.from(text, 'base64'); // Node's base64 decoder also reads the url-safe alphabet
}

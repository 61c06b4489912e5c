import { randomBytes } from 'node:crypto';
import { compactDecrypt, CompactEncrypt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { parseSealKey } from '../../src/seal/key.js';
import { sealToken, unsealToken, withSealedToken } from '../../src/seal/seal.js';

const key = randomBytes(32);
const expiresAt = new Date('2030-01-02T03:04:05.000Z');
const before = new Date('2030-01-01T00:00:00.000Z');

describe('parseSealKey', () => {
  it.each([
    ['64 hex characters', randomBytes(32).toString('hex')],
    ['base64 with padding', randomBytes(32).toString('base64')],
    ['base64url without padding', randomBytes(32).toString('base64url')],
    ['a longer base64 key', randomBytes(48).toString('base64')],
  ])('accepts %s', (_, raw) => {
    const parsed = parseSealKey(raw);
    expect('key' in parsed && parsed.key.length).toBeGreaterThanOrEqual(32);
  });

  it('reads hex as hex, not as base64', () => {
    const bytes = randomBytes(32);
    expect(parseSealKey(bytes.toString('hex'))).toEqual({ key: bytes });
  });

  const counting = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
  it.each([
    ['empty', ''],
    ['a passphrase', 'correct horse battery staple'],
    ['31 bytes of base64', randomBytes(31).toString('base64')],
    ['62 hex characters', randomBytes(31).toString('hex')],
    ['base64 with foreign characters', `${randomBytes(32).toString('base64')}!`],
    ['base64 mixing both alphabets', `${randomBytes(32).toString('base64url').slice(0, 40)}+/-_`],
    ['a repeated pattern', '0123456789abcdef'.repeat(4)],
    ['all the same character', 'A'.repeat(44)],
    ['43 lowercase letters', 'thisismysecretsealkeythatisquitelongyesyesy'],
    ['a passphrase written in hex', Buffer.from('correct horse battery staple, stapled twice').toString('hex')],
    ['a passphrase written in base64', Buffer.from('correct horse battery staple, stapled twice').toString('base64')],
    ['the bytes 00 to 1f, in hex', counting.toString('hex')],
    ['the bytes 00 to 1f, in base64', counting.toString('base64')],
  ])('refuses %s, naming seal-key and how to make one, without echoing it', (_, raw) => {
    const parsed = parseSealKey(raw);
    expect('problem' in parsed).toBe(true);
    const problem = 'problem' in parsed ? parsed.problem : '';
    expect(problem).toMatch(/^"seal-key" /);
    expect(problem).toContain('openssl rand -base64 32');
    if (raw.length > 3) expect(problem).not.toContain(raw);
  });
});

describe('sealToken and unsealToken', () => {
  it('is a compact JWE, dir + A256GCM, with a fresh IV each time, that round-trips the token and its expiry', async () => {
    const first = await sealToken('the-token', expiresAt, key);
    const second = await sealToken('the-token', expiresAt, key);
    expect(first).not.toBe(second);
    expect(first.split('.')).toHaveLength(5);
    expect(first.split('.')[1]).toBe(''); // dir: no encrypted key
    expect(decodeProtectedHeader(first)).toMatchObject({ alg: 'dir', enc: 'A256GCM' });
    expect(first).not.toContain('the-token');
    await expect(unsealToken(first, key, before)).resolves.toEqual({ token: 'the-token', expiresAt });
  });

  it('refuses another key', async () => {
    await expect(unsealToken(await sealToken('t', expiresAt, key), randomBytes(32), before)).rejects.toThrow(/could not be unsealed with this seal-key/);
  });

  it('refuses any altered part: header, IV, ciphertext, tag', async () => {
    const sealed = await sealToken('the-token', expiresAt, key);
    const parts = sealed.split('.');
    const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    for (const index of [0, 2, 3, 4]) {
      const altered = parts.map((part, i) => (i === index ? flip(part, Math.min(5, part.length - 2)) : part)).join('.');
      await expect(unsealToken(altered, key, before), `part ${index}`).rejects.toThrow(/sealed-access-token/);
    }
    // The ciphertext and tag are authenticated: altering them is a decryption failure.
    const ciphertext = parts.map((part, i) => (i === 3 ? flip(part, 2) : part)).join('.');
    await expect(unsealToken(ciphertext, key, before)).rejects.toThrow(/not the one it was sealed with, or the value was altered/);
  });

  it('refuses a truncated value, a JWS and an empty value as not sealed by this action', async () => {
    const sealed = await sealToken('the-token', expiresAt, key);
    for (const value of [sealed.slice(0, sealed.length - 10), sealed.split('.').slice(0, 4).join('.'), 'eyJhbGciOi.payload.signature', '']) {
      await expect(unsealToken(value, key, before), value.slice(0, 20)).rejects.toThrow(
        /sealed-access-token" (is not a token sealed by this action|could not be unsealed)/,
      );
    }
  });

  it('refuses an expired token, saying when it expired', async () => {
    const sealed = await sealToken('the-token', expiresAt, key);
    await expect(unsealToken(sealed, key, new Date(expiresAt.getTime() + 5000))).rejects.toThrow(/expired at 2030-01-02T03:04:05.000Z, 5 s ago/);
  });

  it('refuses a JWE under the same key that is not a sealed token (no typ, no exp)', async () => {
    const derived = await sealToken('x', expiresAt, key);
    // Another JWE made with the same content key would need it; a JWE with a raw key must fail to decrypt.
    const foreign = await new CompactEncrypt(new TextEncoder().encode('{"token":"t"}'))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(new Uint8Array(key));
    await expect(unsealToken(foreign, key, before)).rejects.toThrow(/sealed-access-token/);
    await expect(compactDecrypt(derived, new Uint8Array(key))).rejects.toThrow(); // the seal-key is not used raw
  });
});

describe('withSealedToken', () => {
  it('adds sealed-access-token only with a key and a token', async () => {
    const outputs = { 'access-token': 'tok', 'token-expires-at': expiresAt.toISOString() };
    await expect(withSealedToken(outputs, undefined)).resolves.toEqual(outputs);
    await expect(withSealedToken({ 'check-status': 'failed' }, key)).resolves.toEqual({ 'check-status': 'failed' });
    const sealed = (await withSealedToken(outputs, key))['sealed-access-token'] ?? '';
    await expect(unsealToken(sealed, key, before)).resolves.toEqual({ token: 'tok', expiresAt });
  });
});

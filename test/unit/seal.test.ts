import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSealKey, sealToken, unsealToken, withSealedToken } from '../../src/modes/seal.js';

const key = randomBytes(32);
const expiresAt = new Date('2030-01-02T03:04:05.000Z');

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

  it.each([
    ['empty', ''],
    ['a passphrase', 'correct horse battery staple'],
    ['31 bytes of base64', randomBytes(31).toString('base64')],
    ['62 hex characters', randomBytes(31).toString('hex')],
    ['base64 with foreign characters', `${randomBytes(32).toString('base64')}!`],
    ['a repeated pattern', '0123456789abcdef'.repeat(4)],
    ['all the same character', 'A'.repeat(44)],
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
  it('round-trips the token and its expiry, with a fresh IV each time', () => {
    const first = sealToken('the-token', expiresAt, key);
    const second = sealToken('the-token', expiresAt, key);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.1893553445$/);
    expect(first).not.toContain('the-token');
    expect(unsealToken(first, key)).toEqual({ token: 'the-token', expiresAt });
  });

  it('refuses another key', () => {
    expect(() => unsealToken(sealToken('t', expiresAt, key), randomBytes(32))).toThrow(/could not be unsealed with this seal-key/);
  });

  it('refuses any altered part: IV, ciphertext, tag, expiry', () => {
    const sealed = sealToken('the-token', expiresAt, key);
    const [version, iv = '', ciphertext = '', expiry = ''] = sealed.split('.');
    const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    const altered = [
      [version, flip(iv, 3), ciphertext, expiry],
      [version, iv, flip(ciphertext, 2), expiry],
      [version, iv, flip(ciphertext, ciphertext.length - 3), expiry], // in the tag
      [version, iv, ciphertext, String(Number(expiry) + 1)],
    ].map((parts) => parts.join('.'));
    for (const value of altered) expect(() => unsealToken(value, key)).toThrow(/not the one it was sealed with, or the value was altered/);
  });

  it('tells a malformed value, and a newer format, from a wrong key', () => {
    expect(() => unsealToken('eyJhbGciOi.payload.signature', key)).toThrow(/is not a token sealed by this action/);
    expect(() => unsealToken('', key)).toThrow(/is not a token sealed by this action/);
    expect(() => unsealToken('v2.a.b.1', key)).toThrow(/sealed in format v2/);
  });
});

describe('withSealedToken', () => {
  it('adds sealed-access-token only with a key and a token', () => {
    const outputs = { 'access-token': 'tok', 'token-expires-at': expiresAt.toISOString() };
    expect(withSealedToken(outputs, undefined)).toEqual(outputs);
    expect(withSealedToken({ 'check-status': 'failed' }, key)).toEqual({ 'check-status': 'failed' });
    const sealed = withSealedToken(outputs, key)['sealed-access-token'] ?? '';
    expect(unsealToken(sealed, key)).toEqual({ token: 'tok', expiresAt });
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, isTransientNetworkError, parseRetryAfter, retryDelayMs, wasNeverSent } from '../../src/http/retry.js';
import { Semaphore } from '../../src/http/semaphore.js';
import { insecureTransportReason, isLoopbackHost } from '../../src/http/url.js';
import { formatQuery } from '../../src/konnect/client.js';

describe('retry policy', () => {
  it('retries throttling and gateway errors only', () => {
    expect([429, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 500].some(isRetryableStatus)).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('honours Retry-After, capped, plus up to a second of jitter so that runs throttled together spread out', () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, 2000, () => 0)).toBe(2000);
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, 2000, () => 0.999)).toBe(2999);
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, 3_600_000, () => 0)).toBe(DEFAULT_RETRY_POLICY.retryAfterCapMs);
  });

  it('backs off exponentially with jitter between half and all of the step, capped', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 500, maxDelayMs: 8000 };
    expect(retryDelayMs(1, policy, undefined, () => 0)).toBe(250);
    expect(retryDelayMs(1, policy, undefined, () => 1)).toBe(500);
    expect(retryDelayMs(3, policy, undefined, () => 1)).toBe(2000);
    expect(retryDelayMs(10, policy, undefined, () => 1)).toBe(8000);
  });

  it('recognises transient network failures, also wrapped as a cause', () => {
    expect(isTransientNetworkError({ code: 'ECONNRESET' })).toBe(true);
    expect(isTransientNetworkError(new Error('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } }))).toBe(true);
    expect(isTransientNetworkError({ code: 'ERR_INVALID_URL' })).toBe(false);
    expect(isTransientNetworkError(new Error('plain'))).toBe(false);
  });

  it('knows which failures happen before a request is sent', () => {
    expect(wasNeverSent({ code: 'ECONNREFUSED' })).toBe(true);
    expect(wasNeverSent({ code: 'ECONNRESET' })).toBe(false);
  });
});

describe('Semaphore', () => {
  it('never lets more than its limit run at once, and runs everything', async () => {
    const gate = new Semaphore(4);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        gate.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
          return i;
        }),
      ),
    );
    expect(peak).toBe(4);
    expect(results).toEqual([...Array(12).keys()]);
  });

  it('frees the slot when the work fails', async () => {
    const gate = new Semaphore(1);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });
});

describe('loopback and transport rules', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.255.0.9', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['128.0.0.1', '127.0.0.256', 'localhost.example.com', '10.0.0.1', '[::2]', '127.0.0.1.nip.io'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('allows https anywhere and http to loopback only', () => {
    expect(insecureTransportReason(new URL('https://eu.api.konghq.com'))).toBeUndefined();
    expect(insecureTransportReason(new URL('http://127.0.0.1:8080'))).toBeUndefined();
    expect(insecureTransportReason(new URL('http://konnect.example.com'))).toMatch(/loopback/);
  });
});

describe('formatQuery', () => {
  it('keeps deepObject keys readable and encodes values', () => {
    expect(formatQuery({ 'filter[name][eq]': 'Appointments Dev&x', 'page[size]': 100, offset: undefined })).toBe(
      '?filter[name][eq]=Appointments%20Dev%26x&page[size]=100',
    );
    expect(formatQuery({})).toBe('');
  });
});

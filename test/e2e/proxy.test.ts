// HTTPS_PROXY, HTTP_PROXY and NO_PROXY, through a local proxy that records what it carries.
// undici's EnvHttpProxyAgent proxies loopback like any host (NO_PROXY alone exempts hosts), sends a
// plain-http request to HTTP_PROXY as an absolute-form request (no tunnel), and an https one to
// HTTPS_PROXY through a CONNECT tunnel. The emulator is plain http on 127.0.0.1, so the full run
// goes through HTTP_PROXY; the CONNECT path is shown with an https api-url.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { startLocalProxy, type LocalProxy } from '../harness/local-proxy.js';
import { runAction } from '../harness/run-action.js';
import { failureMessage, oneOfEachInputs } from './resilience-kit.js';

let emulator: Emulator;
let proxy: LocalProxy;

beforeEach(async () => {
  [emulator, proxy] = await Promise.all([startEmulator({ propagationMs: 0 }), startLocalProxy()]);
});
afterEach(async () => {
  await Promise.all([emulator?.stop(), proxy?.stop()]);
});

const originOf = (line: string) => new URL(line.split(' ')[1] ?? '').origin;

describe('HTTP_PROXY', () => {
  it('carries every request of a run, to Konnect, the issuer and the gateway, when NO_PROXY does not name the host', async () => {
    const run = await runAction(oneOfEachInputs(emulator), { env: { HTTP_PROXY: proxy.url, NO_PROXY: 'example.invalid' }, timeoutMs: 60_000 });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs['check-status']).toBe('passed');

    const issuerOrigin = new URL(run.outputs['issuer-url'] ?? '').origin;
    expect(new Set(proxy.forwarded.map(originOf))).toEqual(new Set([emulator.apiUrl, issuerOrigin, emulator.proxyUrl]));
    expect(proxy.forwarded).toContainEqual(expect.stringMatching(/^POST http:\/\/127\.0\.0\.1:\d+\/\w+\/auth\/oauth\/token$/));
    // Konnect is only ever reached through the proxy: the emulator saw no API request it did not carry.
    const apiRequests = emulator.requests().filter((entry) => /^\/v[12]\//.test(entry.path));
    expect(proxy.forwarded.filter((line) => originOf(line) === emulator.apiUrl)).toHaveLength(apiRequests.length);
    expect(proxy.tunnels).toEqual([]);
  });

  it('is bypassed for the hosts NO_PROXY names', async () => {
    const run = await runAction(oneOfEachInputs(emulator), { env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }, timeoutMs: 60_000 });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(emulator.requests().length).toBeGreaterThan(0);
    expect(proxy.forwarded).toEqual([]);
  });

  it('is bypassed per port: NO_PROXY=127.0.0.1:<api port> sends only Konnect direct', async () => {
    const apiPort = new URL(emulator.apiUrl).port;
    const run = await runAction(oneOfEachInputs(emulator), { env: { HTTP_PROXY: proxy.url, NO_PROXY: `127.0.0.1:${apiPort}` }, timeoutMs: 60_000 });
    expect(run.exitCode, run.stdout).toBe(0);
    const origins = new Set(proxy.forwarded.map(originOf));
    expect(origins.has(emulator.apiUrl)).toBe(false);
    expect(origins.has(emulator.proxyUrl)).toBe(true);
  });
});

describe('HTTPS_PROXY', () => {
  it('tunnels https requests with CONNECT: the proxy sees the host, never the request or its token', async () => {
    // An https api-url on loopback; the tunnel reaches the emulator's plain-http port, so TLS fails
    // after the tunnel is made, before any request (and its token) is written.
    const apiPort = new URL(emulator.apiUrl).port;
    const run = await runAction(oneOfEachInputs(emulator, { 'api-url': `https://127.0.0.1:${apiPort}`, 'retry-max-attempts': '1' }), {
      env: { HTTPS_PROXY: proxy.url, NO_PROXY: 'example.invalid' },
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(1);
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([`127.0.0.1:${apiPort}`]));
    expect(proxy.forwarded).toEqual([]);
    expect(failureMessage(run)).toMatch(/GET \/v[12]\/\S+ failed: TLS failed/);
  });

  it('is not used for the hosts NO_PROXY names', async () => {
    const apiPort = new URL(emulator.apiUrl).port;
    const run = await runAction(oneOfEachInputs(emulator, { 'api-url': `https://127.0.0.1:${apiPort}`, 'retry-max-attempts': '1' }), {
      env: { HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(1);
    expect(proxy.tunnels).toEqual([]);
  });
});

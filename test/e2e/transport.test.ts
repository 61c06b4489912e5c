// Where credentials may travel. The Konnect API URL and the issuer must be https unless they are
// this machine (api-url's rule is in bad-input.test.ts), and no credential follows a redirect: the
// action never follows one, so a token can only reach the origin it was meant for.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { isMutation } from '../harness/request-log.js';
import { runAction } from '../harness/run-action.js';
import { failureMessage, oneOfEachInputs } from './resilience-kit.js';

interface Recorder {
  url: string;
  requests: Array<{ method: string; path: string; headers: IncomingHttpHeaders }>;
  server: Server;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
}

/** A loopback server that records each request and answers with `reply`. */
async function startRecorder(reply: (path: string, origin: string) => Reply): Promise<Recorder> {
  const requests: Recorder['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    const { status, headers = {}, json } = reply(req.url ?? '/', `http://${req.headers.host}`);
    const body = json === undefined ? undefined : JSON.stringify(json);
    res.writeHead(status, { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function stopLater(recorder: Recorder): Recorder {
  cleanups.push(() => new Promise((resolve) => recorder.server.close(() => resolve())));
  return recorder;
}

async function emulatorForTest(): Promise<Emulator> {
  const emulator = await startEmulator({ propagationMs: 0 });
  cleanups.push(() => emulator.stop());
  return emulator;
}

describe('the Konnect token', () => {
  it('is sent to the api-url origin only, never along its redirect', async () => {
    const emulator = await emulatorForTest();
    const elsewhere = stopLater(await startRecorder(() => ({ status: 200 })));
    const redirecting = stopLater(await startRecorder((path) => ({ status: 307, headers: { location: `${elsewhere.url}${path}` } })));

    const run = await runAction(oneOfEachInputs(emulator, { 'api-url': redirecting.url }), { timeoutMs: 30_000 });

    expect(run.exitCode).toBe(1);
    expect(redirecting.requests.length).toBeGreaterThan(0);
    expect(redirecting.requests[0]?.headers.authorization).toBe(`Bearer ${emulator.konnectToken}`);
    expect(elsewhere.requests).toEqual([]);
    const message = failureMessage(run);
    expect(message).toMatch(/GET \/v[12]\/\S+ returned HTTP 307: redirect to http:\/\/127\.0\.0\.1:\d+\/\S+ not followed/);
    expect(message).toMatch(/never follows a redirect with konnect-token: set api-url to the API base URL itself/);
  });
});

describe('the issuer', () => {
  it('is refused over plain http to another host, before the client secret is sent', async () => {
    const emulator = await emulatorForTest();
    // An auth server whose issuer Konnect reports as plain http on a remote host.
    const stored = emulator.store.newAuthServer({ name: 'Appointments Dev', audience: 'http://myhttpbin.dev' });
    stored.authServer.issuer = `http://issuer.example.test/${stored.issuerSlug}/auth`;
    emulator.store.addAuthServer(stored);

    const run = await runAction(oneOfEachInputs(emulator, { 'proxy-url': '' }), { timeoutMs: 30_000 });

    expect(run.exitCode).toBe(1);
    const message = failureMessage(run);
    expect(message).toContain(`issuer URL "http://issuer.example.test/${stored.issuerSlug}/auth" must use https`);
    expect(message).toMatch(/plain http is only allowed to loopback hosts .* not issuer\.example\.test\. Nothing was sent to it\./);
    // No token request anywhere, and nothing changed: the refusal came right after the lookups.
    const log = emulator.requests();
    expect(log.filter((entry) => entry.path.endsWith('/oauth/token'))).toEqual([]);
    expect(log.filter(isMutation)).toEqual([]);
    expect(run.outputs['access-token']).toBeUndefined();
  });

  it('may not name a token endpoint over plain http to another host: the client secret is never sent', async () => {
    const emulator = await emulatorForTest();
    const issuer = stopLater(
      await startRecorder((path, origin) => {
        const base = `${origin}/insecure/auth`;
        const tokenEndpoint = 'http://tokens.example.test/insecure/auth/oauth/token';
        if (path.endsWith('/.well-known/openid-configuration')) {
          return { status: 200, json: { issuer: base, token_endpoint: tokenEndpoint, jwks_uri: `${base}/.well-known/jwks` } };
        }
        return path.endsWith('/.well-known/jwks') ? { status: 200, json: { keys: [] } } : { status: 404 };
      }),
    );
    const stored = emulator.store.newAuthServer({ name: 'Appointments Dev', audience: 'http://myhttpbin.dev' });
    stored.authServer.issuer = `${issuer.url}/insecure/auth`;
    emulator.store.addAuthServer(stored);

    const run = await runAction(oneOfEachInputs(emulator, { 'proxy-url': '' }), { timeoutMs: 30_000 });

    expect(run.exitCode).toBe(1);
    expect(issuer.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    expect(failureMessage(run)).toContain(
      'token_endpoint of the discovery document "http://tokens.example.test/insecure/auth/oauth/token" must use https: plain http is only allowed to loopback hosts',
    );
  });

  it('never gets the client secret along a redirect of its token endpoint', async () => {
    const emulator = await emulatorForTest();
    const elsewhere = stopLater(await startRecorder(() => ({ status: 200 })));
    // An issuer that serves its metadata, and answers the token request with a redirect.
    const issuer = stopLater(
      await startRecorder((path, origin) => {
        const base = `${origin}/redirecting/auth`;
        if (path.endsWith('/.well-known/openid-configuration')) {
          return { status: 200, json: { issuer: base, token_endpoint: `${base}/oauth/token`, jwks_uri: `${base}/.well-known/jwks` } };
        }
        if (path.endsWith('/.well-known/jwks')) return { status: 200, json: { keys: [] } };
        return { status: 307, headers: { location: `${elsewhere.url}${path}` } };
      }),
    );
    const stored = emulator.store.newAuthServer({ name: 'Appointments Dev', audience: 'http://myhttpbin.dev' });
    stored.authServer.issuer = `${issuer.url}/redirecting/auth`;
    emulator.store.addAuthServer(stored);

    const run = await runAction(oneOfEachInputs(emulator, { 'proxy-url': '' }), { timeoutMs: 30_000 });

    expect(run.exitCode).toBe(1);
    expect(issuer.requests.map((request) => request.method)).toContain('POST');
    expect(elsewhere.requests).toEqual([]);
    const message = failureMessage(run);
    expect(message).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/redirecting\/auth\/oauth\/token \(the token endpoint\) returned HTTP 307/);
    expect(message).toMatch(/never follows redirects from the issuer/);
  });

  it('is accepted over plain http on loopback, as the emulator serves it', async () => {
    const emulator = await emulatorForTest();
    const run = await runAction(oneOfEachInputs(emulator), { timeoutMs: 60_000 });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs['issuer-url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });
});

// What a hostile or broken peer cannot make the action do: send the client secret to an endpoint off
// the issuer's origin, draw requests (each with the Konnect token) from a list that never ends, run
// out of memory on a huge body or on pages of huge plugins, or crash further in on an answer of the
// wrong shape. Each peer is a loopback stand-in (test/harness/hostile.ts) in front of the emulator,
// so that without the defence the run would go on, and succeed.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { StoredAuthServer } from '../emulator/store.js';
import { startHostileServer, type HostileServer, type HostileServerOptions } from '../harness/hostile.js';
import { HOW_TO } from '../harness/how-to.js';
import { runAction, type ActionRun, type RunOptions } from '../harness/run-action.js';
import { expectOneOfEach, failureMessage, oneOfEachInputs } from './resilience-kit.js';

/** The bounds the action promises (src/konnect/pages.ts, src/http/transport.ts). */
const MAX_PAGES = 10;
const MAX_ITEMS = 5_000;
const MEMORY_BOUND_MB = 300;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function emulatorForTest(): Promise<Emulator> {
  const emulator = await startEmulator({ propagationMs: 0 });
  cleanups.push(() => emulator.stop());
  return emulator;
}

async function hostile(options: HostileServerOptions): Promise<HostileServer> {
  const server = await startHostileServer(options);
  cleanups.push(() => server.close());
  return server;
}

/** Konnect as the emulator answers it, but through `options` (api-url points at the stand-in). */
async function konnectThrough(emulator: Emulator, options: Omit<HostileServerOptions, 'upstream'>): Promise<HostileServer> {
  return hostile({ ...options, upstream: emulator.apiUrl });
}

/** The run, with the child's peak resident memory in MB (reported by a preload at exit). */
async function runMeasured(inputs: Record<string, string>, options: RunOptions = {}): Promise<ActionRun & { maxRssMb: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'kio-rss-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const preload = join(dir, 'report-rss.mjs');
  const report = join(dir, 'max-rss');
  await writeFile(
    preload,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(report)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const run = await runAction(inputs, { ...options, env: { ...options.env, NODE_OPTIONS: `--import ${preload}` } });
  const maxRssKb = Number(await readFile(report, 'utf8'));
  return { ...run, maxRssMb: maxRssKb / 1024 };
}

const PLUGINS_PATH = /^\/v2\/control-planes\/[^/]+\/core-entities\/plugins\?/;

describe('discovery on the issuer origin', () => {
  /**
   * An auth server whose issuer is a stand-in in front of the emulator's issuer: the documents are
   * the emulator's, with `rewrite` applied to the discovery document. `elsewhere` is a second
   * loopback server (another port, so another origin) that forwards to the emulator's issuer too:
   * a secret sent there would mint a token that verifies, and the run would pass.
   */
  async function issuerBehind(emulator: Emulator, rewrite: (doc: Record<string, unknown>, elsewhere: string) => Record<string, unknown>) {
    const elsewhere = await hostile({ upstream: emulator.issuerOrigin });
    const front = await hostile({
      upstream: emulator.issuerOrigin,
      rewriteJson: (req, body) => (req.path.endsWith('/.well-known/openid-configuration') ? rewrite(body as Record<string, unknown>, elsewhere.url) : body),
    });
    const stored: StoredAuthServer = emulator.store.newAuthServer({ name: HOW_TO.authServerName, audience: HOW_TO.audience });
    const issuer = `${front.url}/${stored.issuerSlug}/auth`;
    stored.authServer.issuer = issuer;
    stored.authServer.metadata_uri = `${issuer}/.well-known/openid-configuration`;
    stored.authServer.jwks_uri = `${issuer}/.well-known/jwks`;
    emulator.store.addAuthServer(stored);
    return { issuer, front, elsewhere };
  }

  const moveOrigin = (url: unknown, origin: string) => `${origin}${new URL(String(url)).pathname}`;

  // A foreign token endpoint would get the client secret; foreign keys would make a forged token pass.
  it.each(['token_endpoint', 'jwks_uri'])('sends nothing to a %s on another origin, and names the field', async (field) => {
    const emulator = await emulatorForTest();
    const { front, elsewhere } = await issuerBehind(emulator, (doc, other) => ({ ...doc, [field]: moveOrigin(doc[field], other) }));

    const run = await runAction(oneOfEachInputs(emulator, { 'proxy-url': '' }), { timeoutMs: 60_000 });

    expect(run.exitCode).toBe(1);
    expect(elsewhere.requests).toEqual([]);
    expect(front.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    expect(failureMessage(run)).toMatch(
      new RegExp(
        `Could not discover the issuer: The discovery document at http://127\\.0\\.0\\.1:\\d+/\\w+/auth/\\.well-known/openid-configuration names a ${field} on another origin than the issuer's \\(http://127\\.0\\.0\\.1:\\d+\\); nothing was sent to it\\.`,
      ),
    );
    expect(run.outputs['access-token']).toBeUndefined();
  });

  it('refuses a document that names another issuer, even one differing by a trailing slash', async () => {
    const emulator = await emulatorForTest();
    const { front } = await issuerBehind(emulator, (doc) => ({ ...doc, issuer: `${String(doc['issuer'])}/` }));

    const run = await runAction(oneOfEachInputs(emulator, { 'proxy-url': '' }), { timeoutMs: 60_000 });

    expect(run.exitCode).toBe(1);
    expect(front.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    expect(failureMessage(run)).toMatch(/names another issuer than "http:\/\/127\.0\.0\.1:\d+\/\w+\/auth" \(its issuer field must be exactly the issuer URL\)/);
  });

  it('holds in mode token too: the client secret goes nowhere off the issuer origin', async () => {
    const emulator = await emulatorForTest();
    const { issuer, front, elsewhere } = await issuerBehind(emulator, (doc, other) => ({
      ...doc,
      token_endpoint: moveOrigin(doc['token_endpoint'], other),
    }));

    const run = await runAction(
      { mode: 'token', 'issuer-url': issuer, 'client-id': 'a-client-id', 'client-secret': 'a-client-secret-kept-in-secrets' },
      { timeoutMs: 30_000 },
    );

    expect(run.exitCode).toBe(1);
    expect(elsewhere.requests).toEqual([]);
    expect(front.requests.map((request) => request.method)).toEqual(['GET']);
    expect(failureMessage(run)).toMatch(/names a token_endpoint on another origin than the issuer's/);
  });

  it("is how the emulator serves every issuer: token endpoint and keys on the issuer's origin", async () => {
    const emulator = await emulatorForTest();
    const run = await runAction(oneOfEachInputs(emulator, { 'proxy-url': '' }), { timeoutMs: 60_000 });
    expect(run.exitCode, run.stdout).toBe(0);
    const issuer = run.outputs['issuer-url'] ?? '';
    const doc = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(doc['issuer']).toBe(issuer);
    for (const field of ['token_endpoint', 'jwks_uri']) expect(new URL(doc[field] ?? '').origin).toBe(new URL(issuer).origin);
  });
});

describe('lists that never end', () => {
  it('stop at a repeated offset, after two requests', async () => {
    const emulator = await emulatorForTest();
    const konnect = await konnectThrough(emulator, {
      handle: (req) => (PLUGINS_PATH.test(req.path) ? { status: 200, body: JSON.stringify({ data: [], next: null, offset: 'same-offset' }) } : undefined),
    });

    const run = await runAction(oneOfEachInputs(emulator, { 'api-url': konnect.url, 'proxy-url': '' }), { timeoutMs: 60_000 });

    expect(run.exitCode).toBe(1);
    expect(konnect.requests.filter((request) => PLUGINS_PATH.test(request.path))).toHaveLength(2);
    const message = failureMessage(run);
    expect(message).toMatch(
      /list the openid-connect plugins: GET \/v2\/control-planes\/[\w-]+\/core-entities\/plugins\?filter\[name\]\[eq\]=openid-connect&size=1000 Konnect answered the offset of an earlier page on page 2, so the list does not advance\./,
    );
    expect(message).toMatch(/What to do: The answer is not one the Konnect API gives/);
  });

  it('stop when page numbers never end, after a bounded number of requests', async () => {
    const emulator = await emulatorForTest();
    let served = 0;
    const konnect = await konnectThrough(emulator, {
      handle: (req) => {
        if (!req.path.startsWith('/v2/control-planes?')) return undefined;
        const number = Number(new URL(req.path, 'http://x').searchParams.get('page[number]') ?? '1');
        // Full pages of other control planes, and a total that says there are always more.
        const data = Array.from({ length: 10 }, (_, index) => ({ id: crypto.randomUUID(), name: `other-${served + index + 1}` }));
        served += data.length;
        return { status: 200, body: JSON.stringify({ data, meta: { page: { number, size: 10, total: 1_000_000_000 } } }) };
      },
    });

    const run = await runAction(oneOfEachInputs(emulator, { 'api-url': konnect.url, 'proxy-url': '' }), { timeoutMs: 60_000 });

    expect(run.exitCode).toBe(1);
    expect(konnect.requests.filter((request) => request.path.startsWith('/v2/control-planes?'))).toHaveLength(MAX_PAGES);
    expect(failureMessage(run)).toMatch(
      /find control plane "quickstart": GET \/v2\/control-planes\?filter\[name\]\[eq\]=quickstart&page\[size\]=10 still had more after 10 pages \(100 items\); the action reads at most 10 pages and 5000 items of a list\./,
    );
  });

  it('stop when a page number comes back as the same page', async () => {
    const emulator = await emulatorForTest();
    const page = JSON.stringify({ data: [{ id: crypto.randomUUID(), name: 'other' }], meta: { page: { number: 1, size: 1, total: 5 } } });
    const konnect = await konnectThrough(emulator, {
      handle: (req) => (req.path.startsWith('/v2/control-planes?') ? { status: 200, body: page } : undefined),
    });

    const run = await runAction(oneOfEachInputs(emulator, { 'api-url': konnect.url, 'proxy-url': '' }), { timeoutMs: 60_000 });

    expect(run.exitCode).toBe(1);
    expect(konnect.requests.filter((request) => request.path.startsWith('/v2/control-planes?'))).toHaveLength(2);
    expect(failureMessage(run)).toMatch(/Konnect answered page 1 on page 2, so the list does not advance/);
  });

  it('of 1,000 large plugins a page end at the item bound, in bounded memory', async () => {
    const emulator = await emulatorForTest();
    const filler = 'x'.repeat(3_500);
    let pages = 0;
    const konnect = await konnectThrough(emulator, {
      handle: (req) => {
        if (!PLUGINS_PATH.test(req.path)) return undefined;
        pages += 1;
        const data = Array.from({ length: 1_000 }, (_, index) => ({
          id: crypto.randomUUID(),
          name: 'openid-connect',
          config: { issuer: 'https://elsewhere.example/auth', filler: `${filler}${pages}-${index}` },
          consumer: { id: crypto.randomUUID() },
          tags: [],
        }));
        return { status: 200, body: JSON.stringify({ data, next: null, offset: `page-${pages + 1}` }) };
      },
    });

    const run = await runMeasured(oneOfEachInputs(emulator, { 'api-url': konnect.url, 'proxy-url': '' }), { timeoutMs: 120_000 });

    expect(run.exitCode).toBe(1);
    expect(pages).toBe(MAX_ITEMS / 1_000 + 1);
    expect(failureMessage(run)).toMatch(/answered 6000 items in 6 pages and had more; the action reads at most 10 pages and 5000 items of a list/);
    expect(run.maxRssMb).toBeLessThan(MEMORY_BOUND_MB);
  });
});

describe('a huge body', () => {
  const sixtyMegabytes = Buffer.alloc(60 * 1024 * 1024, 'a');

  it('from Konnect fails cleanly, read no further than the bound, with the process under 300 MB', async () => {
    const emulator = await emulatorForTest();
    // Streamed (chunked, no Content-Length): only reading it shows its size.
    const konnect = await konnectThrough(emulator, {
      handle: (req) => (req.path.startsWith('/v2/control-planes?') ? { status: 200, body: sixtyMegabytes } : undefined),
    });

    const run = await runMeasured(oneOfEachInputs(emulator, { 'api-url': konnect.url, 'proxy-url': '' }), { timeoutMs: 120_000 });

    expect(run.exitCode).toBe(1);
    expect(failureMessage(run)).toMatch(
      /Could not find control plane "quickstart": GET \/v2\/control-planes\?filter\[name\]\[eq\]=quickstart&page\[size\]=10 returned a body larger than 4 MB \(not read further\)\./,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.maxRssMb).toBeLessThan(MEMORY_BOUND_MB);
  });

  it('from the issuer fails cleanly too, with the process under 300 MB', async () => {
    const issuer = await hostile({
      handle: (req) =>
        req.path.endsWith('/.well-known/openid-configuration')
          ? { status: 200, headers: { 'content-length': String(sixtyMegabytes.length) }, body: sixtyMegabytes }
          : undefined,
    });

    const run = await runMeasured(
      { mode: 'token', 'issuer-url': `${issuer.url}/huge/auth`, 'client-id': 'a-client-id', 'client-secret': 'a-client-secret-kept-in-secrets' },
      { timeoutMs: 60_000 },
    );

    expect(run.exitCode).toBe(1);
    expect(failureMessage(run)).toMatch(
      /GET http:\/\/127\.0\.0\.1:\d+\/huge\/auth\/\.well-known\/openid-configuration \(the issuer discovery document\) returned a body larger than 4 MB/,
    );
    expect(run.maxRssMb).toBeLessThan(MEMORY_BOUND_MB);
  });
});

describe('answers of the wrong shape', () => {
  it('name the endpoint and the field, before anything reads them', async () => {
    const emulator = await emulatorForTest();
    expect((await runAction(oneOfEachInputs(emulator, { 'proxy-url': '' }), { timeoutMs: 60_000 })).exitCode).toBe(0);
    const konnect = await konnectThrough(emulator, {
      rewriteJson: (req, body) => {
        if (!req.path.startsWith('/v1/auth-servers?')) return body;
        const page = body as { data: Array<Record<string, unknown>> };
        return { ...page, data: page.data.map((server) => ({ ...server, issuer: 42 })) };
      },
    });

    const run = await runAction(oneOfEachInputs(emulator, { 'api-url': konnect.url, 'proxy-url': '' }), { timeoutMs: 60_000 });

    expect(run.exitCode).toBe(1);
    expect(failureMessage(run)).toContain(
      'Could not look up auth server "Appointments Dev": GET /v1/auth-servers?page[size]=100 returned HTTP 200, but its body has the wrong shape: data[0].issuer: expected string, received number.',
    );
  });

  it('may carry fields the action does not know: Konnect adds fields, and the run converges', async () => {
    const emulator = await emulatorForTest();
    const withExtra = (value: unknown): unknown =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? {
            ...Object.fromEntries(Object.entries(value).map(([key, item]) => [key, Array.isArray(item) ? item.map(withExtra) : item])),
            added_later: { by: 'Konnect' },
          }
        : value;
    const konnect = await konnectThrough(emulator, { rewriteJson: (_req, body) => withExtra(body) });

    const run = await runAction(oneOfEachInputs(emulator, { 'api-url': konnect.url }), { timeoutMs: 60_000 });

    expect(run.exitCode, run.stdout).toBe(0);
    expectOneOfEach(emulator.store.dump());
  });

  it('a client_secret that is not a string fails the run cleanly, and the rerun adopts the client', async () => {
    const emulator = await emulatorForTest();
    const konnect = await konnectThrough(emulator, {
      rewriteJson: (req, body) => (req.method === 'POST' && /\/clients$/.test(req.path) ? { ...(body as object), client_secret: 12345 } : body),
    });

    const broken = await runAction(oneOfEachInputs(emulator, { 'api-url': konnect.url, 'proxy-url': '' }), { timeoutMs: 60_000 });

    expect(broken.exitCode).toBe(1);
    expect(failureMessage(broken)).toMatch(
      /Could not create client "Client": POST \/v1\/auth-servers\/[\w-]+\/clients returned HTTP 201, but its body has the wrong shape: client_secret: expected string, received number\./,
    );
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    expect(emulator.store.dump().authServers[0]?.clients).toHaveLength(1); // Konnect made it

    const rerun = await runAction(oneOfEachInputs(emulator), { timeoutMs: 60_000 });

    expect(rerun.exitCode, rerun.stdout).toBe(0);
    expectOneOfEach(emulator.store.dump());
    expect(rerun.outputs['client-id']).toBe(emulator.store.dump().authServers[0]?.clients[0]?.id);
  });
});

// The bundled action against hostile inputs and a hostile Konnect (a loopback server in front of the
// emulator that rewrites or replaces its answers): no forged workflow command, no secret the runner
// would show (in any encoding, anywhere: stdout, stderr, annotations, summary, state), no element
// injected into the job summary, no dot segment or malformed id in a URL, and a post step that
// deletes nothing it was not asked to.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import {
  ALL_HOSTILE,
  encodedForms,
  forgedCommandLines,
  HOSTILE_MARK,
  HOSTILE_STRINGS,
  rewriteFields,
  secretExposures,
  startHostileServer,
  summaryInjections,
  suspiciousPaths,
  type HostileServer,
  type HostileServerOptions,
} from '../harness/hostile.js';
import { howToInputs } from '../harness/how-to.js';
import { runAction, type ActionRun } from '../harness/run-action.js';
import { errorMessages } from './resilience-kit.js';

const SEAL_KEY = randomBytes(32).toString('base64');
const CHOSEN_SECRET = 'a-client-secret-chosen+by/the=user 0123';

let emulator: Emulator;
let hostile: HostileServer | undefined;
/** Every secret any run here handled. */
const secrets = new Set<string>([SEAL_KEY, CHOSEN_SECRET]);

beforeAll(async () => {
  emulator = await startEmulator({ propagationMs: 0 });
  secrets.add(emulator.konnectToken);
});
afterAll(async () => emulator?.stop());
afterEach(async () => {
  await hostile?.close();
  hostile = undefined;
});

async function viaHostileKonnect(options: Omit<HostileServerOptions, 'upstream'>): Promise<string> {
  hostile = await startHostileServer({ upstream: emulator.apiUrl, ...options });
  return hostile.url;
}

/**
 * One emulator serves every test, with auth servers of many names on its one global plugin: each run
 * takes the plugin over (replace-plugin-issuer), whose warning then names the hostile auth server too.
 */
async function run(inputs: Record<string, string>, options: { postState?: Record<string, string>; env?: Record<string, string> } = {}): Promise<ActionRun> {
  const result = await runAction(
    { 'replace-plugin-issuer': 'true', ...inputs },
    { env: { RUNNER_DEBUG: '1', ...options.env }, timeoutMs: 90_000, ...(options.postState ? { postState: options.postState } : {}) },
  );
  for (const name of ['client-secret', 'access-token', 'sealed-access-token']) {
    const value = result.outputs[name];
    if (value) secrets.add(value);
  }
  for (const server of emulator.store.listAuthServers()) for (const client of server.clients) for (const secret of client.secrets) secrets.add(secret.value);
  return result;
}

/** Every judge at once: no forged command, no exposed secret, no summary element from outside text. */
function expectHarmless(result: ActionRun): void {
  expect(forgedCommandLines(result), 'forged command lines').toEqual([]);
  expect(secretExposures(result, secrets), 'exposed secrets').toEqual([]);
  expect(summaryInjections(result.summary), 'summary injections').toEqual([]);
  for (const message of errorMessages(result)) {
    for (const secret of secrets) for (const form of encodedForms(secret)) expect(message.includes(form), 'a secret in an annotation').toBe(false);
  }
}

/** The emulator's request paths (after any proxy) and the hostile server's raw request targets. */
function requestPaths(): string[] {
  return [...emulator.requests().map((entry) => entry.path), ...(hostile?.requests.map((req) => req.path) ?? [])];
}

describe('hostile inputs', () => {
  it('a client name that tries to stop commands before the secrets are masked: the run succeeds, and every line stays one line', async () => {
    const result = await run(
      howToInputs(emulator, {
        'client-name': `Client ${ALL_HOSTILE}`,
        'auth-server-name': `Server ${ALL_HOSTILE}`,
        'auth-server-description': ALL_HOSTILE,
        'seal-key': SEAL_KEY,
        'proxy-url': emulator.proxyUrl,
      }),
    );
    expect(result.exitCode, result.stdout).toBe(0);
    expectHarmless(result);
    // The name was printed (neutralised), and the secrets it tried to unmask were registered.
    expect(result.stdout).toContain(HOSTILE_MARK);
    expect(result.stdout).toContain(`::add-mask::${result.outputs['client-secret']}`);
    expect(result.stdout).toContain(`::add-mask::${result.outputs['access-token']}`);
    expect(result.summary).toContain(HOSTILE_MARK);
  });

  it('an audience of hostile text, changed on a rerun: the field changes are printed neutralised', async () => {
    const inputs = howToInputs(emulator, { 'auth-server-name': 'Audience server', 'client-name': 'Audience client' });
    const first = await run(inputs);
    expect(first.exitCode, first.stdout).toBe(0);
    const rerun = await run({ ...inputs, audience: `http://myhttpbin.dev/${ALL_HOSTILE}`, 'dry-run': 'true' });
    expect(rerun.exitCode, rerun.stdout).toBe(0);
    expect(rerun.stdout).toContain(HOSTILE_MARK);
    expect(rerun.summary).toContain(HOSTILE_MARK);
    expectHarmless(rerun);
  });

  it.each(Object.entries(HOSTILE_STRINGS))('%s in inputs that error messages quote', async (_, text) => {
    emulator.resetLog();
    const result = await run(
      howToInputs(emulator, {
        'control-plane-name': text,
        region: text,
        scopes: `my-scope,${text.replace(/[,\s]/g, '')}"`,
        claims: `bad ${text}`,
        'consumer-claim': text,
        'check-path': `/x ${text}`,
        'proxy-url': `http://gateway.example.com/${text}`,
      }),
    );
    expect(result.exitCode).toBe(1);
    expectHarmless(result);
    expect(emulator.requests().length).toBe(0);
  });

  it('a control plane name nothing matches: the failure quotes it on one line, in the annotation and the summary', async () => {
    emulator.resetLog();
    const result = await run(howToInputs(emulator, { 'control-plane-name': ALL_HOSTILE }));
    expect(result.exitCode).toBe(1);
    expectHarmless(result);
    expect(errorMessages(result).join('\n')).toContain(HOSTILE_MARK);
    expect(suspiciousPaths(emulator.requests().map((entry) => entry.path))).toEqual([]);
  });

  it('a service named with dots or hostile text never becomes a path segment of its own', async () => {
    for (const service of ['..', '.']) {
      const result = await run(howToInputs(emulator, { service }));
      expect(result.exitCode).toBe(1);
      expect(errorMessages(result).join('\n')).toMatch(/"service" must be the name or id of a service/);
    }
    emulator.resetLog();
    const result = await run(howToInputs(emulator, { service: `../../x/${HOSTILE_STRINGS.html}` }));
    expect(result.exitCode).toBe(1);
    expectHarmless(result);
    // A name is looked up with the list's filter: it never goes into the path (issue 22).
    const services = emulator.requests().filter((entry) => entry.path.includes('/core-entities/services'));
    expect(services).toHaveLength(1);
    expect(services[0]?.path).toMatch(/\/core-entities\/services$/);
  });
});

describe('a hostile Konnect', () => {
  it('echoes every secret, in every encoding, in a Retry-After header and an error body: none reaches the log, annotation or summary', async () => {
    const token = emulator.konnectToken;
    const echoes = [...encodedForms(token), ...encodedForms(CHOSEN_SECRET)].join(' ');
    let throttled = false;
    const apiUrl = await viaHostileKonnect({
      handle: (req) => {
        if (req.method === 'GET' && req.path.startsWith('/v2/control-planes?') && !throttled) {
          throttled = true;
          return { status: 429, headers: { 'retry-after': `1 ${echoes}` }, body: JSON.stringify({ detail: echoes }) };
        }
        if (req.method === 'POST' && req.path === '/v1/auth-servers') {
          return {
            status: 400,
            body: JSON.stringify({ title: 'Bad Request', detail: `${ALL_HOSTILE} ${echoes}`, invalid_parameters: [{ field: ALL_HOSTILE, reason: echoes }] }),
          };
        }
        return undefined;
      },
    });
    const result = await run(
      howToInputs(emulator, { 'api-url': apiUrl, 'auth-server-name': `New ${randomBytes(4).toString('hex')}`, 'client-secret': CHOSEN_SECRET }),
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/Retrying GET \/v2\/control-planes/);
    expectHarmless(result);
    expect(errorMessages(result).join('\n')).toContain(HOSTILE_MARK);
  });

  it('hostile timestamps on client secrets, printed when the oldest is evicted: the run succeeds, the line stays one line', async () => {
    const inputs = howToInputs(emulator, { 'auth-server-name': 'Eviction server', 'client-name': 'Eviction client' });
    const first = await run(inputs);
    expect(first.exitCode, first.stdout).toBe(0);
    // A second active secret, so that installing the client-secret input must evict the oldest.
    const secretsUrl = `${emulator.apiUrl}/v1/auth-servers/${first.outputs['auth-server-id']}/clients/${first.outputs['client-id']}/secrets`;
    const added = await fetch(secretsUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.konnectToken}`, 'content-type': 'application/json' },
      body: '{"enabled":true}',
    });
    expect(added.status).toBe(201);
    const apiUrl = await viaHostileKonnect({
      rewriteJson: (req, body) =>
        req.path.includes('/secrets') ? rewriteFields(body, new Set(['created_at']), (original) => `${original}${ALL_HOSTILE}`) : body,
    });
    const result = await run({ ...inputs, 'api-url': apiUrl, 'client-secret': CHOSEN_SECRET });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/deleting the oldest \([-0-9a-f]{36}, created .*HOSTILE/);
    expectHarmless(result);
  });

  it('two control planes of the name, with hostile ids: the failure quotes the ids on one line, in the annotation and the summary', async () => {
    const apiUrl = await viaHostileKonnect({
      rewriteJson: (req, body) => {
        if (!req.path.startsWith('/v2/control-planes?')) return body;
        const page = body as { data: Array<Record<string, unknown>> };
        return { ...page, data: [...page.data, ...page.data].map((cp, index) => ({ ...cp, id: `${index}${ALL_HOSTILE}` })) };
      },
    });
    const result = await run(howToInputs(emulator, { 'api-url': apiUrl }));
    expect(result.exitCode).toBe(1);
    expectHarmless(result);
    expect(errorMessages(result).join('\n')).toMatch(/2 control planes are named "quickstart"/);
    expect(result.summary).toContain(HOSTILE_MARK);
  });

  it.each([
    ['a control plane id of ".."', 'GET', '/v2/control-planes?', new Set(['id']), '..'],
    ['an auth server id of "."', 'GET', '/v1/auth-servers?', new Set(['id']), '.'],
    ['client secret ids of ".."', 'GET', '/secrets', new Set(['id']), '..'],
    ['a client id with a slash', 'GET', '/clients?', new Set(['id']), '../x'],
  ])('%s never reaches a URL: the run stops with a clear error', async (_, method, pathPart, fields, value) => {
    // First a clean run, so that reruns find (and list) what exists.
    await run(howToInputs(emulator));
    emulator.resetLog();
    const apiUrl = await viaHostileKonnect({
      rewriteJson: (req, body) => (req.method === method && req.path.includes(pathPart) ? rewriteFields(body, fields, () => value) : body),
    });
    const result = await run(howToInputs(emulator, { 'api-url': apiUrl }));
    expect(result.exitCode, result.stdout).toBe(1);
    expectHarmless(result);
    // Refused by the path check (or, first, by the response's schema, which names the field).
    expect(errorMessages(result).join('\n')).toMatch(/is not (a UUID|a Kong Identity client id)|\bid\b/);
    expect(suspiciousPaths(requestPaths())).toEqual([]);
    expect(emulator.requests().filter((entry) => entry.method === 'DELETE')).toEqual([]);
  });
});

describe('a hostile issuer', () => {
  it('echoes the client secret it was sent, in every encoding, with hostile words in its error: none of it reaches the log, annotation or summary', async () => {
    let issuerServer: HostileServer | undefined;
    const swapOrigin = (text: string) => text.split(emulator.issuerOrigin).join(issuerServer?.url ?? '');
    issuerServer = await startHostileServer({
      upstream: emulator.issuerOrigin,
      handle: (req) => {
        if (req.method !== 'POST' || !req.path.endsWith('/oauth/token')) return undefined;
        const secret = new URLSearchParams(req.body).get('client_secret') ?? '';
        return {
          status: 400,
          body: JSON.stringify({
            error: `invalid_request${HOSTILE_STRINGS.stopCommands}`,
            error_description: `${ALL_HOSTILE} ${encodedForms(secret).join(' ')}`,
          }),
        };
      },
      rewriteJson: (_req, body) => JSON.parse(swapOrigin(JSON.stringify(body))) as unknown,
    });
    try {
      const apiUrl = await viaHostileKonnect({ rewriteJson: (_req, body) => JSON.parse(swapOrigin(JSON.stringify(body))) as unknown });
      const result = await run(howToInputs(emulator, { 'api-url': apiUrl, 'client-secret': CHOSEN_SECRET }));
      expect(result.exitCode).toBe(1);
      expect(issuerServer.requests.some((req) => req.path.endsWith('/oauth/token'))).toBe(true);
      expect(errorMessages(result).join('\n')).toContain(HOSTILE_MARK);
      expectHarmless(result);
    } finally {
      await issuerServer.close();
    }
  });
});

describe('the post step', () => {
  async function mainStep(overrides: Record<string, string> = {}): Promise<ActionRun> {
    const result = await run(howToInputs(emulator, overrides));
    expect(result.exitCode, result.stdout).toBe(0);
    return result;
  }
  const secretCount = () =>
    emulator.store
      .listAuthServers()
      .flatMap((server) => server.clients)
      .flatMap((client) => client.secrets).length;

  it('does nothing without revoke-secret-on-exit, whatever the state names', async () => {
    const main = await mainStep({ 'revoke-secret-on-exit': 'true' });
    const before = secretCount();
    emulator.resetLog();
    // The main step ran with it, but the post step's input says no.
    const off = await run(howToInputs(emulator), { postState: main.state });
    // The input says yes, but the main step did not save that it ran with it.
    const { 'revoke-secret-on-exit': _flag, ...withoutFlag } = main.state;
    const noFlag = await run(howToInputs(emulator, { 'revoke-secret-on-exit': 'true' }), { postState: withoutFlag });
    for (const result of [off, noFlag]) {
      expect(result.exitCode).toBe(0);
      expectHarmless(result);
    }
    expect(emulator.requests()).toEqual([]);
    expect(secretCount()).toBe(before);
  });

  it.each([
    ['dot ids', { authServerId: '..', clientId: '..', secretId: '..' }],
    ['a dot secret id', { secretId: '..' }],
    ['hostile text', { clientId: HOSTILE_STRINGS.stopCommands }],
    ['not JSON', undefined],
  ])('refuses saved state with %s: nothing is requested or deleted', async (_, change) => {
    const main = await mainStep({ 'revoke-secret-on-exit': 'true' });
    const saved = JSON.parse(main.state['secret-to-revoke'] ?? '{}') as Record<string, string>;
    const before = secretCount();
    emulator.resetLog();
    const state = { ...main.state, 'secret-to-revoke': change === undefined ? '{"secretId":' : JSON.stringify({ ...saved, ...change }) };
    const result = await run(howToInputs(emulator, { 'revoke-secret-on-exit': 'true' }), { postState: state });
    expect(result.exitCode).toBe(1);
    expect(errorMessages(result).join('\n')).toMatch(/saved state does not name a client secret/);
    expectHarmless(result);
    expect(emulator.requests()).toEqual([]);
    expect(secretCount()).toBe(before);
  });

  it('does not delete a secret of another client, or of a client the inputs do not name', async () => {
    const other = await mainStep({ 'client-name': 'Other client', 'revoke-secret-on-exit': 'true' });
    const main = await mainStep({ 'revoke-secret-on-exit': 'true' });
    const mine = JSON.parse(main.state['secret-to-revoke'] ?? '{}') as Record<string, string>;
    const theirs = JSON.parse(other.state['secret-to-revoke'] ?? '{}') as Record<string, string>;
    const before = secretCount();
    emulator.resetLog();
    // My client, their secret; and their client and secret under my inputs.
    for (const target of [{ ...mine, secretId: theirs['secretId'] }, theirs]) {
      const result = await run(howToInputs(emulator, { 'revoke-secret-on-exit': 'true' }), {
        postState: { ...main.state, 'secret-to-revoke': JSON.stringify(target) },
      });
      expect(result.exitCode, result.stdout).toBe(0);
      expect(result.stdout).toMatch(/nothing was deleted/);
    }
    expect(emulator.requests().filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect(secretCount()).toBe(before);
  });
});

describe('sane tokens', () => {
  it("refuses a token whose exp is further ahead than the client's access-token-duration", async () => {
    emulator.addFault('POST /*/auth/oauth/token token:long-lived x1');
    const result = await run(howToInputs(emulator, { 'access-token-duration': '600' }));
    emulator.clearFaults();
    expect(result.exitCode).toBe(1);
    expect(errorMessages(result).join('\n')).toMatch(/exp is \d+ s ahead, more than the client's access-token-duration \(600 s\) plus 300 s/);
    expect(result.outputs['access-token']).toBeUndefined();
    expectHarmless(result);
  });
});

describe('https for every credential', () => {
  it('refuses proxy-url over plain http to another host, before any request', async () => {
    emulator.resetLog();
    const result = await run(howToInputs(emulator, { 'proxy-url': 'http://gateway.example.com' }));
    expect(result.exitCode).toBe(1);
    expect(errorMessages(result).join('\n')).toMatch(/"proxy-url" must use https \(the access token is sent there\)/);
    expect(emulator.requests()).toEqual([]);
  });

  it('refuses a loopback http api-url reached through a proxy on another host, unless NO_PROXY exempts it', async () => {
    emulator.resetLog();
    const remoteProxy = { HTTP_PROXY: 'http://proxy.example.com:3128' };
    const refused = await run(howToInputs(emulator), { env: remoteProxy });
    expect(refused.exitCode).toBe(1);
    expect(errorMessages(refused).join('\n')).toMatch(/api-url ".*" must use https: it would travel in clear through the proxy proxy\.example\.com/);
    expect(emulator.requests()).toEqual([]);

    const exempt = await run(howToInputs(emulator), { env: { ...remoteProxy, NO_PROXY: '127.0.0.1' } });
    expect(exempt.exitCode, exempt.stdout).toBe(0);
  });
});

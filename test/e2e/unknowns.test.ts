// Issue 22: the bundled action under every plausible answer to Konnect's unknowns (the emulator's
// knobs, test/emulator/README.md and test/contract/specs/SOURCE.md):
// - require-scopes with `openid` granted or refused to a client without allow_all_scopes;
// - create-consumer for a client named "Partner A" with Consumer path keys strict or lenient and a
//   duplicate Consumer answered 400 (as Konnect) or 409 (as the Admin API), including a Consumer
//   someone else made for the client;
// - a matrix of runs against a rate limit whose 429 comes with or without Retry-After, with
//   Konnect's `{"message":…}` body or a problem document;
// - under the strict answers: "Partner A" with create-consumer and require-scopes passes its gateway
//   check and a rerun writes nothing; two concurrent first runs of one client both succeed.
// What the action must do is design-v2's Consumers section and issue 22 point 1: Consumers found
// by an id it derives or by the custom_id filter (never a name in a path), usernames made safe, a
// duplicate answer adopted when it maps the client; the narrow token of the require-scopes check
// not depending on openid. The emulator's state, request log and gateway are the evidence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LENIENT_UNKNOWNS, STRICT_UNKNOWNS } from '../emulator/context.js';
import { startEmulator, type Emulator, type RequestLogEntry } from '../emulator/index.js';
import { clientFor, quickstart } from '../emulator/testing.js';
import { gatewayStatus, mintToken } from '../harness/how-to.js';
import { isKonnectApi, isMutation } from '../harness/request-log.js';
import { errorAnnotations, runAction, type ActionRun } from '../harness/run-action.js';
import { convergenceInputs, describeRequests, expectSuccess, theAuthServer } from './convergence-kit.js';

const PARTNER = 'Partner A';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONSUMER_BY_KEY = /^\/v2\/control-planes\/[^/]+\/core-entities\/consumers\/([^/]+)$/;
const RUN_TIMEOUT_MS = 90_000;

/** Inputs with a gateway check against the emulator's proxy. */
function checkedInputs(emulator: Emulator, overrides: Record<string, string> = {}): Record<string, string> {
  return convergenceInputs(emulator, { 'proxy-url': emulator.proxyUrl, 'check-timeout': '30', ...overrides });
}

const run = (inputs: Record<string, string>): Promise<ActionRun> => runAction(inputs, { timeoutMs: RUN_TIMEOUT_MS });

/** The run exited 0, its gateway check passed, and it raised no error annotation. */
function expectPassed(result: ActionRun): void {
  expectSuccess(result);
  expect(result.outputs['check-status']).toBe('passed');
  expect(errorAnnotations(result)).toEqual([]);
}

/** Writes to Konnect's management API (POST, PUT, PATCH, DELETE on /v1 and /v2), one per line. */
const writes = (entries: readonly RequestLogEntry[]): string => describeRequests(entries.filter(isKonnectApi).filter(isMutation));

/** The keys of every `consumers/{key}` request, decoded. */
const consumerKeys = (entries: readonly RequestLogEntry[]): string[] =>
  entries.flatMap((entry) => {
    const key = CONSUMER_BY_KEY.exec(entry.path)?.[1];
    return key === undefined ? [] : [decodeURIComponent(key)];
  });

const consumersOf = (emulator: Emulator, clientId: string | undefined) => emulator.store.dump().consumers.filter((consumer) => consumer.custom_id === clientId);

const pluginOf = (emulator: Emulator, result: ActionRun) => emulator.store.dump().plugins.find((plugin) => plugin.id === result.outputs['plugin-id']);

/** A token of the run's client that requested no scope, straight from the issuer. */
const noScopeToken = (result: ActionRun): Promise<string> =>
  mintToken(result.outputs['issuer-url'] ?? '', result.outputs['client-id'] ?? '', result.outputs['client-secret'] ?? '', '');

/** The Consumer the upstream was told about for this token (X-Consumer-ID in the echo), or the status when refused. */
async function upstreamConsumer(emulator: Emulator, token: string): Promise<string | undefined> {
  const response = await fetch(`${emulator.proxyUrl}/anything`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) {
    await response.arrayBuffer();
    return `HTTP ${response.status}`;
  }
  const echo = (await response.json()) as { headers?: Record<string, string> };
  return echo.headers?.['X-Consumer-Id'];
}

/** The gateway passes the run's token as its Consumer (polled: the mapping reaches the data plane after the propagation delay). */
async function expectMappedAtGateway(emulator: Emulator, result: ActionRun, consumerId: string | undefined): Promise<void> {
  expect(consumerId).toMatch(UUID);
  await expect.poll(() => upstreamConsumer(emulator, result.outputs['access-token'] ?? ''), { timeout: 10_000, interval: 100 }).toBe(consumerId);
}

/** The plugin requires every scope of the action: a token that asked for none is refused, the run's full token passes. */
async function expectScopesEnforced(emulator: Emulator, result: ActionRun): Promise<void> {
  expect(pluginOf(emulator, result)?.config['scopes_required']).toEqual(['my-scope other-scope']);
  const narrow = await noScopeToken(result);
  await expect.poll(() => gatewayStatus(emulator, narrow), { timeout: 10_000, interval: 100 }).toBe(403);
  expect(await gatewayStatus(emulator, result.outputs['access-token'] ?? '')).toBe(200);
}

/**
 * A Consumer username the action made: the client name made safe for a Kong path key
 * (`[0-9a-zA-Z.\-_~]`), then `-` and the client id (design-v2, Consumers).
 */
function expectSafeUsername(username: string | null | undefined, clientId: string | undefined): void {
  expect(username).toMatch(/^[0-9a-zA-Z.\-_~]{1,128}$/);
  expect(username?.endsWith(`-${clientId}`), `${username} ends with -<client id>`).toBe(true);
}

describe.each(['refused', 'granted'] as const)('require-scopes with openid %s to a client without allow_all_scopes', (openidScope) => {
  let emulator: Emulator;
  let result: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 200, openidScope });
    result = await run(checkedInputs(emulator, { 'require-scopes': 'true' }));
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('exits 0 and its gateway check passes (the narrow token does not depend on openid)', () => {
    expectPassed(result);
  });

  it('leaves the plugin requiring every scope: a token that asked for none gets 403, the full token 200', async () => {
    await expectScopesEnforced(emulator, result);
  });
});

describe.each([
  { consumerKeys: 'strict', duplicateConsumerStatus: 400 },
  { consumerKeys: 'strict', duplicateConsumerStatus: 409 },
  { consumerKeys: 'lenient', duplicateConsumerStatus: 400 },
  { consumerKeys: 'lenient', duplicateConsumerStatus: 409 },
] as const)('create-consumer for "Partner A", Consumer keys $consumerKeys, duplicates $duplicateConsumerStatus', (knobs) => {
  let emulator: Emulator;
  let first: ActionRun;
  let firstLog: RequestLogEntry[];
  let rerun: ActionRun;
  let rerunLog: RequestLogEntry[];

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 200, ...knobs });
    const inputs = checkedInputs(emulator, { 'client-name': PARTNER, 'create-consumer': 'true' });
    first = await run(inputs);
    firstLog = emulator.requests();
    emulator.resetLog();
    rerun = await run({ ...inputs, 'client-secret': first.outputs['client-secret'] ?? '' });
    rerunLog = emulator.requests();
  }, 180_000);
  afterAll(async () => emulator?.stop());

  it('exits 0 with exactly one Consumer for the client, which the gateway maps its token to', async () => {
    expectPassed(first);
    const consumers = consumersOf(emulator, first.outputs['client-id']);
    expect(consumers).toHaveLength(1);
    expect(emulator.store.dump().consumers).toHaveLength(1);
    expect(consumers[0]?.id).toBe(first.outputs['consumer-id']);
    await expectMappedAtGateway(emulator, first, first.outputs['consumer-id']);
  });

  it('names the Consumer safely: the client name made safe, then the client id', () => {
    expectSafeUsername(consumersOf(emulator, first.outputs['client-id'])[0]?.username, first.outputs['client-id']);
  });

  it('puts no outside name in a URL path: every consumers/{key} it sent is a UUID', () => {
    const keys = consumerKeys([...firstLog, ...rerunLog]);
    expect(keys.filter((key) => !UUID.test(key))).toEqual([]);
  });

  it('writes nothing on a rerun given the client secret, and keeps the same Consumer', () => {
    expectPassed(rerun);
    expect(writes(rerunLog)).toBe('');
    expect(rerun.outputs['consumer-id']).toBe(first.outputs['consumer-id']);
  });
});

describe.each([400, 409] as const)('a Consumer someone else made for the client (custom_id = client id), duplicates answered %s', (duplicateConsumerStatus) => {
  let emulator: Emulator;
  let inputs: Record<string, string>;
  let foreign: { id: string; username: string; custom_id: string; tags: string[]; created_at: number; updated_at: number };
  let adopted: ActionRun;
  let clientId: string | undefined;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 200, ...STRICT_UNKNOWNS, duplicateConsumerStatus });
    inputs = checkedInputs(emulator, { 'client-name': PARTNER });
    const base = await run(inputs);
    expectSuccess(base);
    clientId = base.outputs['client-id'];
    const made = await clientFor(emulator).post(`${quickstart(emulator).core}/consumers`, {
      username: 'partner-a-legacy',
      custom_id: clientId,
      tags: ['team-x'],
    });
    expect(made.status).toBe(201);
    foreign = made.body;
    adopted = await run({ ...inputs, 'create-consumer': 'true', 'client-secret': base.outputs['client-secret'] ?? '' });
  }, 180_000);
  afterAll(async () => emulator?.stop());

  it('is used as it is: the run exits 0, outputs its id, creates no second Consumer and changes none', async () => {
    expectPassed(adopted);
    expect(adopted.outputs['consumer-id']).toBe(foreign.id);
    // The store keeps which control plane a Consumer is on; the API does not show it.
    expect(emulator.store.dump().consumers.map(({ control_plane_id: _cp, ...consumer }) => consumer)).toEqual([foreign]);
    await expectMappedAtGateway(emulator, adopted, foreign.id);
  });

  it('is never deleted, not even by a teardown that deletes the client', async () => {
    const teardown = await run({ ...inputs, 'create-consumer': 'true', mode: 'teardown' });
    expectSuccess(teardown);
    expect(emulator.store.dump().authServers.flatMap((server) => server.clients.map((client) => client.id))).not.toContain(clientId);
    expect(emulator.store.dump().consumers).toEqual([
      expect.objectContaining({ id: foreign.id, username: 'partner-a-legacy', custom_id: clientId, tags: ['team-x'] }),
    ]);
  });
});

describe.each([
  { rateLimitRetryAfter: true, rateLimitBody: 'message' },
  { rateLimitRetryAfter: true, rateLimitBody: 'problem' },
  { rateLimitRetryAfter: false, rateLimitBody: 'message' },
  { rateLimitRetryAfter: false, rateLimitBody: 'problem' },
] as const)('4 runs at once on one auth server throttled at 10/s (org at 30/s), 429 Retry-After $rateLimitRetryAfter, body $rateLimitBody', (knobs) => {
  const LEGS = 4;
  let emulator: Emulator;
  let legs: ActionRun[];
  let legsRequests: RequestLogEntry[];

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 200, rateLimitAuthServer: 10, rateLimitOrg: 30, ...knobs });
    legs = await Promise.all(
      Array.from({ length: LEGS }, (_, leg) =>
        runAction(checkedInputs(emulator, { 'client-name': `ci-leg-${leg}`, 'create-consumer': 'true' }), { timeoutMs: 150_000 }),
      ),
    );
    legsRequests = emulator.requests();
    // What follows checks the legs' outcomes, not the limits.
    emulator.options.rateLimitAuthServer = null;
    emulator.options.rateLimitOrg = null;
  }, 180_000);
  afterAll(async () => {
    await emulator?.stop();
    expect(emulator.violations()).toEqual([]);
  });

  it('was throttled: some requests got 429', () => {
    expect(legsRequests.some((entry) => entry.status === 429)).toBe(true);
  });

  it('every leg succeeds, with one client and one Consumer each, and its token passes as its Consumer', async () => {
    legs.forEach(expectPassed);
    const server = theAuthServer(emulator.store.dump());
    expect(server.clients.map((client) => client.name).sort()).toEqual(Array.from({ length: LEGS }, (_, leg) => `ci-leg-${leg}`));
    for (const leg of legs) {
      expect(consumersOf(emulator, leg.outputs['client-id'])).toHaveLength(1);
      await expectMappedAtGateway(emulator, leg, leg.outputs['consumer-id']);
    }
    expect(emulator.store.dump().consumers).toHaveLength(LEGS);
  });
});

describe('under the strict answers: "Partner A" with create-consumer and require-scopes', () => {
  let emulator: Emulator;
  let first: ActionRun;
  let rerun: ActionRun;
  let rerunLog: RequestLogEntry[];

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 200, ...STRICT_UNKNOWNS });
    const inputs = checkedInputs(emulator, { 'client-name': PARTNER, 'create-consumer': 'true', 'require-scopes': 'true' });
    first = await run(inputs);
    emulator.resetLog();
    rerun = await run({ ...inputs, 'client-secret': first.outputs['client-secret'] ?? '' });
    rerunLog = emulator.requests();
  }, 180_000);
  afterAll(async () => {
    await emulator?.stop();
    expect(emulator.violations()).toEqual([]);
  });

  it('passes its gateway check: the token reaches the upstream as the Consumer, and the scopes are required', async () => {
    expectPassed(first);
    const consumers = consumersOf(emulator, first.outputs['client-id']);
    expect(consumers.map((consumer) => consumer.id)).toEqual([first.outputs['consumer-id']]);
    expectSafeUsername(consumers[0]?.username, first.outputs['client-id']);
    await expectMappedAtGateway(emulator, first, first.outputs['consumer-id']);
    await expectScopesEnforced(emulator, first);
  });

  it('writes nothing on the rerun (no POST, PUT, PATCH or DELETE to the Konnect API), and still passes its check', () => {
    expectPassed(rerun);
    expect(writes(rerunLog)).toBe('');
    for (const output of ['client-id', 'consumer-id', 'plugin-id']) expect(rerun.outputs[output], output).toBe(first.outputs[output]);
  });
});

describe.each([
  { clientName: 'Client', latencyMs: 0 },
  { clientName: PARTNER, latencyMs: 0 },
  { clientName: PARTNER, latencyMs: 100 },
])('under the strict answers: two concurrent first runs of "$clientName" with create-consumer (latency $latencyMs ms)', ({ clientName, latencyMs }) => {
  let emulator: Emulator;
  let runs: ActionRun[];

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 200, latencyMs, ...STRICT_UNKNOWNS });
    const inputs = checkedInputs(emulator, { 'client-name': clientName, 'create-consumer': 'true' });
    runs = await Promise.all([run(inputs), run(inputs)]);
  }, 180_000);
  afterAll(async () => {
    await emulator?.stop();
    expect(emulator.violations()).toEqual([]);
  });

  it('both exit 0, on one client and one Consumer', () => {
    runs.forEach(expectSuccess);
    expect(new Set(runs.map((result) => result.outputs['client-id'])).size).toBe(1);
    expect(new Set(runs.map((result) => result.outputs['consumer-id'])).size).toBe(1);
    expect(theAuthServer(emulator.store.dump()).clients.filter((client) => client.name === clientName)).toHaveLength(1);
    expect(consumersOf(emulator, runs[0]?.outputs['client-id'])).toHaveLength(1);
    expect(emulator.store.dump().consumers).toHaveLength(1);
  });
});

describe('the lenient answers (the emulator before issue 22) still work', () => {
  let emulator: Emulator;
  let result: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 200, ...LENIENT_UNKNOWNS });
    result = await run(checkedInputs(emulator, { 'client-name': PARTNER, 'create-consumer': 'true', 'require-scopes': 'true' }));
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('"Partner A" with create-consumer and require-scopes passes its check there too', async () => {
    expectPassed(result);
    await expectMappedAtGateway(emulator, result, result.outputs['consumer-id']);
    await expectScopesEnforced(emulator, result);
  });
});

// Issue 20, point 5: teardown is safe under concurrency. Each run talks to Konnect through its own
// gate (test/harness/gate.ts), which holds one run's request until the other run has reached a point,
// so each interleaving is played deterministically:
// - pull request A's "last one out" teardown, held before each of its requests in turn until pull
//   request B's first provisioning on the same auth server has created its client: whatever A then
//   deletes, B never exits 0 with outputs that do not work (its token passes, the gateway refuses a
//   request without one), with and without force (force ignores marks, not other live clients);
// - two last teardowns, each held before its k-th write until the other has reached its own: when
//   both have finished, nothing of the auth server is left (the later one sees no client).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { startGate } from '../harness/gate.js';
import { gatewayStatus } from '../harness/how-to.js';
import { isKonnectApi, isMutation } from '../harness/request-log.js';
import { errorAnnotation, type ActionRun } from '../harness/run-action.js';
import { AUTH_SERVER_NAME, convergenceInputs, expectSuccess } from './convergence-kit.js';
import { expectGateway, run, teardownOf } from './ownership-kit.js';

/** A promise and the function that resolves it. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** What went wrong in one interleaving, or undefined. */
type Verdict = string | undefined;

/** B exited 0: its client exists, its token passes the gateway and a request without one is refused. */
async function provisioningWorks(emulator: Emulator, provisioning: ActionRun): Promise<Verdict> {
  if (provisioning.exitCode !== 0) return provisioning.exitCode === 1 ? undefined : `the provisioning exited ${provisioning.exitCode}`;
  const server = emulator.store.dump().authServers.find((candidate) => candidate.id === provisioning.outputs['auth-server-id']);
  if (!server?.clients.some((client) => client.id === provisioning.outputs['client-id'])) {
    return `the provisioning exited 0, but its client ${server ? 'is gone' : 'and its auth server are gone'}`;
  }
  const token = provisioning.outputs['access-token'] ?? '';
  const deadline = performance.now() + emulator.options.propagationMs + 2000;
  let answers = { withToken: 0, withoutToken: 0 };
  while (performance.now() < deadline) {
    answers = { withToken: await gatewayStatus(emulator, token), withoutToken: await gatewayStatus(emulator) };
    if (answers.withToken === 200 && answers.withoutToken === 401) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return `the provisioning exited 0, but the gateway answers ${answers.withToken} with its token and ${answers.withoutToken} without one`;
}

/** The Konnect requests of a teardown of the last client, run alone: how many holding points to try. */
async function soloTeardownRequests(): Promise<number> {
  const emulator = await startEmulator({ propagationMs: 0 });
  try {
    const inputs = convergenceInputs(emulator, { 'client-name': 'pr-41' });
    expectSuccess(await run(inputs));
    emulator.resetLog();
    expectSuccess(await run(teardownOf(inputs)));
    return emulator.requests().filter(isKonnectApi).length;
  } finally {
    await emulator.stop();
  }
}

/**
 * One interleaving: A (the auth server's only client) is torn down while B provisions; A's k-th
 * request waits until B has created its client (or has exited, having failed before).
 */
async function teardownRacingProvisioning(k: number, extra: Record<string, string>): Promise<Verdict> {
  const emulator = await startEmulator({ propagationMs: 0 });
  const [gateA, gateB] = await Promise.all([startGate(emulator.apiUrl), startGate(emulator.apiUrl)]);
  try {
    const a = convergenceInputs(emulator, { 'client-name': 'pr-41' });
    const provisionedA = await run(a);
    if (provisionedA.exitCode !== 0) return `setup: A's provisioning failed: ${errorAnnotation(provisionedA)}`;
    const b = run(convergenceInputs(emulator, { 'client-name': 'pr-42', 'api-url': gateB.url }));
    const bCreatedItsClient = gateB.whenAnswered((request) => isMutation(request) && /\/clients(\/[^/]+)?$/.test(request.path));
    gateA.hold((request) => request.index === k, Promise.race([bCreatedItsClient, b]));
    const [teardown, provisioning] = await Promise.all([run(teardownOf(a, { ...extra, 'api-url': gateA.url })), b]);
    if (teardown.exitCode !== 0 && teardown.exitCode !== 1) return `the teardown exited ${teardown.exitCode}`;
    return await provisioningWorks(emulator, provisioning);
  } finally {
    await Promise.all([gateA.close(), gateB.close()]);
    await emulator.stop();
  }
}

describe.each([
  { name: 'without force', extra: {} },
  { name: 'with force: true', extra: { force: 'true' } },
])("point 5: the last client's teardown racing another client's first provisioning, $name", ({ extra }) => {
  it('no interleaving leaves a provisioning that exited 0 with outputs that do not work', async () => {
    const holdingPoints = (await soloTeardownRequests()) + 1;
    const problems: string[] = [];
    for (let k = 1; k <= holdingPoints; k += 1) {
      const verdict = await teardownRacingProvisioning(k, extra);
      if (verdict) problems.push(`teardown held before its request ${k}: ${verdict}`);
    }
    expect(problems).toEqual([]);
  }, 600_000);
});

describe('point 5: force ignores marks, not other live clients', () => {
  let emulator: Emulator;
  let other: ActionRun;
  let forced: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const mine = convergenceInputs(emulator, { 'client-name': 'pr-41' });
    expectSuccess(await run(mine));
    other = await run(convergenceInputs(emulator, { 'client-name': 'pr-42' }));
    expectSuccess(other);
    forced = await run(teardownOf(mine, { force: 'true' }));
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('a forced teardown of one client leaves the other client, its auth server and plugin working', async () => {
    expectSuccess(forced);
    const server = emulator.store.dump().authServers.find((candidate) => candidate.name === AUTH_SERVER_NAME);
    expect(server?.clients.map((client) => client.name)).toEqual(['pr-42']);
    await expectGateway(emulator, { token: other.outputs['access-token'] ?? '', withoutToken: 401 });
  });
});

describe.each([1, 2, 3])('point 5: two last teardowns, each held before its write %i until the other has reached its own', (nth) => {
  let emulator: Emulator;
  let teardowns: ActionRun[];

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const clients = ['pr-41', 'pr-42'].map((name) => convergenceInputs(emulator, { 'client-name': name }));
    for (const inputs of clients) expectSuccess(await run(inputs));
    const gates = await Promise.all(clients.map(() => startGate(emulator.apiUrl)));
    try {
      const reached = clients.map(() => signal());
      const finished = clients.map(() => signal());
      gates.forEach((gate, i) => {
        let writes = 0;
        const other = 1 - i;
        gate.hold(
          (request) => isMutation(request) && ++writes === nth,
          async () => {
            reached[i]?.resolve();
            await Promise.race([reached[other]?.promise, finished[other]?.promise]);
          },
        );
      });
      teardowns = await Promise.all(
        clients.map(async (inputs, i) => {
          // leave-target-open: the global plugin goes with the last client (point 6 keeps it by default).
          const result = await run(teardownOf(inputs, { 'leave-target-open': 'true', 'api-url': gates[i]?.url ?? '' }));
          finished[i]?.resolve();
          return result;
        }),
      );
    } finally {
      await Promise.all(gates.map((gate) => gate.close()));
    }
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('both exit 0, and nothing of the auth server is left: no auth server, no plugin', () => {
    teardowns.forEach(expectSuccess);
    const dump = emulator.store.dump();
    expect(dump.authServers.map((server) => server.name)).toEqual([]);
    expect(dump.plugins.filter((plugin) => plugin.name === 'openid-connect')).toEqual([]);
  });
});

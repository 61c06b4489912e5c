// Issue 20, point 4: a Consumer belongs to its client. create-consumer never adopts a Consumer made
// by hand (nor deletes it, nor its plugins); a teardown deletes only the Consumer the action made for
// the client it deletes (not after a mistyped auth-server-name, not when it keeps the client); two
// clients of the same name on two auth servers never fight over one Consumer; a concurrent run that
// created the Consumer first is a race lost and adopted, whether Konnect answers the duplicate with
// 409 (the Admin API, as the emulator does) or 400 `data constraint error` (Konnect, played by a gate).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreConstraintError, uniqueMessage } from '../emulator/api/errors.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { startGate, type Gate } from '../harness/gate.js';
import { coreEntities, konnectCall, seedHandmadeConsumer, seedServiceAndRoute, type SeededConsumer, type SeededRoute } from '../harness/handmade.js';
import { isMutation } from '../harness/request-log.js';
import { errorAnnotation, type ActionRun } from '../harness/run-action.js';
import { convergenceInputs, expectSuccess } from './convergence-kit.js';
import { entity, expectGateway, konnectWrites, run, teardownOf } from './ownership-kit.js';

const tokenOf = (run: ActionRun) => run.outputs['access-token'] ?? '';
const consumersOf = (emulator: Emulator, clientId: string | undefined) => emulator.store.dump().consumers.filter((consumer) => consumer.custom_id === clientId);

describe('point 4: a hand-made Consumer named like the client, with a rate-limiting plugin of its own', () => {
  let emulator: Emulator;
  let seeded: SeededConsumer;
  let before: { consumer: unknown; plugin: unknown };
  let provisioned: ActionRun;
  let afterProvisioning: { consumer: unknown; plugin: unknown };
  let clientConsumers: string[];
  let teardown: ActionRun;

  const snapshot = () => ({ consumer: entity(emulator, 'consumers', seeded.consumer.id), plugin: entity(emulator, 'plugins', seeded.plugin.id) });

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    seeded = await seedHandmadeConsumer(emulator, 'Client');
    before = snapshot();
    const inputs = convergenceInputs(emulator, { 'create-consumer': 'true' });
    provisioned = await run(inputs);
    afterProvisioning = snapshot();
    clientConsumers = consumersOf(emulator, provisioned.outputs['client-id']).map((consumer) => consumer.id);
    teardown = await run(teardownOf(inputs));
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('create-consumer neither adopts nor changes it: the client gets a Consumer of its own', async () => {
    expectSuccess(provisioned);
    expect(afterProvisioning).toEqual(before);
    expect(provisioned.outputs['consumer-id']).not.toBe(seeded.consumer.id);
    expect(clientConsumers).toEqual([provisioned.outputs['consumer-id']]);
  });

  it('the teardown deletes neither it nor its plugin, only the Consumer it made', () => {
    expectSuccess(teardown);
    expect(snapshot()).toEqual(before);
    expect(consumersOf(emulator, provisioned.outputs['client-id'])).toEqual([]);
  });
});

describe('point 4: a teardown with a mistyped auth-server-name', () => {
  let emulator: Emulator;
  let provisioned: ActionRun;
  let mistyped: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const inputs = convergenceInputs(emulator, { 'create-consumer': 'true' });
    provisioned = await run(inputs);
    expectSuccess(provisioned);
    mistyped = await run(teardownOf(inputs, { 'auth-server-name': 'Appointments Dve' }));
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it("deletes no live client's Consumer: the client's tokens keep passing", async () => {
    expect([0, 1]).toContain(mistyped.exitCode);
    expect(entity(emulator, 'consumers', provisioned.outputs['consumer-id'] ?? '')).toBeDefined();
    await expectGateway(emulator, { token: tokenOf(provisioned), withoutToken: 401 });
  });
});

describe("point 4: a teardown that keeps the client (it lacks the action's marks)", () => {
  let emulator: Emulator;
  let provisioned: ActionRun;
  let teardown: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const inputs = convergenceInputs(emulator, { 'create-consumer': 'true' });
    provisioned = await run(inputs);
    expectSuccess(provisioned);
    // The client made someone else's: its labels removed by hand.
    await konnectCall(emulator, 'PATCH', `/v1/auth-servers/${provisioned.outputs['auth-server-id']}/clients/${provisioned.outputs['client-id']}`, {
      labels: null,
    });
    teardown = await run(teardownOf(inputs));
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it("keeps the client's Consumer too: the client's tokens keep passing", async () => {
    expect([0, 1]).toContain(teardown.exitCode);
    const server = emulator.store.dump().authServers.find((candidate) => candidate.id === provisioned.outputs['auth-server-id']);
    expect(server?.clients.map((client) => client.id)).toEqual([provisioned.outputs['client-id']]);
    expect(entity(emulator, 'consumers', provisioned.outputs['consumer-id'] ?? '')).toBeDefined();
    await expectGateway(emulator, { token: tokenOf(provisioned), withoutToken: 401 });
  });
});

describe('point 4: two auth servers, each with a client of the same name and create-consumer', () => {
  let emulator: Emulator;
  let billing: SeededRoute;
  let first: ActionRun;
  let second: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    billing = await seedServiceAndRoute(emulator, 'billing', '/billing');
    first = await run(convergenceInputs(emulator, { 'create-consumer': 'true', route: 'example-route' }));
    expectSuccess(first);
    emulator.resetLog();
    second = await run(convergenceInputs(emulator, { 'create-consumer': 'true', route: 'billing-route', 'auth-server-name': 'Billing Dev' }));
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('each keeps working, or the second fails before any write naming the clash', async () => {
    if (second.exitCode === 0) {
      expect(second.outputs['consumer-id']).not.toBe(first.outputs['consumer-id']);
      await expectGateway(emulator, { path: billing.path, token: tokenOf(second), withoutToken: 401 });
    } else {
      expect(second.exitCode).toBe(1);
      expect(konnectWrites(emulator)).toBe('');
      expect(errorAnnotation(second)).toMatch(/Consumer/);
    }
    await expectGateway(emulator, { token: tokenOf(first), withoutToken: 401 });
    expect(consumersOf(emulator, first.outputs['client-id']).map((consumer) => consumer.id)).toEqual([first.outputs['consumer-id']]);
  });
});

describe.each([
  { duplicate: 409, as: 'the Admin API (the emulator)' },
  { duplicate: 400, as: 'Konnect (data constraint error)' },
])('point 4: a concurrent run created the Consumer first; the duplicate is a $duplicate, as $as answers', ({ duplicate }) => {
  let emulator: Emulator;
  let gate: Gate;
  let rivalId: string;
  let raced: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const converged = await run(convergenceInputs(emulator));
    expectSuccess(converged);
    const clientId = converged.outputs['client-id'] ?? '';
    gate = await startGate(emulator.apiUrl);
    const consumerWrite = /\/core-entities\/consumers(\/[^/]+)?$/;
    let firstWrite: { method: string; path: string } | undefined;
    // When the run first writes a Consumer, another run's Consumer for the same client appears first.
    gate.hold(
      (request) => isMutation(request) && consumerWrite.test(request.path) && firstWrite === undefined,
      async (request) => {
        firstWrite = { method: request.method, path: request.path };
        const rival = await konnectCall<{ id: string }>(emulator, 'POST', `${coreEntities(emulator)}/consumers`, {
          username: `Client-${clientId}`,
          custom_id: clientId,
          // The action's deck tag; its creation tag's exact form is the action's business (a Kong tag
          // cannot hold `/`), and adopting needs only that the Consumer maps this client.
          tags: ['kong-identity-oidc-action'],
        });
        rivalId = rival.id;
      },
    );
    if (duplicate === 400) {
      const konnect = coreConstraintError('custom_id', uniqueMessage('custom_id', clientId));
      gate.answer((request) =>
        firstWrite !== undefined && request.method === firstWrite.method && request.path === firstWrite.path
          ? { status: konnect.status, body: JSON.stringify(konnect.body) }
          : undefined,
      );
    }
    raced = await run(convergenceInputs(emulator, { 'create-consumer': 'true', 'api-url': gate.url }));
  }, 120_000);
  afterAll(async () => {
    await gate?.close();
    await emulator?.stop();
  });

  it('adopts the Consumer the other run made: exit 0, one Consumer for the client, its token mapped to it', async () => {
    expect(gate.holdFailures).toEqual([]);
    expect(rivalId).toBeDefined();
    expectSuccess(raced);
    expect(consumersOf(emulator, raced.outputs['client-id']).map((consumer) => consumer.id)).toEqual([rivalId]);
    expect(raced.outputs['consumer-id']).toBe(rivalId);
    await expectGateway(emulator, { token: tokenOf(raced), withoutToken: 401 });
  });
});

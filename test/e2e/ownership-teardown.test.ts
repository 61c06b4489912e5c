// Issue 20, points 6, 7, 9 and 10: what a teardown leaves and says.
// 6. It never opens a door silently: when deleting the plugin would leave its target (a global
//    plugin's control plane, a service that still exists) reachable without a token, the plugin stays
//    by default and the summary says so; leave-target-open: true deletes it, with a warning; when the
//    target is gone, nothing is left behind.
// 7. After the last client's teardown nothing the action created remains, whichever scopes and
//    claims each client used; what was not the action's is untouched.
// 9. It accepts the provisioning step's inputs, listing those it ignores once in a notice.
// 10. A teardown that fails half-way says what it already deleted (annotation and summary); a rerun
//    completes it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { gatewayStatus } from '../harness/how-to.js';
import { coreEntities, konnectCall, seedHandmadeConsumer, seedServiceAndRoute, type SeededConsumer } from '../harness/handmade.js';
import { errorAnnotation, type ActionRun } from '../harness/run-action.js';
import { AUTH_SERVER_NAME, convergenceInputs, expectSuccess } from './convergence-kit.js';
import { annotations, entity, run, settledAnswerWithoutToken, teardownOf } from './ownership-kit.js';

const oidcPlugins = (emulator: Emulator) => emulator.store.dump().plugins.filter((plugin) => plugin.name === 'openid-connect');
const authServersNamed = (emulator: Emulator, name = AUTH_SERVER_NAME) => emulator.store.dump().authServers.filter((server) => server.name === name);

describe.each([
  { target: 'global', extra: {} },
  { target: 'example-service, which still exists', extra: { service: 'example-service' } },
])("point 6: the last client's teardown, plugin $target", ({ extra }) => {
  let emulator: Emulator;
  let inputs: Record<string, string>;
  let provisioned: ActionRun;
  let teardown: ActionRun;
  let withoutToken: number;
  let withTheToken: number;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    inputs = convergenceInputs(emulator, extra);
    provisioned = await run(inputs);
    expectSuccess(provisioned);
    teardown = await run(teardownOf(inputs));
    withoutToken = await settledAnswerWithoutToken(emulator);
    withTheToken = await gatewayStatus(emulator, provisioned.outputs['access-token']);
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('keeps the gateway closed by default: the plugin stays, refusing requests with or without a token', () => {
    expectSuccess(teardown);
    expect(entity(emulator, 'plugins', provisioned.outputs['plugin-id'] ?? '')).toBeDefined();
    expect(withoutToken).not.toBe(200);
    expect(withTheToken).not.toBe(200);
    expect(authServersNamed(emulator)).toEqual([]);
  });

  it('says so in the summary, with the input that opens it', () => {
    expect(teardown.summary).toContain('leave-target-open');
  });

  it('a teardown rerun later with leave-target-open: true deletes the plugin it kept (its auth server is gone by then)', async () => {
    expectSuccess(await run(teardownOf(inputs, { 'leave-target-open': 'true' })));
    expect(oidcPlugins(emulator)).toEqual([]);
  });
});

describe("point 6: the last client's teardown with leave-target-open: true", () => {
  let emulator: Emulator;
  let teardown: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const inputs = convergenceInputs(emulator);
    expectSuccess(await run(inputs));
    teardown = await run(teardownOf(inputs, { 'leave-target-open': 'true' }));
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('deletes the plugin, with a warning that the target is now open', async () => {
    expectSuccess(teardown);
    expect(oidcPlugins(emulator)).toEqual([]);
    expect(await settledAnswerWithoutToken(emulator)).toBe(200);
    expect(annotations(teardown, 'warning').join('\n')).toMatch(/leave-target-open|without a token/);
  });
});

describe("point 6: the last client's teardown after its route was deleted", () => {
  let emulator: Emulator;
  let teardown: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const preview = await seedServiceAndRoute(emulator, 'preview', '/preview');
    const inputs = convergenceInputs(emulator, { route: 'preview-route' });
    expectSuccess(await run(inputs));
    // The preview environment goes first: its route (and, in Kong, the route's plugins) with it.
    await konnectCall(emulator, 'DELETE', `${coreEntities(emulator)}/routes/${preview.route.id}`);
    teardown = await run(teardownOf(inputs));
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('leaves nothing behind', () => {
    expectSuccess(teardown);
    expect(authServersNamed(emulator)).toEqual([]);
    expect(oidcPlugins(emulator)).toEqual([]);
  });
});

describe('point 7: two clients with different scopes and claims, then both torn down', () => {
  let emulator: Emulator;
  let handmadeServer: unknown;
  let handmadeServerId: string;
  let handmade: SeededConsumer;
  let handmadeConsumer: { consumer: unknown; plugin: unknown };
  let teardowns: ActionRun[];

  const consumerSnapshot = () => ({ consumer: entity(emulator, 'consumers', handmade.consumer.id), plugin: entity(emulator, 'plugins', handmade.plugin.id) });
  const serverSnapshot = () => emulator.store.dump().authServers.find((server) => server.id === handmadeServerId);

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    // What is not the action's: an auth server with a scope, a Consumer with a plugin of its own.
    handmadeServerId = (await konnectCall<{ id: string }>(emulator, 'POST', '/v1/auth-servers', { name: 'Directory', audience: 'https://directory.example' }))
      .id;
    await konnectCall(emulator, 'POST', `/v1/auth-servers/${handmadeServerId}/scopes`, { name: 'directory-read', enabled: true });
    handmadeServer = serverSnapshot();
    handmade = await seedHandmadeConsumer(emulator, 'ops-bot');
    handmadeConsumer = consumerSnapshot();

    const reader = convergenceInputs(emulator, { 'client-name': 'reader', scopes: 'orders-read', claims: 'team=payments', 'create-consumer': 'true' });
    const writer = convergenceInputs(emulator, { 'client-name': 'writer', scopes: 'orders-write\naudit', claims: 'tier=gold' });
    expectSuccess(await run(reader));
    expectSuccess(await run(writer));
    teardowns = [await run(teardownOf(reader)), await run(teardownOf(writer, { 'leave-target-open': 'true' }))];
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('leaves nothing the action created: no auth server (so no scope, claim or client), no plugin, no Consumer of its own', () => {
    teardowns.forEach(expectSuccess);
    expect(authServersNamed(emulator)).toEqual([]);
    expect(oidcPlugins(emulator)).toEqual([]);
    expect(emulator.store.dump().consumers.map((consumer) => consumer.id)).toEqual([handmade.consumer.id]);
  });

  it("leaves what was not the action's as it was", () => {
    expect(serverSnapshot()).toEqual(handmadeServer);
    expect(consumerSnapshot()).toEqual(handmadeConsumer);
  });
});

describe("point 9: a teardown step given the provisioning step's inputs", () => {
  let emulator: Emulator;
  let teardown: ActionRun;
  let post: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const inputs = convergenceInputs(emulator, {
      'require-scopes': 'true',
      'replace-plugin-issuer': 'true',
      'revoke-secret-on-exit': 'true',
      'create-consumer': 'true',
      'proxy-url': emulator.proxyUrl,
      'check-timeout': '20',
      'seal-key': randomBytes(32).toString('base64'),
    });
    expectSuccess(await run(inputs));
    const teardownInputs = teardownOf(inputs);
    teardown = await run(teardownInputs);
    post = await run(teardownInputs, { postState: teardown.state });
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('accepts them and tears down', () => {
    expectSuccess(teardown);
    expect(authServersNamed(emulator)).toEqual([]);
    expect(emulator.store.dump().consumers).toEqual([]);
  });

  it('lists the inputs it ignores once, in a notice', () => {
    const notices = annotations(teardown, 'notice').filter((notice) => notice.includes('revoke-secret-on-exit'));
    expect(notices).toHaveLength(1);
  });

  it("the teardown's post step succeeds", () => {
    expectSuccess(post);
  });
});

describe('point 10: a teardown that fails half-way', () => {
  let emulator: Emulator;
  let failed: ActionRun;
  let rerun: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const inputs = convergenceInputs(emulator, { 'create-consumer': 'true', 'retry-max-attempts': '1' });
    expectSuccess(await run(inputs));
    // Everything goes but the auth server itself, whose deletion keeps failing.
    emulator.addFault('DELETE /v1/auth-servers/* 500');
    failed = await run(teardownOf(inputs));
    emulator.clearFaults();
    rerun = await run(teardownOf(inputs));
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('fails, saying in its error annotation what it already deleted', () => {
    expect(failed.exitCode).toBe(1);
    const error = errorAnnotation(failed);
    expect(error).toMatch(/deleted/i);
    expect(error).toContain('Client');
    expect(error).toContain('my-scope');
  });

  it('and in the job summary', () => {
    expect(failed.summary).toMatch(/deleted/i);
    expect(failed.summary).toContain('Client');
    expect(failed.summary).toContain('my-scope');
  });

  it('a rerun completes it', () => {
    expectSuccess(rerun);
    expect(authServersNamed(emulator)).toEqual([]);
  });
});

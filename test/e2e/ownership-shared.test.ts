// Issue 20, point 3: the auth server and its plugin are shared by every client of the auth server,
// so settings that belong to one client never lock another out. create-consumer on one client
// leaves the other clients' tokens passing; require-scopes keeps each client's own scope set
// accepted (one scopes_required entry per set), and a teardown removes only the departing client's
// entry; a change to the auth server's audience that would lock the other clients out fails before
// any write, naming them, unless replace-audience takes it over (with a warning).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { gatewayStatus, mintToken } from '../harness/how-to.js';
import { errorAnnotation, type ActionRun } from '../harness/run-action.js';
import { convergenceInputs, expectSuccess } from './convergence-kit.js';
import { annotations, expectGateway, konnectWrites, run, teardownOf } from './ownership-kit.js';

const tokenOf = (run: ActionRun) => run.outputs['access-token'] ?? '';

describe('point 3: create-consumer on one client of a shared auth server', () => {
  let emulator: Emulator;
  let plain: ActionRun;
  let withConsumer: ActionRun;
  let consumerInputs: Record<string, string>;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    plain = await run(convergenceInputs(emulator, { 'client-name': 'pr-41' }));
    expectSuccess(plain);
    consumerInputs = convergenceInputs(emulator, { 'client-name': 'pr-42', 'create-consumer': 'true' });
    withConsumer = await run(consumerInputs);
    expectSuccess(withConsumer);
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it("leaves the other client's token passing, beside its own", async () => {
    await expectGateway(emulator, { token: tokenOf(plain), withoutToken: 401 });
    await expectGateway(emulator, { token: tokenOf(withConsumer), withoutToken: 401 });
  });

  it("its teardown leaves the other client's token passing", async () => {
    expectSuccess(await run(teardownOf(consumerInputs)));
    expect(emulator.store.dump().consumers).toEqual([]);
    await expectGateway(emulator, { token: tokenOf(plain), withoutToken: 401 });
  });
});

describe('point 3: require-scopes on two clients with different scopes', () => {
  let emulator: Emulator;
  let first: ActionRun;
  let second: ActionRun;
  let secondInputs: Record<string, string>;
  const token = (run: ActionRun, scope: string) =>
    mintToken(run.outputs['issuer-url'] ?? '', run.outputs['client-id'] ?? '', run.outputs['client-secret'] ?? '', scope);

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    first = await run(convergenceInputs(emulator, { 'client-name': 'reader', scopes: 'orders-read', claims: '', 'require-scopes': 'true' }));
    expectSuccess(first);
    secondInputs = convergenceInputs(emulator, { 'client-name': 'writer', scopes: 'orders-write\naudit', claims: '', 'require-scopes': 'true' });
    second = await run(secondInputs);
    expectSuccess(second);
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it("accepts each client's own scope set, and still refuses a token without one", async () => {
    await expectGateway(emulator, { token: tokenOf(first), withoutToken: 401 });
    await expectGateway(emulator, { token: tokenOf(second), withoutToken: 401 });
    // A token with no scope (Kong Identity grants openid only where the emulator is told it does: issue 22).
    expect(await gatewayStatus(emulator, await token(first, ''))).toBe(403);
    // A space inside one entry is AND: half of the second client's set is not enough.
    expect(await gatewayStatus(emulator, await token(second, 'audit'))).toBe(403);
  });

  it("a teardown of one client removes only its entry: the other's token keeps passing, the departed set is no longer accepted", async () => {
    // The teardown step is given the provisioning step's inputs without require-scopes, so that this
    // test does not depend on point 9 (teardown accepting every provisioning input).
    const { 'require-scopes': _dropped, ...withoutRequireScopes } = secondInputs;
    expectSuccess(await run(teardownOf(withoutRequireScopes)));
    await expectGateway(emulator, { token: tokenOf(first), withoutToken: 401 });
    const plugin = emulator.store.dump().plugins.find((candidate) => candidate.id === first.outputs['plugin-id']);
    const entries = (plugin?.config['scopes_required'] as string[] | null | undefined) ?? [];
    expect(entries.some((entry) => entry.split(' ').includes('orders-write'))).toBe(false);
    expect(entries.some((entry) => entry.split(' ').includes('orders-read'))).toBe(true);
  });
});

describe('point 3: a second workflow on the shared auth server with another audience', () => {
  let emulator: Emulator;
  let first: ActionRun;
  let second: ActionRun;
  let secondWrites: string;
  let replaced: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    first = await run(convergenceInputs(emulator, { 'client-name': 'team-a' }));
    expectSuccess(first);
    emulator.resetLog();
    const other = convergenceInputs(emulator, { 'client-name': 'team-b', audience: 'http://other-api.dev' });
    second = await run(other);
    secondWrites = konnectWrites(emulator);
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('fails before any write, naming the clients it would lock out', () => {
    expect(second.exitCode).toBe(1);
    expect(secondWrites).toBe('');
    expect(errorAnnotation(second)).toContain('team-a');
    expect(errorAnnotation(second)).toContain('replace-audience');
  });

  it("leaves the first team's token passing", async () => {
    await expectGateway(emulator, { token: tokenOf(first), withoutToken: 401 });
  });

  it('replace-audience: true takes it over, with a warning', async () => {
    replaced = await run(convergenceInputs(emulator, { 'client-name': 'team-b', audience: 'http://other-api.dev', 'replace-audience': 'true' }));
    expectSuccess(replaced);
    expect(annotations(replaced, 'warning').join('\n')).toMatch(/audience/);
    await expectGateway(emulator, { token: tokenOf(replaced), withoutToken: 401 });
  });
});

// create-consumer: exactly one Consumer for the client (custom_id the client id, username the
// client name, the action's tag), a rerun changes nothing, and the gateway check shows the token
// reaching the upstream as that Consumer (X-Consumer-ID in /anything's echo). Teardown deletes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { isKonnectApi, isMutation } from '../harness/request-log.js';
import { runAction, type ActionRun } from '../harness/run-action.js';
import { convergenceInputs, describeRequests, expectSuccess } from './convergence-kit.js';

const SECRETS_PATH = /\/clients\/[^/]+\/secrets(\/[^/]+)?$/;

describe('create-consumer: true', () => {
  let emulator: Emulator;
  let inputs: Record<string, string>;
  let first: ActionRun;
  let rerun: ActionRun;
  let rerunWrites: string;
  let teardown: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 200 });
    inputs = convergenceInputs(emulator, { 'create-consumer': 'true', 'proxy-url': emulator.proxyUrl, 'check-timeout': '30' });
    first = await runAction(inputs, { timeoutMs: 60_000 });
    emulator.resetLog();
    rerun = await runAction(inputs, { timeoutMs: 60_000 });
    rerunWrites = describeRequests(
      emulator
        .requests()
        .filter(isKonnectApi)
        .filter(isMutation)
        .filter((entry) => !SECRETS_PATH.test(entry.path)),
    );
  }, 120_000);
  afterAll(async () => emulator?.stop());

  const consumers = () => emulator.store.dump().consumers;

  it('creates exactly one Consumer, for the client, and outputs its id', () => {
    expectSuccess(first);
    const all = consumers();
    expect(all).toHaveLength(1);
    // The username carries the client id, so two clients of one name on two auth servers never share one (issue 20).
    expect(all[0]).toMatchObject({ id: first.outputs['consumer-id'], custom_id: first.outputs['client-id'], username: `Client-${first.outputs['client-id']}` });
    expect(all[0]?.tags).toContain('kong-identity-oidc-action');
    expect(all[0]?.tags).toContain('kio-created:acme:payments');
  });

  it('has the plugin map tokens by the client_id claim', () => {
    const plugin = emulator.store.dump().plugins.find((candidate) => candidate.id === first.outputs['plugin-id']);
    const mapping = plugin?.config['consumer_claims'] ?? [plugin?.config['consumer_claim']];
    expect(mapping).toEqual([['client_id']]);
  });

  it('shows in the check that the token reached the upstream as that Consumer', () => {
    expect(first.outputs['check-status']).toBe('passed');
    expect(first.stdout).toContain(`reached the upstream as Consumer ${first.outputs['consumer-id']} (X-Consumer-ID)`);
    expect(first.summary).toContain(`mapped to Consumer ${first.outputs['consumer-id']}`);
  });

  it('changes nothing on a rerun (but the secret rotation)', () => {
    expectSuccess(rerun);
    expect(rerunWrites).toBe('');
    expect(consumers()).toHaveLength(1);
    expect(rerun.outputs['consumer-id']).toBe(first.outputs['consumer-id']);
  });

  it('is deleted by teardown with the same inputs', async () => {
    teardown = await runAction({ ...inputs, mode: 'teardown' }, { timeoutMs: 60_000 });
    expectSuccess(teardown);
    expect(teardown.stdout).toContain(`deleted consumer "Client" (${first.outputs['consumer-id']})`);
    expect(consumers()).toEqual([]);
  });
});

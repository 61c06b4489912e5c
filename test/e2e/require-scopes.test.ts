// require-scopes: the plugin's scopes_required becomes all of the action's scopes (one entry: AND),
// the gateway check proves it with a narrower token of the same client (403) beside the full one
// (200), and turning the input off removes the scopes_required the action set, and only that one.
// The tests' own narrow token requests no scope: whether Kong Identity grants `openid` to such a
// client is unknown (issue 22; the emulator refuses it by default), so nothing here depends on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { clientFor, quickstart } from '../emulator/testing.js';
import { gatewayStatus, mintToken } from '../harness/how-to.js';
import { runAction, type ActionRun } from '../harness/run-action.js';
import { convergenceInputs, expectSuccess } from './convergence-kit.js';

const SCOPES_TAG = 'kong-identity-oidc-action-scopes-required';

/** A token of the run's client requesting `scope`, straight from the issuer. */
const tokenFor = (run: ActionRun, scope: string): Promise<string> =>
  mintToken(run.outputs['issuer-url'] ?? '', run.outputs['client-id'] ?? '', run.outputs['client-secret'] ?? '', scope);

const thePlugin = (emulator: Emulator, run: ActionRun) => emulator.store.dump().plugins.find((plugin) => plugin.id === run.outputs['plugin-id']);

describe('require-scopes: true, then turned off', () => {
  let emulator: Emulator;
  let inputs: Record<string, string>;
  let enforced: ActionRun;
  let pluginWhileOn: ReturnType<typeof thePlugin>;
  let statusesWhileOn: { full: number; noScope: number };
  let released: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 300 });
    inputs = convergenceInputs(emulator, { 'proxy-url': emulator.proxyUrl, 'check-timeout': '30' });
    expectSuccess(await runAction(inputs, { timeoutMs: 60_000 }));
    // The plugin already passes full tokens: the check must wait for scopes_required to arrive.
    enforced = await runAction({ ...inputs, 'require-scopes': 'true' }, { timeoutMs: 60_000 });
    pluginWhileOn = thePlugin(emulator, enforced);
    statusesWhileOn = {
      full: await gatewayStatus(emulator, await tokenFor(enforced, 'my-scope other-scope')),
      noScope: await gatewayStatus(emulator, await tokenFor(enforced, '')),
    };
    released = await runAction(inputs, { timeoutMs: 60_000 });
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('sets scopes_required to every scope in one entry, and tags the plugin as its owner', () => {
    expectSuccess(enforced);
    expect(pluginWhileOn?.config['scopes_required']).toEqual(['my-scope other-scope']);
    expect(pluginWhileOn?.tags).toContain(SCOPES_TAG);
  });

  it('makes a token without the scopes get 403, and the check reports both answers', () => {
    expect(statusesWhileOn).toEqual({ full: 200, noScope: 403 });
    expect(enforced.outputs['check-status']).toBe('passed');
    expect(enforced.summary).toContain('200 with the token, 401 without, 403 with a token without the action&#39;s scopes');
  });

  it('removes scopes_required on the next run without it, and its tag', async () => {
    expectSuccess(released);
    const plugin = thePlugin(emulator, released);
    expect(plugin?.config['scopes_required'] ?? null).toBeNull();
    expect(plugin?.tags).not.toContain(SCOPES_TAG);
    expect(released.stdout).toMatch(/plugin "openid-connect \(global\)": updated .*scopes_required: \["my-scope other-scope"\] -> null/);
    await expect.poll(async () => gatewayStatus(emulator, await tokenFor(released, '')), { timeout: 10_000, interval: 100 }).toBe(200);
  });
});

describe('a scopes_required the action did not set', () => {
  let emulator: Emulator;
  let rerun: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const inputs = convergenceInputs(emulator);
    const first = await runAction(inputs, { timeoutMs: 60_000 });
    expectSuccess(first);
    const api = clientFor(emulator);
    const { core } = quickstart(emulator);
    const plugin = (await api.get(`${core}/plugins/${first.outputs['plugin-id']}`)).body;
    const put = await api.put(`${core}/plugins/${plugin.id}`, {
      name: plugin.name,
      enabled: true,
      tags: plugin.tags,
      config: { ...plugin.config, scopes_required: ['my-scope'] },
    });
    expect(put.status).toBe(200);
    rerun = await runAction(inputs, { timeoutMs: 60_000 });
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('is left as it is with require-scopes off', () => {
    expectSuccess(rerun);
    expect(emulator.store.dump().plugins[0]?.config['scopes_required']).toEqual(['my-scope']);
    expect(rerun.stdout).toMatch(/plugin "openid-connect \(global\)": unchanged/);
  });
});

// Two auth servers never fight over one plugin: a run whose plugin (same control plane, same scope)
// trusts another auth server that still exists fails before any write, naming it; with
// replace-plugin-issuer it takes the plugin over; a plugin left trusting a deleted auth server's
// issuer is drift, repaired. The bundled action against the emulator; the request log and the
// gateway are the evidence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { clientFor } from '../emulator/testing.js';
import { isKonnectApi, isMutation } from '../harness/request-log.js';
import { loggedLines, runAction, type ActionRun } from '../harness/run-action.js';
import { convergenceInputs, describeRequests, expectSuccess, expectTokenPasses } from './convergence-kit.js';

const FIRST = 'Appointments Dev';
const SECOND = 'Appointments dev'; // the matrix example's name: another auth server
const globalPlugins = (emulator: Emulator) =>
  emulator.store.dump().plugins.filter((plugin) => plugin.name === 'openid-connect' && !plugin.service && !plugin.route);
const issuerOf = (emulator: Emulator, name: string) => emulator.store.dump().authServers.find((server) => server.name === name)?.issuer;

describe('a second auth server aimed at the same control plane and scope', () => {
  let emulator: Emulator;
  let first: ActionRun;
  let second: ActionRun;
  let secondLog: string;
  let plan: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 100 });
    first = await runAction(convergenceInputs(emulator), { timeoutMs: 60_000 });
    expectSuccess(first);
    emulator.resetLog();
    second = await runAction(convergenceInputs(emulator, { 'auth-server-name': SECOND }), { timeoutMs: 60_000 });
    plan = await runAction(convergenceInputs(emulator, { 'auth-server-name': SECOND, 'dry-run': 'true' }), { timeoutMs: 60_000 });
    secondLog = describeRequests(emulator.requests().filter(isKonnectApi).filter(isMutation));
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('fails naming the first auth server and the ways out', () => {
    expect(second.exitCode).toBe(1);
    const log = loggedLines(second).join('\n');
    expect(log).toContain(`trusts auth server "${FIRST}"`);
    expect(log).toMatch(/another service or route/);
    expect(log).toMatch(/another control plane/);
    expect(log).toMatch(/replace-plugin-issuer: true/);
  });

  it('fails the same way in a dry run', () => {
    expect(plan.exitCode).toBe(1);
    expect(loggedLines(plan).join('\n')).toContain(`trusts auth server "${FIRST}"`);
  });

  it("changes nothing: no write, and the first one's token still passes the gateway", async () => {
    expect(secondLog).toBe('');
    expect(emulator.store.dump().authServers.map((server) => server.name)).toEqual([FIRST]);
    await expectTokenPasses(emulator, first);
  });
});

describe('a second auth server with replace-plugin-issuer: true', () => {
  let emulator: Emulator;
  let first: ActionRun;
  let takeover: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 100 });
    first = await runAction(convergenceInputs(emulator), { timeoutMs: 60_000 });
    expectSuccess(first);
    takeover = await runAction(convergenceInputs(emulator, { 'auth-server-name': SECOND, 'replace-plugin-issuer': 'true' }), { timeoutMs: 60_000 });
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('takes the plugin over, warning whose it was', async () => {
    expectSuccess(takeover);
    expect(takeover.stdout).toMatch(new RegExp(`::warning::.*trusted auth server "${FIRST}"`));
    const plugins = globalPlugins(emulator);
    expect(plugins).toHaveLength(1);
    expect(plugins[0]?.id).toBe(first.outputs['plugin-id']);
    expect(plugins[0]?.config['issuer']).toBe(issuerOf(emulator, SECOND));
    await expectTokenPasses(emulator, takeover);
  });
});

describe('a plugin left trusting the issuer of an auth server since deleted', () => {
  let emulator: Emulator;
  let repaired: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 100 });
    expectSuccess(await runAction(convergenceInputs(emulator, { 'auth-server-name': SECOND }), { timeoutMs: 60_000 }));
    const gone = emulator.store.dump().authServers.find((server) => server.name === SECOND);
    expect((await clientFor(emulator).delete(`/v1/auth-servers/${gone?.id}?force=true`)).status).toBe(204);
    repaired = await runAction(convergenceInputs(emulator), { timeoutMs: 60_000 });
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('is repaired as drift: the run succeeds and the plugin trusts this auth server', async () => {
    expectSuccess(repaired);
    expect(repaired.stdout).toMatch(/plugin "openid-connect \(global\)": updated .*issuer/);
    expect(globalPlugins(emulator).map((plugin) => plugin.config['issuer'])).toEqual([issuerOf(emulator, FIRST)]);
    await expectTokenPasses(emulator, repaired);
  });
});

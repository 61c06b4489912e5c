// The post step, run as the runner runs it: after the main step, with the state that step saved
// handed over as STATE_* variables. With revoke-secret-on-exit it deletes the secret the run created.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { loggedLines, runAction, type ActionRun } from '../harness/run-action.js';
import { activeSecrets, expectSuccess, convergenceInputs, theClient } from './convergence-kit.js';
import { mintStatus } from '../harness/how-to.js';

const KEPT_SECRET = 'kept-in-the-repository-secrets-0123456789';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ propagationMs: 0 });
});
afterEach(async () => {
  await emulator.stop();
  expect(emulator.violations()).toEqual([]);
});

const inputs = (overrides: Record<string, string> = {}) => convergenceInputs(emulator, overrides);
const main = (overrides: Record<string, string> = {}) => runAction(inputs(overrides), { timeoutMs: 60_000 });
/** The post step: the same inputs, and the main step's saved state. */
const post = (mainStep: ActionRun, overrides: Record<string, string> = {}) => runAction(inputs(overrides), { postState: mainStep.state, timeoutMs: 60_000 });

const secretIds = () => theClient(emulator.store.dump()).secrets.map((secret) => secret.id);

/** Neither the saved state nor the post step's log holds a secret value. */
function expectNoSecretIn(mainStep: ActionRun, postStep: ActionRun): void {
  const secrets = [emulator.konnectToken, mainStep.outputs['client-secret'] ?? '', mainStep.outputs['access-token'] ?? ''];
  const saved = JSON.stringify(mainStep.state);
  const logged = `${loggedLines(postStep).join('\n')}\n${postStep.summary}`;
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(8);
    expect(saved).not.toContain(secret);
    expect(logged).not.toContain(secret);
  }
}

describe('revoke-secret-on-exit: true', () => {
  it('deletes the secret a rotation made, and only it', async () => {
    expectSuccess(await main());
    const mainStep = await main({ 'revoke-secret-on-exit': 'true' });
    expectSuccess(mainStep);
    const [rotated] = secretIds();
    expect(secretIds()).toHaveLength(1);
    expect(await mintStatus(mainStep.outputs['issuer-url'] ?? '', mainStep.outputs['client-id'] ?? '', mainStep.outputs['client-secret'] ?? '')).toBe(200);

    emulator.resetLog();
    const postStep = await post(mainStep, { 'revoke-secret-on-exit': 'true' });
    expectSuccess(postStep);
    // Reads that confirm the saved ids are the named auth server's, its named client's and that
    // client's secret; then the one write.
    const client = `/v1/auth-servers/${mainStep.outputs['auth-server-id']}/clients/${mainStep.outputs['client-id']}`;
    expect(emulator.requests().map((entry) => `${entry.method} ${entry.path.split('?')[0]} ${entry.status}`)).toEqual([
      'GET /v1/auth-servers 200',
      `GET /v1/auth-servers/${mainStep.outputs['auth-server-id']}/clients 200`,
      `GET ${client}/secrets 200`,
      `DELETE ${client}/secrets/${rotated} 204`,
    ]);
    expect(secretIds()).toEqual([]);
    expect(await mintStatus(mainStep.outputs['issuer-url'] ?? '', mainStep.outputs['client-id'] ?? '', mainStep.outputs['client-secret'] ?? '')).toBe(401);
    expectNoSecretIn(mainStep, postStep);
  });

  it('deletes the secret a new client was created with', async () => {
    const mainStep = await main({ 'revoke-secret-on-exit': 'true' });
    expectSuccess(mainStep);
    expect(secretIds()).toHaveLength(1);

    const postStep = await post(mainStep, { 'revoke-secret-on-exit': 'true' });
    expectSuccess(postStep);
    expect(secretIds()).toEqual([]);
    expect(await mintStatus(mainStep.outputs['issuer-url'] ?? '', mainStep.outputs['client-id'] ?? '', mainStep.outputs['client-secret'] ?? '')).toBe(401);
    expectNoSecretIn(mainStep, postStep);
  });

  // Issue 20, point 8: a client-secret is the user's own, even when the run had to install it.
  it('keeps an installed client-secret (it is yours), and the secret that was there before', async () => {
    const first = await main();
    expectSuccess(first);
    const mainStep = await main({ 'client-secret': KEPT_SECRET, 'revoke-secret-on-exit': 'true' });
    expectSuccess(mainStep);
    expect(activeSecrets(theClient(emulator.store.dump()))).toHaveLength(2);

    expect(mainStep.stdout).toContain('none will be revoked');
    const postStep = await post(mainStep, { 'client-secret': KEPT_SECRET, 'revoke-secret-on-exit': 'true' });
    expectSuccess(postStep);
    const issuer = mainStep.outputs['issuer-url'] ?? '';
    const clientId = mainStep.outputs['client-id'] ?? '';
    expect(secretIds()).toHaveLength(2);
    expect(await mintStatus(issuer, clientId, KEPT_SECRET)).toBe(200);
    expect(await mintStatus(issuer, clientId, first.outputs['client-secret'] ?? '')).toBe(200);
    expectNoSecretIn(mainStep, postStep);
  });

  it('revokes nothing when the run created no secret (client-secret already accepted)', async () => {
    expectSuccess(await main({ 'client-secret': KEPT_SECRET }));
    const mainStep = await main({ 'client-secret': KEPT_SECRET, 'revoke-secret-on-exit': 'true' });
    expectSuccess(mainStep);
    emulator.resetLog();
    const postStep = await post(mainStep, { 'client-secret': KEPT_SECRET, 'revoke-secret-on-exit': 'true' });
    expectSuccess(postStep);
    expect(emulator.requests()).toEqual([]);
    expect(await mintStatus(mainStep.outputs['issuer-url'] ?? '', mainStep.outputs['client-id'] ?? '', KEPT_SECRET)).toBe(200);
  });

  it('a secret already gone is no failure', async () => {
    const mainStep = await main({ 'revoke-secret-on-exit': 'true' });
    expectSuccess(mainStep);
    expectSuccess(await post(mainStep, { 'revoke-secret-on-exit': 'true' }));
    const again = await post(mainStep, { 'revoke-secret-on-exit': 'true' });
    expectSuccess(again);
    expect(again.stdout).toMatch(/already gone/);
  });
});

describe('revoke-secret-on-exit: false (the default)', () => {
  it('the post step makes no request (nor runs the main step again), and the secret keeps working', async () => {
    const mainStep = await main();
    expectSuccess(mainStep);
    const before = secretIds();
    emulator.resetLog();
    const postStep = await post(mainStep);
    expectSuccess(postStep);
    expect(emulator.requests()).toEqual([]);
    expect(postStep.outputs).toEqual({});
    expect(secretIds()).toEqual(before);
    expect(await mintStatus(mainStep.outputs['issuer-url'] ?? '', mainStep.outputs['client-id'] ?? '', mainStep.outputs['client-secret'] ?? '')).toBe(200);
    expectNoSecretIn(mainStep, postStep);
  });
});

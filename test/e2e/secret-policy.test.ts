// The one-time secret policy, branch by branch, with the bundled action run as the runner runs it.
// Konnect shows a secret only once and allows two active ones per client; each branch must still
// hand out a secret that mints tokens and a token the gateway accepts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { clientFor } from '../emulator/testing.js';
import { isKonnectApi, isMutation } from '../harness/request-log.js';
import { runAction, type ActionRun } from '../harness/run-action.js';
import { activeSecrets, describeRequests, expectConverged, expectSuccess, expectWorkingCredentials, convergenceInputs, theClient } from './convergence-kit.js';
import { mintStatus } from '../harness/how-to.js';

const KEPT_SECRET = 'kept-in-the-repository-secrets-0123456789';
const SECRETS = /\/clients\/[^/]+\/secrets$/;
const A_SECRET = /\/clients\/[^/]+\/secrets\/([^/]+)$/;

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ propagationMs: 200 });
});
afterEach(async () => {
  await emulator.stop();
  expect(emulator.violations()).toEqual([]);
});

/** Requests that create, change or delete a client secret. */
const secretWrites = () =>
  emulator.requests().filter((entry) => isKonnectApi(entry) && isMutation(entry) && (SECRETS.test(entry.path) || A_SECRET.test(entry.path)));

const run = (overrides: Record<string, string> = {}): Promise<ActionRun> => runAction(convergenceInputs(emulator, overrides), { timeoutMs: 60_000 });

/** A first run (without client-secret), then a second secret added through the API: the client is at its limit. */
async function clientWithTwoSecrets(): Promise<{ first: ActionRun; addedSecret: string; oldestId: string }> {
  const first = await run();
  expectSuccess(first);
  const api = clientFor(emulator);
  const [oldest] = theClient(emulator.store.dump()).secrets;
  const added = await api.post(`/v1/auth-servers/${first.outputs['auth-server-id']}/clients/${first.outputs['client-id']}/secrets`, { enabled: true });
  expect(added.status).toBe(201);
  expect(activeSecrets(theClient(emulator.store.dump()))).toHaveLength(2);
  return { first, addedSecret: added.body.secret, oldestId: oldest?.id ?? '' };
}

describe('a client created by this run', () => {
  it('without client-secret: hands out the secret Konnect generated at creation, and makes no other', async () => {
    const first = await run();
    expectSuccess(first);
    expect(describeRequests(secretWrites())).toBe('');
    expect(theClient(emulator.store.dump()).secrets).toHaveLength(1);
    await expectWorkingCredentials(emulator, first);
  });

  it('with client-secret: creates the client with that secret and hands it out', async () => {
    const first = await run({ 'client-secret': KEPT_SECRET });
    expectSuccess(first);
    expect(first.outputs['client-secret']).toBe(KEPT_SECRET);
    expect(describeRequests(secretWrites())).toBe('');
    expect(theClient(emulator.store.dump()).secrets).toHaveLength(1);
    await expectWorkingCredentials(emulator, first);
  });
});

describe('an existing client and a client-secret input', () => {
  it('that the client does not accept yet: installs it as a second secret', async () => {
    const first = await run();
    expectSuccess(first);
    emulator.resetLog();
    const second = await run({ 'client-secret': KEPT_SECRET });
    expectSuccess(second);
    expect(second.outputs['client-secret']).toBe(KEPT_SECRET);
    const writes = emulator.requests().filter(isKonnectApi).filter(isMutation);
    expect(writes.map((entry) => `${entry.method} ${SECRETS.test(entry.path) ? 'secrets' : entry.path}`)).toEqual(['POST secrets']);
    const client = theClient(emulator.store.dump());
    expect(activeSecrets(client)).toHaveLength(2);
    // The secret the first run handed out still works beside it: nothing was evicted without need.
    expect(await mintStatus(first.outputs['issuer-url'] ?? '', client.id, first.outputs['client-secret'] ?? '')).toBe(200);
    await expectWorkingCredentials(emulator, second);
  });

  it('that the client does not accept, at the two-secret limit: evicts the oldest, then installs it', async () => {
    const { first, addedSecret, oldestId } = await clientWithTwoSecrets();
    emulator.resetLog();
    const second = await run({ 'client-secret': KEPT_SECRET });
    expectSuccess(second);
    const client = theClient(emulator.store.dump());
    expect(activeSecrets(client)).toHaveLength(2);
    expect(client.secrets.map((secret) => secret.id)).not.toContain(oldestId);
    const deletes = emulator
      .requests()
      .filter(isKonnectApi)
      .filter((entry) => entry.method === 'DELETE');
    expect(deletes.map((entry) => A_SECRET.exec(entry.path)?.[1])).toEqual([oldestId]);
    const issuer = first.outputs['issuer-url'] ?? '';
    expect(await mintStatus(issuer, client.id, first.outputs['client-secret'] ?? '')).toBe(401);
    expect(await mintStatus(issuer, client.id, addedSecret)).toBe(200);
    expect(second.outputs['client-secret']).toBe(KEPT_SECRET);
    await expectWorkingCredentials(emulator, second);
  });

  it('that the client accepts: changes nothing', async () => {
    const first = await run({ 'client-secret': KEPT_SECRET });
    expectSuccess(first);
    const before = theClient(emulator.store.dump());
    emulator.resetLog();
    const second = await run({ 'client-secret': KEPT_SECRET });
    expectSuccess(second);
    expect(describeRequests(emulator.requests().filter(isKonnectApi).filter(isMutation))).toBe('');
    expect(theClient(emulator.store.dump())).toEqual(before);
    expect(second.outputs['client-secret']).toBe(KEPT_SECRET);
    await expectWorkingCredentials(emulator, second);
  });
});

describe('an existing client and no client-secret input: rotation', () => {
  it('makes a new secret, checks it mints a token, then deletes the older one', async () => {
    const first = await run();
    expectSuccess(first);
    const [oldSecret] = theClient(emulator.store.dump()).secrets;
    emulator.resetLog();
    const second = await run();
    expectSuccess(second);

    const client = theClient(emulator.store.dump());
    expect(activeSecrets(client)).toHaveLength(1);
    const created = emulator.requests().findIndex((entry) => entry.method === 'POST' && SECRETS.test(entry.path) && entry.status === 201);
    const minted = emulator
      .requests()
      .findIndex((entry, index) => index > created && entry.method === 'POST' && entry.path.endsWith('/oauth/token') && entry.status === 200);
    const deleted = emulator.requests().findIndex((entry) => entry.method === 'DELETE');
    expect(created).toBeGreaterThanOrEqual(0);
    expect(minted).toBeGreaterThan(created);
    expect(deleted).toBeGreaterThan(minted);
    expect(
      emulator
        .requests()
        .filter((entry) => entry.method === 'DELETE')
        .map((entry) => A_SECRET.exec(entry.path)?.[1]),
    ).toEqual([oldSecret?.id]);

    expect(second.outputs['client-secret']).not.toBe(first.outputs['client-secret']);
    expect(await mintStatus(first.outputs['issuer-url'] ?? '', client.id, first.outputs['client-secret'] ?? '')).toBe(401);
    await expectWorkingCredentials(emulator, second);
  });

  it('at the two-secret limit: makes room, and ends with only the new secret active', async () => {
    const { first, addedSecret } = await clientWithTwoSecrets();
    const before = theClient(emulator.store.dump()).secrets.map((secret) => secret.id);
    emulator.resetLog();
    const second = await run();
    expectSuccess(second);

    const client = theClient(emulator.store.dump());
    expect(activeSecrets(client)).toHaveLength(1);
    const [kept] = client.secrets;
    expect(before).not.toContain(kept?.id);
    const deletedIds = emulator
      .requests()
      .filter((entry) => entry.method === 'DELETE')
      .map((entry) => A_SECRET.exec(entry.path)?.[1]);
    expect([...deletedIds].sort()).toEqual([...before].sort());
    const issuer = first.outputs['issuer-url'] ?? '';
    expect(await mintStatus(issuer, client.id, first.outputs['client-secret'] ?? '')).toBe(401);
    expect(await mintStatus(issuer, client.id, addedSecret)).toBe(401);
    expectConverged(emulator.store.dump(), convergenceInputs(emulator));
    await expectWorkingCredentials(emulator, second);
  });
});

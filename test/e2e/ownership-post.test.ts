// Issue 20, point 8: the post step (revoke-secret-on-exit) revokes only a secret whose id this run
// created and recorded: never another run's (two overlapping runs of one client), never the secret
// given as client-secret (a new client created with it, or an existing client it was installed on),
// and it says which secret it revoked, or why none. The main step and the post step run as the
// runner runs them (the post step gets the main step's saved state).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { startGate, type Gate } from '../harness/gate.js';
import { mintStatus } from '../harness/how-to.js';
import { loggedLines, type ActionRun } from '../harness/run-action.js';
import { activeSecrets, convergenceInputs, expectSuccess, theClient } from './convergence-kit.js';
import { run } from './ownership-kit.js';

const REVOKE = { 'revoke-secret-on-exit': 'true' } as const;
const KEPT_SECRET = 'kept-in-the-repository-secrets-0123456789';
const mints = (run: ActionRun, secret = run.outputs['client-secret'] ?? '') =>
  mintStatus(run.outputs['issuer-url'] ?? '', run.outputs['client-id'] ?? '', secret);
/** The post step: the step's inputs and the main step's saved state. */
const postOf = (inputs: Record<string, string>, mainStep: ActionRun) => run(inputs, { postState: mainStep.state });

describe('point 8: two overlapping runs of one client, both with revoke-secret-on-exit', () => {
  let emulator: Emulator;
  let gate: Gate;
  let first: ActionRun;
  let second: ActionRun;
  /** The ids of the secrets run 1 created: its client's creation secret, and any secret it added. */
  const createdByFirst = new Set<string>();
  let beforePost: string[];
  let secondMintedBeforePost: number;
  let firstPost: ActionRun;

  const secretIds = (clientId: string) =>
    emulator.store
      .dump()
      .authServers.flatMap((server) => server.clients)
      .filter((client) => client.id === clientId)
      .flatMap((client) => client.secrets.map((secret) => secret.id));

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    gate = await startGate(emulator.apiUrl);
    const inputs = convergenceInputs(emulator, REVOKE);
    // Run 2 starts once run 1 has its token (its client exists, its own secret works); run 1's later
    // reads of the client's secrets wait until run 2 has finished (rotated the secret, said which it made).
    let secondRun: Promise<ActionRun> | undefined;
    const secondStarted = new Promise<void>((started) => {
      const unsubscribe = emulator.onRequest((entry) => {
        if (secondRun === undefined && entry.method === 'POST' && entry.path.endsWith('/auth/oauth/token') && entry.status === 200) {
          unsubscribe();
          secondRun = run(inputs);
          started();
        }
      });
    });
    gate.hold(
      (request) => secondRun !== undefined && request.method === 'GET' && /\/clients\/[^/]+\/secrets$/.test(request.path),
      async () => {
        await secondStarted;
        await secondRun;
      },
    );
    // Which secrets run 1 made, read as its answers arrive: a new client has its creation secret alone.
    gate.watch((answer) => {
      if (answer.status !== 201 || answer.method !== 'POST') return;
      if (/\/clients$/.test(answer.path)) for (const id of secretIds((JSON.parse(answer.body) as { id: string }).id)) createdByFirst.add(id);
      if (/\/clients\/[^/]+\/secrets$/.test(answer.path)) createdByFirst.add((JSON.parse(answer.body) as { id: string }).id);
    });
    first = await run({ ...inputs, 'api-url': gate.url });
    await secondStarted;
    second = (await secondRun) as ActionRun;
    expectSuccess(second);
    beforePost = secretIds(second.outputs['client-id'] ?? '');
    secondMintedBeforePost = await mints(second);
    firstPost = await postOf(inputs, first);
  }, 120_000);
  afterAll(async () => {
    await gate?.close();
    await emulator?.stop();
  });

  it("run 1's post step deletes no secret but one run 1 created", () => {
    expectSuccess(firstPost);
    const deleted = beforePost.filter((id) => !secretIds(second.outputs['client-id'] ?? '').includes(id));
    expect(deleted.filter((id) => !createdByFirst.has(id))).toEqual([]);
  });

  it("so run 2's secret, which worked before it, still works", async () => {
    if (secondMintedBeforePost === 200) expect(await mints(second)).toBe(200);
  });

  it('says which secret it revoked, or why none', () => {
    expect(loggedLines(firstPost).join('\n')).toMatch(/secret/i);
  });
});

describe('point 8: client-secret given, with revoke-secret-on-exit', () => {
  let emulator: Emulator;
  let created: ActionRun;
  let createdPost: ActionRun;
  let mintedAfterCreatedPost: number;
  let installed: ActionRun;
  let installedPost: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    // A new client created with the repository's secret.
    const inputs = convergenceInputs(emulator, { ...REVOKE, 'client-secret': KEPT_SECRET });
    created = await run(inputs);
    expectSuccess(created);
    createdPost = await postOf(inputs, created);
    mintedAfterCreatedPost = await mints(created, KEPT_SECRET);
    // An existing client the repository's secret is installed on.
    const other = convergenceInputs(emulator, { 'client-name': 'Client-2' });
    expectSuccess(await run(other));
    const installing = { ...other, ...REVOKE, 'client-secret': KEPT_SECRET };
    installed = await run(installing);
    expectSuccess(installed);
    installedPost = await postOf(installing, installed);
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('the post step never deletes the secret a new client was created with from client-secret', () => {
    expectSuccess(createdPost);
    expect(mintedAfterCreatedPost).toBe(200);
    expect(activeSecrets(theClient(emulator.store.dump())).length).toBeGreaterThan(0);
  });

  it('nor the client-secret installed on an existing client', async () => {
    expectSuccess(installedPost);
    expect(await mints(installed, KEPT_SECRET)).toBe(200);
  });

  it('and says why it revoked none, naming client-secret', () => {
    expect(loggedLines(createdPost).join('\n')).toContain('client-secret');
    expect(loggedLines(installedPost).join('\n')).toContain('client-secret');
  });
});

// Claim names are not unique in Kong Identity, so concurrent first runs can each create a claim; each
// deletes its own copy unless it is the canonical one, but a run killed (or failed) before that leaves
// its copy behind. Found by the chaos campaign (seed 2026-12-02, schedules 105 and 136: "claims after
// the clean rerun: test-claim, team, test-claim, team"). A rerun must delete such copies (same name and
// settings as the claim it manages) and leave a same-named claim set up differently alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { clientFor } from '../emulator/testing.js';
import { runAction, type ActionRun } from '../harness/run-action.js';
import { convergenceInputs, expectSuccess, expectWorkingCredentials, theAuthServer } from './convergence-kit.js';

describe('a rerun after a run left copies of its claims', () => {
  let emulator: Emulator;
  let rerun: ActionRun;
  let original: { id: string; name: string };
  let copy: { id: string };
  let different: { id: string };

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const inputs = convergenceInputs(emulator);
    expectSuccess(await runAction(inputs, { timeoutMs: 60_000 }));
    const server = theAuthServer(emulator.store.dump());
    const testClaim = server.claims.find((claim) => claim.name === 'test-claim');
    if (!testClaim) throw new Error('the first run made no test-claim');
    original = testClaim;
    const api = clientFor(emulator);
    // What a killed concurrent run leaves: the same claim again.
    const { id: _id, created_at: _created, updated_at: _updated, ...fields } = testClaim as typeof testClaim & { updated_at?: string };
    copy = (await api.post(`/v1/auth-servers/${server.id}/claims`, fields)).body;
    // Someone's own claim that happens to share a name with one of the action's: another value.
    different = (
      await api.post(`/v1/auth-servers/${server.id}/claims`, { name: 'team', value: 'billing', include_in_token: true, include_in_all_scopes: true })
    ).body;
    expect(theAuthServer(emulator.store.dump()).claims).toHaveLength(4);
    rerun = await runAction(inputs, { timeoutMs: 60_000 });
  });
  afterAll(async () => {
    await emulator?.stop();
    expect(emulator.violations()).toEqual([]);
  });

  it('exits 0 with working credentials, and says which claims shared a name', async () => {
    expectSuccess(rerun);
    await expectWorkingCredentials(emulator, rerun);
    expect(rerun.stdout).toMatch(/::warning::2 claims are named "test-claim"; managing/);
    expect(rerun.stdout).toMatch(/::warning::2 claims are named "team"; managing/);
  });

  it('deletes the copy, keeps the original, and leaves the differently set-up claim alone', () => {
    const claims = theAuthServer(emulator.store.dump()).claims;
    expect(claims.filter((claim) => claim.name === 'test-claim').map((claim) => claim.id)).toEqual([original.id]);
    expect(claims.map((claim) => claim.id)).not.toContain(copy.id);
    expect(claims.map((claim) => claim.id)).toContain(different.id);
    const claimDeletes = emulator.requests().filter((entry) => entry.method === 'DELETE' && entry.path.includes('/claims/'));
    expect(claimDeletes.map((entry) => entry.path)).toEqual([expect.stringMatching(new RegExp(`/claims/${copy.id}$`))]);
  });
});

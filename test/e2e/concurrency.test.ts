// Three runs of the same inputs at once (a workflow without a `concurrency:` group, or a matrix),
// as the runner runs them: all succeed, and the org ends with one of each resource. Repeated over
// a few rounds, on an empty org and on one where everything exists, to shake out races.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { runAction, type ActionRun } from '../harness/run-action.js';
import { expectConverged, expectSuccess, expectTokenPasses, convergenceInputs } from './convergence-kit.js';
import { mintStatus } from '../harness/how-to.js';

const RUNS_AT_ONCE = 3;

function runTogether(emulator: Emulator): Promise<ActionRun[]> {
  const inputs = convergenceInputs(emulator);
  return Promise.all(Array.from({ length: RUNS_AT_ONCE }, () => runAction(inputs, { timeoutMs: 60_000 })));
}

/** Every run exits 0 with the same ids, its token passes the gateway, and the org has one of each resource. */
async function expectAllConverged(emulator: Emulator, runs: readonly ActionRun[]): Promise<void> {
  runs.forEach(expectSuccess);
  for (const output of ['auth-server-id', 'scope-ids', 'client-id', 'plugin-id']) {
    expect(new Set(runs.map((run) => run.outputs[output])).size, output).toBe(1);
  }
  expectConverged(emulator.store.dump(), convergenceInputs(emulator));
  // A run's secret may since have been retired by a sibling's later rotation; its token must pass.
  for (const run of runs) await expectTokenPasses(emulator, run);
}

// The three processes start a few hundred ms apart; a latency of that order makes each run's
// lookups overlap its siblings' creates (409s, the plugin's unique-constraint 400, the secret limit).
describe.each([
  { round: 1, latencyMs: 0 },
  { round: 2, latencyMs: 100 },
  { round: 3, latencyMs: 150 },
])('three runs at once, round $round (latency $latencyMs ms)', ({ latencyMs }) => {
  let emulator: Emulator;
  let onEmptyOrg: ActionRun[];

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 200, latencyMs });
    onEmptyOrg = await runTogether(emulator);
  });
  afterAll(async () => {
    await emulator?.stop();
    expect(emulator.violations()).toEqual([]);
  });

  it('on an empty org: all succeed, one of each resource, each token works', async () => {
    await expectAllConverged(emulator, onEmptyOrg);
  });

  it('on an org where everything exists (three rotations at once): the same', async () => {
    const rerun = await runTogether(emulator);
    await expectAllConverged(emulator, rerun);
    // At least the secret of the run that rotated last still mints tokens.
    const issuer = rerun[0]?.outputs['issuer-url'] ?? '';
    const clientId = rerun[0]?.outputs['client-id'] ?? '';
    const statuses = await Promise.all(rerun.map((run) => mintStatus(issuer, clientId, run.outputs['client-secret'] ?? '')));
    expect(statuses).toContain(200);
  });
});

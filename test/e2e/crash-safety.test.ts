// Crash safety: a first run in an empty org SIGKILLed right after its k-th Konnect API request, for
// every k, then the action run again as usual. The rerun must succeed and leave one of each
// resource: whatever the killed run left half done is adopted, never duplicated.
import { describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { isKonnectApi } from '../harness/request-log.js';
import { runAction } from '../harness/run-action.js';
import { describeRequests, expectConverged, expectSuccess, expectWorkingCredentials, convergenceInputs } from './convergence-kit.js';

/** Fresh emulators are cheap (no proxy delay: the rerun's token is checked at once). */
const freshEmulator = () => startEmulator({ propagationMs: 0 });

/** How many Konnect API requests a whole first run makes in an empty org. */
async function requestsOfAFirstRun(inputs: (emulator: Emulator) => Record<string, string>): Promise<number> {
  const emulator = await freshEmulator();
  try {
    const run = await runAction(inputs(emulator), { timeoutMs: 60_000 });
    expectSuccess(run);
    return emulator.requests().filter(isKonnectApi).length;
  } finally {
    await emulator.stop();
  }
}

/** Kills a first run after its k-th API request, reruns, and returns what went wrong (nothing: undefined). */
async function killAfterThenRerun(k: number, inputs: (emulator: Emulator) => Record<string, string>): Promise<string | undefined> {
  const emulator = await freshEmulator();
  try {
    const kill = new AbortController();
    let seen = 0;
    const unsubscribe = emulator.onRequest((entry) => {
      if (isKonnectApi(entry) && ++seen === k) kill.abort();
    });
    const killed = await runAction(inputs(emulator), { kill: kill.signal, timeoutMs: 60_000 });
    unsubscribe();
    if (killed.signal !== 'SIGKILL') return `k=${k}: the first run was not killed (exit ${killed.exitCode})`;
    const killedLog = describeRequests(emulator.requests().filter(isKonnectApi));

    const rerun = await runAction(inputs(emulator), { timeoutMs: 60_000 });
    try {
      expectSuccess(rerun);
      expectConverged(emulator.store.dump(), inputs(emulator));
      await expectWorkingCredentials(emulator, rerun);
    } catch (error) {
      return `k=${k}, killed after:\n${killedLog}\n${error instanceof Error ? error.message : String(error)}`;
    }
    return undefined;
  } finally {
    await emulator.stop();
  }
}

describe.each([
  { variant: 'a generated secret', overrides: {} as Record<string, string> },
  { variant: 'the client-secret input', overrides: { 'client-secret': 'kept-in-the-repository-secrets-0123456789' } as Record<string, string> },
])('a first run killed after each API request in turn, then rerun ($variant)', ({ overrides }) => {
  const inputs = (emulator: Emulator) => convergenceInputs(emulator, overrides);

  it('converges every time: exit 0, one of each resource, at most two active secrets, working credentials', async () => {
    const total = await requestsOfAFirstRun(inputs);
    expect(total).toBeGreaterThan(5);
    const problems: string[] = [];
    for (let k = 1; k <= total; k += 1) {
      const problem = await killAfterThenRerun(k, inputs);
      if (problem !== undefined) problems.push(problem);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});

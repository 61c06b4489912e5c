// What a fault-free run of given inputs costs in requests, the yardstick of the "no retry storm"
// invariant: the larger of a first run on an empty org and a rerun on the org it converged (a dry
// run converges nothing, so a non-dry run converges the org before its rerun is measured), on a
// fresh emulator without faults, latency or rate limits. Measured once per variant
// of the inputs that changes which requests a run makes, and shared by every schedule.
import { startEmulator, type RequestLogEntry } from '../emulator/index.js';
import { isKonnectApi, isMutation } from '../harness/request-log.js';
import { runAction } from '../harness/run-action.js';
import { runInputs } from './execute.js';
import type { RunPlan, Schedule } from './schedule.js';

/**
 * The requests the budget counts: Konnect's API and the token endpoint, which only the action calls.
 * Discovery and the JWKS are left out (the data plane fetches them too), and so is the gateway check,
 * which polls on a clock rather than retrying.
 */
export const isBudgeted = (entry: Pick<RequestLogEntry, 'path'>): boolean => isKonnectApi(entry) || /\/auth\/oauth\/token$/.test(entry.path);

type Variant = Pick<Schedule, 'target'> & Pick<RunPlan, 'clientSecret' | 'dryRun'>;

export interface FaultFreeCost {
  /** Budgeted requests of the costlier of a first run and a rerun. */
  requests: number;
  /** Writes of a first run on an empty org: each is a race a concurrent run can lose. */
  writes: number;
}

const measured = new Map<string, Promise<FaultFreeCost>>();

/**
 * The yardstick of one run of a schedule: its fault-free requests, plus, when runs race, one request
 * per write of a first run (a run that loses a create to a sibling looks the resource up and adopts it).
 */
export async function yardstick(schedule: Schedule, plan: RunPlan): Promise<number> {
  const cost = await faultFreeCost(schedule, plan);
  return cost.requests + (schedule.runs.length > 1 ? cost.writes : 0);
}

/** Requests of a fault-free run with the plan's inputs (memoised per variant). */
function faultFreeCost(schedule: Schedule, plan: RunPlan): Promise<FaultFreeCost> {
  const variant: Variant = { target: schedule.target, clientSecret: plan.clientSecret, dryRun: plan.dryRun };
  const key = JSON.stringify(variant);
  let count = measured.get(key);
  if (count === undefined) {
    count = measure(schedule, variant);
    measured.set(key, count);
  }
  return count;
}

async function measure(schedule: Schedule, variant: Variant): Promise<FaultFreeCost> {
  const emulator = await startEmulator({ propagationMs: 0, rateLimitAuthServer: null });
  try {
    const plan = { ...variant, gatewayCheck: false, retryMaxAttempts: 4, timeoutSeconds: 60, checkTimeoutSeconds: 30 };
    const inputs = runInputs(emulator, schedule, plan);
    let most = 0;
    let writes = 0;
    for (const phase of ['first run', 'rerun']) {
      if (phase === 'rerun' && variant.dryRun) {
        const converging = await runAction(runInputs(emulator, schedule, { ...plan, dryRun: false }), { timeoutMs: 90_000 });
        if (converging.exitCode !== 0) throw new Error(`the fault-free run before a dry rerun failed:\n${converging.stdout}`);
      }
      emulator.resetLog();
      const run = await runAction(inputs, { timeoutMs: 90_000 });
      if (run.exitCode !== 0) throw new Error(`the fault-free ${phase} of ${JSON.stringify(variant)} failed:\n${run.stdout}`);
      const budgeted = emulator.requests().filter(isBudgeted);
      most = Math.max(most, budgeted.length);
      if (phase === 'first run') writes = budgeted.filter(isMutation).length;
    }
    return { requests: most, writes };
  } finally {
    await emulator.stop();
  }
}

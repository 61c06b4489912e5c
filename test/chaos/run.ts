// `npm run chaos -- --schedules N --seed S [--concurrency K] [--parallel P] [--replay S:I] [--verbose]`
// `npm run chaos -- --lifecycle --schedules N --seed S [--parallel P] [--replay S:I] [--verbose]`
//
// A seeded fault campaign against the bundled action (dist/index.js) and the Konnect emulator. Each
// schedule, drawn from the seed and its index alone (schedule.ts), runs one to K concurrent runs of
// the action through faults, throttling, a latency spike and a SIGKILL, then a clean rerun, and
// checks the invariants (invariants.ts). P schedules run at once, each on its own emulator.
//
// With --lifecycle, each schedule is instead a lifecycle of two to four clients on one auth server:
// provisionings and teardowns overlapping in time, hand-made resources beside them, the same faults,
// limits and kills (lifecycle-schedule.ts, lifecycle-execute.ts), judged by the ownership invariants
// (lifecycle-invariants.ts).
//
// Prints a table (one row per schedule, as they finish), the violations with the seed and index that
// replay them (`--replay S:I`), and as its last line exactly `N schedules, V invariant violations`.
// Exit code 1 when V > 0, 2 on a usage error.
import { parseArgs } from 'node:util';
import { yardstick } from './baseline.js';
import { runCampaign, type Campaign, type Outcome } from './campaign.js';
import { executeSchedule } from './execute.js';
import { errorAnnotations } from '../harness/run-action.js';
import { checkInvariants } from './invariants.js';
import { lifecycleCampaign } from './lifecycle-campaign.js';
import { describeSchedule, drawSchedule, type Schedule } from './schedule.js';

const USAGE = [
  'usage: npm run chaos -- --schedules N --seed S [--concurrency K] [--parallel P] [--replay S:I] [--verbose]',
  '       npm run chaos -- --lifecycle --schedules N --seed S [--parallel P] [--replay S:I] [--verbose]',
].join('\n');

interface Options {
  lifecycle: boolean;
  seed: string;
  indexes: number[];
  concurrency: number;
  parallel: number;
  verbose: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      schedules: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      parallel: { type: 'string' },
      replay: { type: 'string' },
      verbose: { type: 'boolean' },
      lifecycle: { type: 'boolean' },
    },
  });
  const lifecycle = values.lifecycle ?? false;
  if (lifecycle && values.concurrency !== undefined) throw new Error('--concurrency applies to the fault campaign; a lifecycle schedule draws 2 to 4 clients');
  const positive = (name: string, raw: string | undefined, fallback: number): number => {
    if (raw === undefined) return fallback;
    if (!/^[1-9]\d*$/.test(raw)) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
    return Number(raw);
  };
  const concurrency = positive('concurrency', values.concurrency, 3);
  const parallel = positive('parallel', values.parallel, 4);
  const verbose = values.verbose ?? false;
  if (values.replay !== undefined) {
    const match = /^(.+):(\d+)$/.exec(values.replay);
    if (!match?.[1] || match[2] === undefined) throw new Error(`--replay takes SEED:INDEX, got "${values.replay}"`);
    return { lifecycle, seed: match[1], indexes: [Number(match[2])], concurrency, parallel: 1, verbose: true };
  }
  if (values.seed === undefined || values.seed === '') throw new Error('--seed is required');
  const schedules = positive('schedules', values.schedules, 0);
  if (schedules === 0) throw new Error('--schedules is required');
  return { lifecycle, seed: values.seed, indexes: Array.from({ length: schedules }, (_, i) => i), concurrency, parallel, verbose };
}

interface FaultOutcome {
  schedule: Schedule;
  violations: string[];
  exits: string;
  /** The first line of each failed run's error, for --verbose. */
  errors: string[];
  durationMs: number;
}

async function runOne(schedule: Schedule): Promise<FaultOutcome> {
  const started = performance.now();
  try {
    const budgets = await Promise.all(schedule.runs.map((plan) => yardstick(schedule, plan)));
    const observation = await executeSchedule(schedule);
    const exits = observation.runs.map((run) => (run.killedByChaos ? 'K' : String(run.result.exitCode ?? run.result.signal))).join('');
    const errors = observation.runs.flatMap((run, i) => errorAnnotations(run.result).map((error) => `run ${i + 1}: ${error.split('\n')[0]}`));
    return { schedule, violations: checkInvariants(observation, budgets), exits, errors, durationMs: observation.durationMs };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { schedule, violations: [`the campaign itself failed: ${message}`], exits: '-', errors: [], durationMs: performance.now() - started };
  }
}

function row(outcome: FaultOutcome): string {
  const { schedule } = outcome;
  const cells = [
    String(schedule.index).padStart(5),
    String(schedule.runs.length).padStart(4),
    schedule.target.padEnd(7),
    (schedule.startsFrom === 'empty org' ? 'empty' : 'converged').padEnd(9),
    String(schedule.faults.length).padStart(6),
    (schedule.rateLimitAuthServer < 100 || schedule.rateLimitOrg !== null ? 'yes' : '').padEnd(9),
    (schedule.latencySpike ? 'yes' : '').padEnd(5),
    (schedule.kill ? `run ${schedule.kill.run + 1}` : '').padEnd(6),
    outcome.exits.padEnd(5),
    (outcome.durationMs / 1000).toFixed(1).padStart(6),
    outcome.violations.length === 0 ? 'ok' : `${outcome.violations.length} VIOLATION(S)`,
  ];
  return cells.join('  ');
}

const HEADER = [
  'sched'.padStart(5),
  'runs',
  'plugin '.padEnd(7),
  'org'.padEnd(9),
  'faults',
  'throttled',
  'spike',
  'kill  ',
  'exits',
  '     s',
  'invariants',
].join('  ');

function faultCampaign(seed: string, concurrency: number): Campaign {
  return {
    banner: (count, parallel) => `Chaos campaign: seed "${seed}", ${count} schedules, up to ${concurrency} runs each, ${parallel} at a time`,
    legend: '(exits: one character per run, K = SIGKILLed by the schedule)',
    header: HEADER,
    replay: (index) => `npm run chaos -- --replay ${seed}:${index}${concurrency === 3 ? '' : ` --concurrency ${concurrency}`}`,
    async runOne(index): Promise<Outcome> {
      const outcome = await runOne(drawSchedule(seed, index, concurrency));
      return { index, description: describeSchedule(outcome.schedule), violations: outcome.violations, errors: outcome.errors, row: row(outcome) };
    },
  };
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  }
  const campaign = options.lifecycle ? lifecycleCampaign(options.seed) : faultCampaign(options.seed, options.concurrency);
  const violations = await runCampaign(campaign, options);
  process.exitCode = violations > 0 ? 1 : 0;
}

await main();

// `npm run chaos -- --schedules N --seed S [--concurrency K] [--parallel P] [--replay S:I] [--verbose]`
//
// A seeded fault campaign against the bundled action (dist/index.js) and the Konnect emulator. Each
// schedule, drawn from the seed and its index alone (schedule.ts), runs one to K concurrent runs of
// the action through faults, throttling, a latency spike and a SIGKILL, then a clean rerun, and
// checks the invariants (invariants.ts). P schedules run at once, each on its own emulator.
//
// Prints a table (one row per schedule, as they finish), the violations with the seed and index that
// replay them (`--replay S:I`), and as its last line exactly `N schedules, V invariant violations`.
// Exit code 1 when V > 0, 2 on a usage error.
import { parseArgs } from 'node:util';
import { yardstick } from './baseline.js';
import { executeSchedule } from './execute.js';
import { errorAnnotations } from '../harness/run-action.js';
import { checkInvariants } from './invariants.js';
import { describeSchedule, drawSchedule, type Schedule } from './schedule.js';

const USAGE = 'usage: npm run chaos -- --schedules N --seed S [--concurrency K] [--parallel P] [--replay S:I] [--verbose]';

interface Options {
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
    },
  });
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
    return { seed: match[1], indexes: [Number(match[2])], concurrency, parallel: 1, verbose: true };
  }
  if (values.seed === undefined || values.seed === '') throw new Error('--seed is required');
  const schedules = positive('schedules', values.schedules, 0);
  if (schedules === 0) throw new Error('--schedules is required');
  return { seed: values.seed, indexes: Array.from({ length: schedules }, (_, i) => i), concurrency, parallel, verbose };
}

interface Outcome {
  schedule: Schedule;
  violations: string[];
  exits: string;
  /** The first line of each failed run's error, for --verbose. */
  errors: string[];
  durationMs: number;
}

async function runOne(schedule: Schedule): Promise<Outcome> {
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

function row(outcome: Outcome): string {
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

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  }
  const started = performance.now();
  const schedules = options.indexes.map((index) => drawSchedule(options.seed, index, options.concurrency));
  process.stdout.write(
    `Chaos campaign: seed "${options.seed}", ${schedules.length} schedules, up to ${options.concurrency} runs each, ${options.parallel} at a time\n`,
  );
  process.stdout.write(`(exits: one character per run, K = SIGKILLed by the schedule)\n${HEADER}\n`);

  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < schedules.length) {
      const schedule = schedules[next++] as Schedule;
      const outcome = await runOne(schedule);
      outcomes.push(outcome);
      process.stdout.write(`${row(outcome)}\n`);
      if (options.verbose) {
        process.stdout.write(`       ${describeSchedule(schedule)}\n`);
        for (const error of outcome.errors) process.stdout.write(`       ${error}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, schedules.length) }, worker));

  const failed = outcomes.filter((outcome) => outcome.violations.length > 0).sort((a, b) => a.schedule.index - b.schedule.index);
  const violations = failed.reduce((sum, outcome) => sum + outcome.violations.length, 0);
  for (const outcome of failed) {
    process.stdout.write(
      `\nSchedule ${outcome.schedule.index} of seed "${options.seed}" (replay: npm run chaos -- --replay ${options.seed}:${outcome.schedule.index}${options.concurrency === 3 ? '' : ` --concurrency ${options.concurrency}`}):\n`,
    );
    process.stdout.write(`  ${describeSchedule(outcome.schedule)}\n`);
    for (const violation of outcome.violations) process.stdout.write(`  - ${violation.replace(/\n/g, '\n    ')}\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`\nDuration ${seconds.toFixed(0)} s (${(seconds / Math.max(1, outcomes.length)).toFixed(2)} s per schedule)\n`);
  process.stdout.write(`${outcomes.length} schedules, ${violations} invariant violations\n`);
  process.exitCode = violations > 0 ? 1 : 0;
}

await main();

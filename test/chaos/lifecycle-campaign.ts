// The lifecycle campaign as run.ts runs it: one schedule drawn, executed and judged, and its row of
// the table.
import { errorAnnotations } from '../harness/run-action.js';
import type { Campaign, Outcome } from './campaign.js';
import { executeLifecycle, type LifecycleObservation } from './lifecycle-execute.js';
import { checkLifecycleInvariants, oneLine, runName } from './lifecycle-invariants.js';
import { describeLifecycleSchedule, drawLifecycleSchedule, scheduleRuns, type LifecycleSchedule } from './lifecycle-schedule.js';

const HEADER = [
  'sched'.padStart(5),
  'clients',
  'runs',
  'plugin '.padEnd(7),
  'handmade',
  'faults',
  'throttled',
  'spike',
  'kill  ',
  '     s',
  'invariants'.padEnd(15),
  'exits',
].join('  ');

/**
 * Per client: `s` and the exit of its setup provisioning, then each step as P (provisioning) or T
 * (teardown) followed by its exit (two for a step run twice; K = SIGKILLed by the schedule).
 */
export function exitsOf(observation: LifecycleObservation): string {
  const exit = (record: LifecycleObservation['runs'][number]) => (record.killedByChaos ? 'K' : String(record.result.exitCode ?? record.result.signal));
  return observation.schedule.clients
    .map((client, c) => {
      const records = observation.runs.filter((record) => record.client === c);
      const setup = records.filter((record) => record.phase === 'setup').map((record) => `s${exit(record)}`);
      const steps = client.steps.map(
        (step, s) =>
          (step.kind === 'provision' ? 'P' : 'T') +
          records
            .filter((record) => record.phase === 'chaos' && record.step === s)
            .map(exit)
            .join(''),
      );
      return [...setup, ...steps].join('');
    })
    .join(' ');
}

function row(schedule: LifecycleSchedule, violations: number, exits: string, durationMs: number): string {
  const handmade = [schedule.handmade.externalPlugin ? 'P' : '', schedule.handmade.consumerNamedLike === undefined ? '' : 'C'].filter(Boolean).join('+');
  return [
    String(schedule.index).padStart(5),
    String(schedule.clients.length).padStart(7),
    String(scheduleRuns(schedule).length).padStart(4),
    schedule.target.padEnd(7),
    handmade.padEnd(8),
    String(schedule.faults.length).padStart(6),
    (schedule.rateLimitAuthServer < 100 || schedule.rateLimitOrg !== null ? 'yes' : '').padEnd(9),
    (schedule.latencySpike ? 'yes' : '').padEnd(5),
    (schedule.kill ? `run ${schedule.kill.run + 1}` : '').padEnd(6),
    (durationMs / 1000).toFixed(1).padStart(6),
    (violations === 0 ? 'ok' : `${violations} VIOLATION(S)`).padEnd(15),
    exits,
  ].join('  ');
}

export function lifecycleCampaign(seed: string): Campaign {
  return {
    banner: (count, parallel) => `Lifecycle chaos campaign: seed "${seed}", ${count} schedules, 2 to 4 clients each, ${parallel} at a time`,
    legend: '(exits: per client, s = its provisioning before the schedule, P/T = a provisioning/teardown step, each followed by its exit; K = SIGKILLed)',
    header: HEADER,
    replay: (index) => `npm run chaos -- --lifecycle --replay ${seed}:${index}`,
    async runOne(index): Promise<Outcome> {
      const schedule = drawLifecycleSchedule(seed, index);
      const started = performance.now();
      const description = describeLifecycleSchedule(schedule);
      try {
        const observation = await executeLifecycle(schedule);
        const violations = checkLifecycleInvariants(observation);
        const errors = observation.runs.flatMap((record) =>
          errorAnnotations(record.result).map((error) => `${runName(observation, record)}: ${oneLine(error)}`),
        );
        return { index, description, violations, errors, row: row(schedule, violations.length, exitsOf(observation), observation.durationMs) };
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        return {
          index,
          description,
          violations: [`the campaign itself failed: ${message}`],
          errors: [],
          row: row(schedule, 1, '-', performance.now() - started),
        };
      }
    },
  };
}

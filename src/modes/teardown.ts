import * as log from '../runner/log.js';
import type { Config } from '../inputs/config.js';
import { DESCRIPTIONS } from '../engine/descriptions.js';
import { destroy, planTeardown, TeardownFailed } from '../engine/destroy.js';
import { findForTeardown } from '../engine/engine.js';
import type { RunContext, TeardownItem } from '../resources/description.js';
import { describeFailure } from '../report/failure.js';
import { TEARDOWN_WORDS, writeTeardownSummary } from '../report/summary.js';

/**
 * mode: teardown. For the same inputs as a provisioning run, the engine's destroy (engine/destroy.ts)
 * deletes what the action created for this repository that no other client needs, in reverse order,
 * and says why it keeps the rest. `dry-run` shows the plan with GET requests only. The whole run,
 * its requests' debug lines included, is one log group, titled by its outcome.
 */
export async function runTeardown(config: Config, ctx: RunContext, started: number): Promise<void> {
  const group = new log.PhasedLog(['teardown'] as const);
  let items: TeardownItem[] = [];
  let failure: unknown;
  try {
    items = await group.run('teardown', async () => {
      const found = await findForTeardown(ctx, DESCRIPTIONS);
      return config.dryRun ? planTeardown(ctx, DESCRIPTIONS, found) : destroy(ctx, DESCRIPTIONS, found);
    });
  } catch (error) {
    failure = error;
    if (error instanceof TeardownFailed) items = [...error.done];
  }
  const message = failure === undefined ? undefined : describeFailure(failure);
  group.close(
    'teardown',
    headline(items, config.dryRun, message !== undefined),
    items.map((item) => describeItem(item, config.dryRun)),
  );
  const kept = items.filter((item) => item.outcome === 'keep');
  if (kept.length > 0 && !config.dryRun && message === undefined) {
    log.warning(`Teardown kept ${kept.map((item) => `${item.kind} "${item.name}"`).join(', ')}: see the job summary for why.`);
  }
  await writeTeardownSummary(config, items, {
    dryRun: config.dryRun,
    durationMs: performance.now() - started,
    ...(message === undefined ? {} : { failure: message }),
  });
  if (message !== undefined) log.setFailed(message);
}

function headline(items: readonly TeardownItem[], dryRun: boolean, failed: boolean): string {
  const changed = items.filter((item) => item.outcome === 'delete' || item.outcome === 'update').length;
  const kept = items.filter((item) => item.outcome === 'keep').length;
  if (failed) return `Teardown: failed after ${changed} deleted or updated`;
  if (changed === 0) return `Teardown: nothing to delete${kept > 0 ? ` (${kept} kept)` : ''}.`;
  return dryRun
    ? `Teardown (dry run, nothing changed): ${changed} to delete or update, ${kept} to keep.`
    : `Teardown: ${changed} deleted or updated, ${kept} kept.`;
}

function describeItem(item: TeardownItem, dryRun: boolean): string {
  const word = dryRun ? TEARDOWN_WORDS[item.outcome].planned : TEARDOWN_WORDS[item.outcome].done;
  return `${word} ${item.kind} "${item.name}"${item.id ? ` (${item.id})` : ''}${item.reason ? `: ${item.reason}` : ''}`;
}

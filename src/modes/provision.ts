import { setTimeout as sleep } from 'node:timers/promises';
import * as log from '../runner/log.js';
import type { Config } from '../inputs/config.js';
import { DESCRIPTIONS } from '../engine/descriptions.js';
import { apply, plan, type EngineRecord } from '../engine/engine.js';
import type { FailedStage } from '../engine/graph.js';
import { TeardownRacing } from '../engine/steps.js';
import { waitForTeardown } from '../engine/teardown-mark.js';
import { PHASES, type Phase, type ResourceReport, type RunContext } from '../resources/description.js';
import { describeFailure } from '../report/failure.js';
import { outputsOf, setOutputs } from '../report/outputs.js';
import { checkStatusOf, countActions, describeCheck, logPhases, PLAN_WORDS, planLines, resourceRows, withScopeNames } from '../report/rows.js';
import { writePlanSummary, writeRunSummary } from '../report/summary.js';
import { withSealedToken } from '../seal/seal.js';
import { saveSecretToRevoke } from './revoke.js';

/**
 * mode: provision. The engine applies every description (or, with dry-run, plans them); then the
 * run's result, derived once, goes to the outputs, the job summary and the step's error.
 */

/** A run that met a teardown deciding about its auth server converges again, this many times at most. */
const ATTEMPTS = 3;

export async function runProvision(config: Config, ctx: RunContext, started: number): Promise<void> {
  if (config.dryRun) return runPlan(config, ctx, started);

  let outcome: { record: EngineRecord; failure?: unknown; failedStages: Array<FailedStage<Phase>> } | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const phases = new log.PhasedLog(PHASES);
    const run = apply(ctx, DESCRIPTIONS, phases);
    const [settled] = await Promise.all([run.settled(), logPhases(run.graph, run.record, phases, config)]);
    outcome = { record: run.record, ...settled };
    const racing = settled.failedStages.some((stage) => stage.error instanceof TeardownRacing);
    const serverId = run.record.applied.authServer?.resource.id;
    if (!racing || serverId === undefined || attempt === ATTEMPTS) break;
    log.info(`A teardown was deciding about auth server "${config.authServer.name}" when this run created its client: waiting for it, then converging again.`);
    await waitForTeardown(ctx.identity, serverId, ctx.signal, (ms) => sleep(ms, undefined, { signal: ctx.signal }));
  }
  if (outcome === undefined) return; // ATTEMPTS is at least 1

  const { record, failure, failedStages } = outcome;
  const message = failure === undefined ? undefined : describeFailure(failure);
  const checkStatus = checkStatusOf(config, record, failedStages);
  const { applied } = record;
  if (config.revokeSecretOnExit) saveSecretToRevoke(applied);
  setOutputs(await withSealedToken(outputsOf(config, record, checkStatus), config.sealKey));
  const scopeNames = new Map(applied.scopes?.map((scope) => [scope.resource.id, scope.resource.name]));
  const enforcement = applied.check?.scopes;
  await writeRunSummary({
    config,
    rows: withScopeNames(resourceRows(config, record, failedStages), scopeNames),
    durationMs: performance.now() - started,
    ...(message === undefined ? {} : { failure: message }),
    ...(applied.authServer ? { issuer: applied.authServer.resource.issuer } : {}),
    ...(applied.token ? { expiresAt: applied.token.expiresAt } : {}),
    ...(applied.retiredSecretIds ? { retiredSecretIds: applied.retiredSecretIds } : {}),
    check: describeCheck(config, record, checkStatus),
    notices: enforcement !== undefined && !enforcement.proven ? [`Scope enforcement not provable: ${enforcement.why}`] : [],
  });
  if (message !== undefined) log.setFailed(message);
}

/** Dry run: the plan in the log and the job summary, the ids of what exists as outputs; check-status is skipped. */
async function runPlan(config: Config, ctx: RunContext, started: number): Promise<void> {
  const phases = new log.PhasedLog(['plan'] as const);
  const { rows, found } = await phases.run('plan', () => plan(ctx, DESCRIPTIONS));
  const server = found.authServer.named;
  const secret: ResourceReport = {
    kind: 'client secret',
    name: config.client.name,
    action: found.client ? (config.client.secret === undefined ? 'rotate' : 'verify') : 'create',
    changes: [],
  };
  const all = [...rows, secret];
  phases.close('plan', `Plan (dry run, nothing changed): ${countActions(all, PLAN_WORDS).join(', ')}`, planLines(all));
  const existingScopes = config.scopes.flatMap((name) => {
    const scope = found.scopes.get(name);
    return scope ? [[name, scope.id] as const] : [];
  });
  setOutputs({
    'control-plane-id': found.controlPlane.id,
    'auth-server-id': server?.id,
    'issuer-url': server?.issuer,
    'scope-ids': existingScopes.length > 0 ? JSON.stringify(Object.fromEntries(existingScopes)) : undefined,
    'client-id': found.client?.id,
    'plugin-id': found.plugin.plugin?.id,
    'consumer-id': found.consumer?.id,
    'check-status': 'skipped',
  });
  const scopeNames = new Map(config.scopes.map((name) => [found.scopes.get(name)?.id ?? `new scope ${name}`, name]));
  await writePlanSummary(config, withScopeNames(all, scopeNames), performance.now() - started);
}

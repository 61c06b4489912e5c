import type { Config } from '../inputs/config.js';
import type { PhasedLog } from '../runner/log.js';
import type { EngineRecord } from '../engine/engine.js';
import type { FailedStage, StageGraph } from '../engine/graph.js';
import { PHASE_OF_KIND, PHASES, type Phase, type ResourceAction, type ResourceKind, type ResourceReport } from '../resources/description.js';
import { formatChange, type Reconciled } from '../resources/diff.js';
import { PLUGIN_NAME, targetLabel } from '../resources/plugin.js';
import type { SecretStrategy } from '../resources/client-secret.js';
import { readableTime } from './time.js';

/**
 * What a provisioning run did to each resource, derived once from the engine's record: the rows of
 * the log groups and of the job summary. On a failed run, `failed` where the failure began,
 * `stopped` where work in flight was cut short by it, `not reached` where nothing started.
 */

export const PAST_TENSE: Record<ResourceAction, string> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  found: 'found',
  rotate: 'rotated',
  verify: 'verified',
  install: 'installed',
  failed: 'failed',
  stopped: 'stopped',
  'not reached': 'not reached',
};

/** How a dry run words each action. */
export const PLAN_WORDS: Record<ResourceAction, string> = {
  ...PAST_TENSE,
  create: 'to create',
  update: 'to update',
  rotate: 'to rotate',
  verify: 'to verify',
  install: 'to install',
};

export const FAILURE_ACTIONS: readonly ResourceAction[] = ['failed', 'stopped', 'not reached'];

/** How a row names what the secret policy did (or, in a dry run, would do). */
export function secretAction(strategy: SecretStrategy['kind'], installed = false): ResourceAction {
  switch (strategy) {
    case 'use-creation-secret':
      return 'create';
    case 'verify-input':
      return installed ? 'install' : 'verify';
    case 'rotate':
      return 'rotate';
  }
}

/** `failed`, `stopped` or `not reached`, for the row (or phase) `isOurs` picks out. */
function failureOutcome(isOurs: (stage: FailedStage<Phase>) => boolean, failedStages: ReadonlyArray<FailedStage<Phase>>): 'failed' | 'stopped' | 'not reached' {
  const [first, ...others] = failedStages;
  if (first && isOurs(first)) return 'failed';
  // A stage that failed with the first failure's own error only passed it on.
  if (others.some((stage) => isOurs(stage) && stage.error !== first?.error)) return 'stopped';
  return 'not reached';
}

/** Every resource the run handles, in the order of the run, with what happened to it. */
export function resourceRows(config: Config, record: EngineRecord, failedStages: ReadonlyArray<FailedStage<Phase>>): ResourceReport[] {
  const { applied } = record;
  const controlPlaneId = applied.controlPlane?.id ?? record.found.controlPlane?.id;
  const authServerId = applied.authServer?.resource.id;
  const missing = (kind: ResourceKind, name: string): ResourceReport => ({
    kind,
    name,
    action: failureOutcome((stage) => stage.row === kind, failedStages),
    changes: [],
  });
  const row = (kind: ResourceKind, name: string, outcome: Reconciled<{ id: string }> | undefined, parents: ResourceReport['parents'] = {}): ResourceReport =>
    outcome ? { kind, name, action: outcome.plan.action, id: outcome.resource.id, changes: outcome.plan.changes, parents } : missing(kind, name);
  const byName = <T extends { resource: { name: string } }>(list: readonly T[] | undefined, name: string) =>
    list?.find((outcome) => outcome.resource.name === name);
  const inServer = authServerId === undefined ? {} : { authServerId };

  const rows: ResourceReport[] = [
    // Found is all a control plane ever is: a failure after its lookup leaves it found.
    (applied.controlPlane ?? record.found.controlPlane)
      ? {
          kind: 'control plane',
          name: config.controlPlaneName,
          action: 'found',
          id: (applied.controlPlane ?? record.found.controlPlane)?.id as string,
          changes: [],
        }
      : missing('control plane', config.controlPlaneName),
    row('auth server', config.authServer.name, applied.authServer),
    ...config.scopes.map((name) => row('scope', name, byName(applied.scopes, name), inServer)),
    ...config.claims.map((claim) => row('claim', claim.name, byName(applied.claims, claim.name), inServer)),
    row('client', config.client.name, applied.client, inServer),
    row(
      'plugin',
      `${PLUGIN_NAME} (${applied.plugin?.target.label ?? targetLabel(config.pluginTarget)})`,
      applied.plugin,
      controlPlaneId ? { controlPlaneId } : {},
    ),
    ...(config.createConsumer ? [row('consumer', config.client.name, applied.consumer, controlPlaneId ? { controlPlaneId } : {})] : []),
  ];
  const credentials = applied.credentials;
  if (credentials) {
    rows.push({
      kind: 'client secret',
      name: config.client.name,
      action: secretAction(credentials.strategy, credentials.createdSecretId !== undefined),
      ...(credentials.createdSecretId ? { id: credentials.createdSecretId } : {}),
      changes: [],
      parents: inServer,
    });
  } else {
    rows.push(missing('client secret', config.client.name));
  }
  return rows;
}

/** Scope ids in a change (a client's allow_scopes, a claim's include_in_scopes) shown as scope names. */
export function withScopeNames(rows: readonly ResourceReport[], scopeNames: ReadonlyMap<string, string>): ResourceReport[] {
  const named = (value: unknown) => (Array.isArray(value) ? value.map((id) => (typeof id === 'string' ? (scopeNames.get(id) ?? id) : id)) : value);
  return rows.map((row) => ({
    ...row,
    changes: row.changes.map((change) =>
      change.field === 'allow_scopes' || change.field === 'include_in_scopes' ? { ...change, from: named(change.from), to: named(change.to) } : change,
    ),
  }));
}

/** One resource as a log line: `scope "my-scope": created (id)`, with field changes for an update. */
export function describeRow(row: ResourceReport): string {
  const changes = row.action === 'update' ? `: ${row.changes.map((change) => formatChange(change)).join('; ')}` : '';
  return `${row.kind} "${row.name}": ${PAST_TENSE[row.action]}${row.id ? ` (${row.id})` : ''}${changes}`;
}

/** `["1 created", "3 unchanged"]`, in the order the actions first appear. */
export function countActions(rows: readonly ResourceReport[], words: Readonly<Record<ResourceAction, string>> = PAST_TENSE): string[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(words[row.action], (counts.get(words[row.action]) ?? 0) + 1);
  return [...counts].map(([word, count]) => `${count} ${word}`);
}

/** The gateway check's outcome in a few words. */
export type CheckStatus = 'passed' | 'skipped' | 'failed';

export function checkStatusOf(config: Config, record: EngineRecord, failedStages: ReadonlyArray<FailedStage<Phase>>): CheckStatus {
  if (config.check === undefined) return 'skipped';
  if (failedStages.some((stage) => stage.group === 'gateway check')) return 'failed';
  return record.applied.check ? 'passed' : 'skipped';
}

/** The gateway check for the summary: details when it passed; a failure is already the summary's opening. */
export function describeCheck(config: Config, record: EngineRecord, status: CheckStatus): string {
  const check = record.applied.check;
  if (config.check === undefined) return 'skipped (no proxy-url)';
  if (status !== 'passed' || check === undefined) return status === 'skipped' ? 'not reached' : status;
  const { scopes, consumer } = check;
  const answers = [
    `${check.withTokenStatus} with the token`,
    `${check.withoutTokenStatus} without`,
    ...(scopes?.proven ? [`${scopes.withoutScopesStatus} with a token without the action's scopes`] : []),
  ].join(', ');
  const mapping = consumer === undefined ? '' : consumer.seen ? `; mapped to Consumer ${consumer.consumerId}` : `; Consumer mapping not seen: ${consumer.why}`;
  return `passed in ${(check.durationMs / 1000).toFixed(1)} s (${answers}, at ${check.url}${mapping})`;
}

/** A dry run's lines: each resource's plan, with field-level changes for what it would create or update. */
export function planLines(rows: readonly ResourceReport[]): string[] {
  return rows.flatMap((row) => [
    `  ${row.action.padEnd(9)} ${row.kind} "${row.name}"${row.id ? ` (${row.id})` : ''}`,
    ...(row.action === 'create' || row.action === 'update' ? row.changes.map((change) => `              ${formatChange(change)}`) : []),
  ]);
}

// ---- the log: one group per phase, in the run's order, closed as each phase settles --------------

/**
 * Closes each phase's group once all its stages have settled, with a title that carries its outcome
 * (`Kong Identity: 1 created, 3 unchanged`) and one line per resource. The failure itself is the
 * step's error, printed once, after the groups.
 */
export async function logPhases(graph: StageGraph<Phase>, record: EngineRecord, log: PhasedLog<Phase>, config: Config): Promise<void> {
  await Promise.all(
    PHASES.map(async (phase) => {
      await graph.groupSettled(phase);
      const failed = graph.failedStages();
      const { title, lines } = describePhase(phase, config, record, failed);
      log.close(phase, title, lines);
    }),
  );
}

function describePhase(phase: Phase, config: Config, record: EngineRecord, failed: ReadonlyArray<FailedStage<Phase>>): { title: string; lines: string[] } {
  const rows = resourceRows(config, record, failed).filter((row) => PHASE_OF_KIND[row.kind] === phase);
  const done = rows.filter((row) => !FAILURE_ACTIONS.includes(row.action));
  const failure = failureOutcome((stage) => stage.group === phase, failed);
  const ended = failure === 'not reached' ? undefined : failure;
  const lines = done.map(describeRow);
  const { applied } = record;
  switch (phase) {
    case 'control plane':
    case 'Kong Identity':
    case 'plugin': {
      const title = {
        'control plane': 'Control plane',
        'Kong Identity': 'Kong Identity',
        plugin: config.createConsumer ? 'openid-connect plugin and Consumer' : 'openid-connect plugin',
      }[phase];
      if (phase === 'Kong Identity' && applied.duplicateClaimIds && applied.duplicateClaimIds.length > 0) {
        lines.push(`claims deleted as duplicates of a concurrent run's: ${applied.duplicateClaimIds.join(', ')}`);
      }
      const only = done.length === 1 ? done[0] : undefined;
      const parts = only && ended === undefined ? [PAST_TENSE[only.action]] : countActions(done);
      if (ended) parts.push(ended);
      return { title: `${title}: ${parts.join(', ') || 'not reached'}`, lines };
    }
    case 'secret and token': {
      const secret = done.find((row) => row.kind === 'client secret');
      const parts = [...(secret ? [`secret ${PAST_TENSE[secret.action]}`] : []), ...(applied.token ? ['token verified'] : []), ...(ended ? [ended] : [])];
      if (applied.token) lines.push(`access token: verified (signature, iss, aud), expires ${readableTime(applied.token.expiresAt)}`);
      if (applied.retiredSecretIds && applied.retiredSecretIds.length > 0) lines.push(`older client secrets deleted: ${applied.retiredSecretIds.join(', ')}`);
      return { title: `Client secret and access token: ${parts.join(', ') || 'not reached'}`, lines };
    }
    case 'gateway check': {
      // Only the outcome: the check's own lines give the details.
      const status = checkStatusOf(config, record, failed);
      const title = config.check === undefined ? 'skipped (no proxy-url)' : status === 'skipped' ? 'not reached' : status;
      return { title: `Gateway check: ${title}`, lines: [] };
    }
  }
}

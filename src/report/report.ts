import type { Config } from '../inputs/config.js';
import { PhasedLog } from '../runner/log.js';
import { recordValues, type RunValues, type Stages } from '../engine/provision.js';
import { PHASES, type Phase } from '../phases.js';
import type { FailedStage } from '../engine/graph.js';
import type { SecretStrategy } from '../resources/client-secret.js';
import { formatChange, type FieldChange, type PlanAction, type Reconciled } from '../resources/diff.js';
import { targetLabel } from '../resources/plugin.js';
import { failureParagraphs, SUMMARY_TITLE, summaryText } from '../runner/summary.js';

/**
 * What the run tells the user: the log's phase groups, the step outputs and the job summary. The
 * pipeline and the dry run hand it their results; it never changes anything in Konnect.
 */

export type ResourceKind = 'control plane' | 'auth server' | 'scope' | 'claim' | 'client' | 'client secret' | 'plugin' | 'consumer';

/** What happened to a resource: a plan action, `found` for a lookup, what the secret policy did, or why nothing did. */
export type ResourceAction = PlanAction | 'found' | 'rotate' | 'verify' | 'install' | 'failed' | 'stopped' | 'not reached';

/** One resource's outcome, for logs and the job summary. `id` is absent in dry-run creates and for what was not reached. */
export interface ResourceReport {
  kind: ResourceKind;
  name: string;
  action: ResourceAction;
  id?: string;
  changes: FieldChange[];
}

/** How a row names what the secret policy did (or, in a dry run, would do). */
export function secretReportAction(strategy: SecretStrategy['kind'], installed = false): ResourceReport['action'] {
  switch (strategy) {
    case 'use-creation-secret':
      return 'create';
    case 'verify-input':
      return installed ? 'install' : 'verify';
    case 'rotate':
      return 'rotate';
  }
}

type CheckStatus = 'passed' | 'skipped' | 'failed';

const PAST_TENSE: Record<ResourceAction, string> = {
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

/**
 * How a resource (or a phase) ended when the run failed: `failed` where the failure began, `stopped`
 * where work in flight was cut short because of it, `not reached` where it never started.
 */
function failureOutcome(
  isOurs: (stage: FailedStage<Phase>) => boolean,
  failedStages: ReadonlyArray<FailedStage<Phase>> | undefined,
): 'failed' | 'stopped' | 'not reached' {
  const [first, ...others] = failedStages ?? [];
  if (first && isOurs(first)) return 'failed';
  // A stage that failed with the first failure's own error only passed it on.
  if (others.some((stage) => isOurs(stage) && stage.error !== first?.error)) return 'stopped';
  return 'not reached';
}

// ---- logs: one group per phase, in the pipeline's order -----------------------------------------

/**
 * Closes each phase's group once all its stages have settled, with a title that carries its outcome
 * (`Kong Identity: 1 created, 3 unchanged`) and one line per resource. The failure itself is the
 * step's error, printed once, after the groups.
 */
export async function logPhases(stages: Stages, phases: PhasedLog<Phase>, config: Config): Promise<void> {
  // The rows name the pipeline's stages: a stage renamed there must be renamed here (every test run fails until it is).
  const unknown = Object.values(STAGES_OF_ROW)
    .flat()
    .filter((name) => !stages.graph.names().includes(name));
  if (unknown.length > 0) throw new Error(`report.ts names stages that pipeline.ts does not have: ${unknown.join(', ')}`);
  const soFar = recordValues(stages);
  await Promise.all(
    PHASES.map(async (phase) => {
      await stages.graph.groupSettled(phase);
      const failedStages = stages.graph.failedStages();
      const values: RunValues = { ...soFar, ...(failedStages.length > 0 ? { failedStages } : {}) };
      const checkFailed = failedStages.find((stage) => stage.group === 'gateway check');
      if (checkFailed) values.checkError = checkFailed.error;
      const { title, lines } = describePhase(phase, values, config);
      phases.close(phase, title, lines);
    }),
  );
}

/** A phase's group: its title with the outcome, and a line per resource it handled. */
function describePhase(phase: Phase, values: RunValues, config: Config): { title: string; lines: string[] } {
  const rows = resourceRows(values, config).filter((row) => PHASE_OF_ROW[row.kind] === phase);
  const done = rows.filter((row) => !FAILURE_ACTIONS.includes(row.action));
  const failure = failureOutcome((stage) => stage.group === phase, values.failedStages);
  const ended = failure === 'not reached' ? undefined : failure;
  const lines = done.map(describeRow);
  switch (phase) {
    case 'control plane':
    case 'Kong Identity':
    case 'plugin': {
      const pluginTitle = config.createConsumer ? 'openid-connect plugin and Consumer' : 'openid-connect plugin';
      const title = { 'control plane': 'Control plane', 'Kong Identity': 'Kong Identity', plugin: pluginTitle }[phase];
      if (phase === 'Kong Identity' && values.duplicateClaimIds && values.duplicateClaimIds.length > 0) {
        lines.push(`claims deleted as duplicates of a concurrent run's: ${values.duplicateClaimIds.join(', ')}`);
      }
      return { title: `${title}: ${outcomeOf(done, ended)}`, lines };
    }
    case 'secret and token': {
      const secret = done.find((row) => row.kind === 'client secret');
      const parts = [...(secret ? [`secret ${PAST_TENSE[secret.action]}`] : []), ...(values.token ? ['token verified'] : []), ...(ended ? [ended] : [])];
      if (values.token) lines.push(`access token: verified (signature, iss, aud), expires at ${values.token.expiresAt.toISOString()}`);
      if (values.retiredSecretIds && values.retiredSecretIds.length > 0) lines.push(`older client secrets deleted: ${values.retiredSecretIds.join(', ')}`);
      return { title: `Client secret and access token: ${parts.join(', ') || 'not reached'}`, lines };
    }
    case 'gateway check':
      // Only the outcome: the check's own lines give the details.
      return { title: `Gateway check: ${checkOutcome(values, config.check !== undefined)}`, lines: [] };
  }
}

const FAILURE_ACTIONS: readonly ResourceAction[] = ['failed', 'stopped', 'not reached'];

/** `1 created, 3 unchanged`, `found`, `1 created, failed`, `not reached`. */
function outcomeOf(done: readonly ResourceReport[], ended: 'failed' | 'stopped' | undefined): string {
  const only = done.length === 1 ? done[0] : undefined;
  const parts = only && ended === undefined ? [PAST_TENSE[only.action]] : countActions(done, PAST_TENSE);
  if (ended) parts.push(ended);
  return parts.join(', ') || 'not reached';
}

/** `["1 created", "3 unchanged"]`, in the order the actions first appear. */
function countActions(rows: readonly ResourceReport[], words: Readonly<Record<ResourceAction, string>>): string[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(words[row.action], (counts.get(words[row.action]) ?? 0) + 1);
  return [...counts].map(([word, count]) => `${count} ${word}`);
}

/** One resource as a log line: `scope "my-scope": created (id)`, with field changes for an update. */
function describeRow(row: ResourceReport): string {
  const changes = row.action === 'update' ? `: ${row.changes.map((change) => formatChange(change)).join('; ')}` : '';
  return `${row.kind} "${row.name}": ${PAST_TENSE[row.action]}${row.id ? ` (${row.id})` : ''}${changes}`;
}

// ---- rows ---------------------------------------------------------------------------------------

/** The phase each resource belongs to. */
const PHASE_OF_ROW: Record<ResourceKind, Phase> = {
  'control plane': 'control plane',
  'auth server': 'Kong Identity',
  scope: 'Kong Identity',
  claim: 'Kong Identity',
  client: 'Kong Identity',
  plugin: 'plugin',
  consumer: 'plugin',
  'client secret': 'secret and token',
};

/** The stages (pipeline.ts) whose failure a resource's row shows. */
const STAGES_OF_ROW: Record<ResourceKind, readonly string[]> = {
  'control plane': ['control plane lookup'],
  'auth server': ['auth server lookup', 'auth server by name', 'auth server labels', 'auth server'],
  scope: ['scope lookups', 'scopes'],
  claim: ['claim lookups', 'claims'],
  client: ['client lookup', 'client labels', 'client'],
  plugin: ['plugin target', 'openid-connect plugin list', 'plugin on the target', 'plugin owner check', 'plugin'],
  consumer: ['Consumer lookup', 'Consumer'],
  'client secret': ['credentials'],
};

/**
 * Every resource the run handles, in the pipeline's order, with what happened to it; on a failed
 * run, `failed`, `stopped` or `not reached` for what it did not get done.
 */
function resourceRows(values: RunValues, config: Config): ResourceReport[] {
  const missing = (kind: ResourceKind, name: string): ResourceReport => ({
    kind,
    name,
    action: failureOutcome((stage) => STAGES_OF_ROW[kind].includes(stage.name), values.failedStages),
    changes: [],
  });
  const row = (kind: ResourceKind, name: string, outcome: Reconciled<{ id: string }> | undefined): ResourceReport =>
    outcome ? { kind, name, action: outcome.plan.action, id: outcome.resource.id, changes: outcome.plan.changes } : missing(kind, name);
  const byName = <T extends { resource: { name: string } }>(list: readonly T[] | undefined, name: string) =>
    list?.find((outcome) => outcome.resource.name === name);

  const rows: ResourceReport[] = [
    values.controlPlane
      ? { kind: 'control plane', name: values.controlPlane.name, action: 'found', id: values.controlPlane.id, changes: [] }
      : missing('control plane', config.controlPlaneName),
    row('auth server', config.authServer.name, values.authServer),
    ...config.scopes.map((name) => row('scope', name, byName(values.scopes, name))),
    ...config.claims.map((claim) => row('claim', claim.name, byName(values.claims, claim.name))),
    row('client', config.client.name, values.client),
    row('plugin', `openid-connect (${values.plugin?.target.label ?? targetLabel(config.pluginTarget)})`, values.plugin),
    ...(config.createConsumer ? [row('consumer', values.consumer?.resource.username ?? config.client.name, values.consumer)] : []),
  ];
  if (values.credentials) {
    const { strategy, createdSecretId } = values.credentials;
    rows.push({
      kind: 'client secret',
      name: config.client.name,
      action: secretReportAction(strategy, createdSecretId !== undefined),
      ...(createdSecretId ? { id: createdSecretId } : {}),
      changes: [],
    });
  } else {
    rows.push(missing('client secret', config.client.name));
  }
  return rows;
}

/** Scope ids in a change (a client's allow_scopes, a claim's include_in_scopes) shown as scope names. */
function withScopeNames(change: FieldChange, scopeNames: ReadonlyMap<string, string>): FieldChange {
  if (change.field !== 'allow_scopes' && change.field !== 'include_in_scopes') return change;
  const named = (value: unknown) => (Array.isArray(value) ? value.map((id) => (typeof id === 'string' ? (scopeNames.get(id) ?? id) : id)) : value);
  return { ...change, from: named(change.from), to: named(change.to) };
}

function renameScopes(rows: readonly ResourceReport[], scopeNames: ReadonlyMap<string, string>): ResourceReport[] {
  return rows.map((row) => ({ ...row, changes: row.changes.map((change) => withScopeNames(change, scopeNames)) }));
}

// ---- outputs ------------------------------------------------------------------------------------

function checkStatus(values: RunValues, checkEnabled: boolean): CheckStatus {
  if (checkEnabled && values.checkError !== undefined) return 'failed';
  return checkEnabled && values.check ? 'passed' : 'skipped';
}

function checkOutcome(values: RunValues, checkEnabled: boolean): string {
  if (!checkEnabled) return 'skipped (no proxy-url)';
  if (values.checkError !== undefined) return 'failed';
  return values.check ? 'passed' : 'not reached';
}

/** Output name to value; what a failed run did not reach stays unset, but check-status is always set. */
export function outputsOf(values: RunValues, checkEnabled: boolean): Record<string, string | undefined> {
  const scopes = values.scopes;
  return {
    'control-plane-id': values.controlPlane?.id,
    'auth-server-id': values.authServer?.resource.id,
    'issuer-url': values.authServer?.resource.issuer,
    'scope-ids': scopes ? JSON.stringify(Object.fromEntries(scopes.map((scope) => [scope.resource.name, scope.resource.id]))) : undefined,
    'client-id': values.client?.resource.id,
    // A client created by a run that then failed still gets its one-time secret handed out.
    'client-secret': values.credentials?.secret ?? values.client?.creationSecret,
    'access-token': values.token ? values.credentials?.token.value : undefined,
    'token-expires-at': values.token?.expiresAt.toISOString(),
    'plugin-id': values.plugin?.resource.id,
    'consumer-id': values.consumer?.resource.id,
    'check-status': checkStatus(values, checkEnabled),
  };
}

export async function setOutputs(outputs: Record<string, string | undefined>): Promise<void> {
  const core = await actionsCore();
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) core.setOutput(name, value);
  }
}

// ---- the job summary ----------------------------------------------------------------------------

/** The job summary of an applying run; `failure` is the step's error message (with its "What to do"), when it failed. */
export async function writeRunSummary(values: RunValues, config: Config, run: { durationMs: number; failure?: string }): Promise<void> {
  const scopeNames = new Map(values.scopes?.map((scope) => [scope.resource.id, scope.resource.name]));
  const checkEnabled = config.check !== undefined;
  await writeSummary({
    heading: run.failure === undefined ? `✅ ${SUMMARY_TITLE}: passed` : `❌ ${SUMMARY_TITLE}: failed`,
    ...(run.failure === undefined ? {} : { failure: run.failure }),
    rows: renameScopes(resourceRows(values, config), scopeNames),
    resultHeader: 'Result',
    facts: [
      values.authServer ? `Issuer: <code>${summaryText(values.authServer.resource.issuer)}</code>` : undefined,
      values.token ? `Access token expires at ${summaryText(values.token.expiresAt.toISOString())}` : undefined,
      `Gateway check: ${summaryText(describeCheck(values, checkEnabled))}`,
      `Run took ${seconds(run.durationMs)}`,
    ],
  });
}

let loadingActionsCore: Promise<typeof import('../runner/core.js')> | undefined;

/**
 * @actions/core's step outputs and job summary (actions-core.ts). It loads here only, never before
 * the first requests: main.ts asks for it once they are in flight, so it loads while the run waits.
 */
export function actionsCore(): Promise<typeof import('../runner/core.js')> {
  loadingActionsCore ??= import('../runner/core.js');
  return loadingActionsCore;
}

/** The gateway check for the summary: details when it passed; a failure is already the summary's opening. */
function describeCheck(values: RunValues, checkEnabled: boolean): string {
  if (values.check && checkEnabled) {
    const { scopes, consumer } = values.check;
    const answers = [
      `${values.check.withTokenStatus} with the token`,
      `${values.check.withoutTokenStatus} without`,
      ...(scopes ? [`${scopes.withoutScopesStatus} with a token without the action's scopes`] : []),
    ].join(', ');
    const mapping =
      consumer === undefined ? '' : consumer.seen ? `; mapped to Consumer ${consumer.consumerId}` : `; Consumer mapping not seen: ${consumer.why}`;
    return `passed in ${seconds(values.check.durationMs)} (${answers}, at ${values.check.url}${mapping})`;
  }
  return checkOutcome(values, checkEnabled);
}

/** The plan's single phase in the log, so that the lookups' debug lines sit in its group. */
export function planLog(): PhasedLog<'plan'> {
  return new PhasedLog(['plan']);
}

/** Dry run: the plan in the log and the job summary, the ids of what exists as outputs; check-status is skipped. */
export async function reportPlan(
  plan: { reports: readonly ResourceReport[]; scopeNames: ReadonlyMap<string, string>; outputs: Record<string, string | undefined> },
  phases: PhasedLog<'plan'>,
  durationMs: number,
): Promise<void> {
  const reports = renameScopes(plan.reports, plan.scopeNames);
  phases.close('plan', `Plan (dry run, nothing changed): ${countActions(reports, PLAN_WORD).join(', ')}`, planLines(reports));
  await setOutputs({ ...plan.outputs, 'check-status': 'skipped' });
  await writeSummary({
    heading: `📝 ${SUMMARY_TITLE}: plan (dry run, nothing changed)`,
    rows: reports,
    resultHeader: 'Plan',
    dryRun: true,
    facts: ['Gateway check: skipped (dry run)', `Dry run took ${seconds(durationMs)}`],
  });
}

const PLAN_WORD: Record<ResourceAction, string> = {
  ...PAST_TENSE,
  create: 'to create',
  update: 'to update',
  rotate: 'to rotate',
  verify: 'to verify',
  install: 'to install',
};

/** Each resource's plan, with field-level changes. */
function planLines(reports: readonly ResourceReport[]): string[] {
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(`  ${report.action.padEnd(9)} ${report.kind} "${report.name}"${report.id ? ` (${report.id})` : ''}`);
    if (report.action === 'create' || report.action === 'update') {
      for (const change of report.changes) lines.push(`              ${formatChange(change)}`);
    }
  }
  return lines;
}

/** The summary: the outcome first (and the failure with what to do), then the resources, then the facts. */
async function writeSummary(details: {
  heading: string;
  failure?: string;
  rows: readonly ResourceReport[];
  resultHeader: string;
  dryRun?: boolean;
  facts: ReadonlyArray<string | undefined>;
}): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  const summary = (await actionsCore()).summary.addHeading(summaryText(details.heading), 3);
  if (details.failure !== undefined) summary.addRaw(failureParagraphs(details.failure), true);

  const changesShown = (row: ResourceReport) => (row.action === 'update' || (details.dryRun === true && row.action === 'create') ? row.changes : []);
  const columns = [
    { header: 'Resource', show: () => true, value: (row: ResourceReport) => summaryText(row.kind) },
    { header: 'Name', show: () => true, value: (row: ResourceReport) => summaryText(row.name) },
    { header: details.resultHeader, show: () => true, value: (row: ResourceReport) => summaryText(details.dryRun ? row.action : PAST_TENSE[row.action]) },
    {
      header: 'ID',
      show: (row: ResourceReport) => row.id !== undefined,
      value: (row: ResourceReport) => (row.id ? `<code>${summaryText(row.id)}</code>` : ''),
    },
    {
      header: 'Changes',
      show: (row: ResourceReport) => changesShown(row).length > 0,
      value: (row: ResourceReport) =>
        changesShown(row)
          .map((change) => summaryText(formatChange(change)))
          .join('<br>'),
    },
  ].filter((column) => details.rows.some(column.show)); // a column nothing fills is left out
  summary.addTable([
    columns.map((column) => ({ data: column.header, header: true })),
    // An empty cell is written as &nbsp;: core.summary leaves an empty element unclosed.
    ...details.rows.map((row) => columns.map((column) => column.value(row) || '&nbsp;')),
  ]);
  summary.addList(details.facts.filter((fact): fact is string => fact !== undefined));
  await summary.write();
}

/** The summary of the modes that only hand out a token, when they did: label and value pairs. Never a secret. */
export async function writeFactsSummary(heading: string, facts: ReadonlyArray<readonly [string, string]>): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  await (await actionsCore()).summary
    .addHeading(summaryText(`✅ ${heading}`), 3)
    .addList(facts.map(([label, value]) => `${summaryText(label)}: <code>${summaryText(value)}</code>`))
    .write();
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

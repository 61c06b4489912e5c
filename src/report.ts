import * as log from './log.js';
import { describeFailure } from './failure.js';
import type { RunValues, Stages } from './pipeline.js';
import type { SecretStrategy } from './reconcile/client-secret.js';
import { formatChange, type FieldChange, type PlanAction, type Reconciled } from './reconcile/plan.js';
import { summaryText } from './summary-text.js';

/**
 * What the run tells the user: the log's phase groups, the step outputs and the job summary. The
 * pipeline and the dry run hand it their results; it never changes anything in Konnect.
 */

export type ResourceKind = 'control plane' | 'auth server' | 'scope' | 'claim' | 'client' | 'client secret' | 'plugin' | 'consumer';

/** One resource's outcome, for logs and the job summary. `id` is absent only in dry-run creates. */
export interface ResourceReport {
  kind: ResourceKind;
  name: string;
  /** A plan action, `found` for what is only looked up, or what the secret policy did. */
  action: PlanAction | 'found' | 'rotate' | 'verify' | 'install';
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

// ---- logs: one group per phase -----------------------------------------------------------------

const logGroup = log.group;

/**
 * The phases of an applying run overlap (pipeline.ts), so their reports are not streamed: each
 * phase is printed as one group as soon as it settles. Progress (retries, recoveries from lost
 * responses and concurrent runs, the gateway check's polling) is still logged live, between the
 * groups, so that it shows even when the run then fails. A phase that failed prints nothing here: the
 * failure itself is the step's error. The gateway check's group follows the run (logCheck).
 */
export async function logPhases(stages: Stages): Promise<void> {
  const settled = <T>(promise: Promise<T>): Promise<T | undefined> => promise.catch(() => undefined);
  const phase = async (title: string, lines: () => Promise<string[]>) => {
    const printed = await lines();
    if (printed.length > 0) logGroup(title, printed);
  };
  await Promise.all([
    phase('Control plane', async () => resourceRows({ controlPlane: await settled(stages.controlPlane) }).map(describeRow)),
    phase('Kong Identity: auth server, scopes, claims, client', async () => {
      const [authServer, scopes, claims, client, duplicateClaimIds] = await Promise.all([
        settled(stages.authServer),
        settled(stages.scopes),
        settled(stages.claims),
        settled(stages.client),
        settled(stages.duplicateClaimIds),
      ]);
      return [
        ...resourceRows({ authServer, scopes, claims, client }).map(describeRow),
        ...(duplicateClaimIds && duplicateClaimIds.length > 0
          ? [`claims deleted as duplicates of a concurrent run's: ${duplicateClaimIds.join(', ')}`]
          : []),
      ];
    }),
    phase('openid-connect plugin', async () => resourceRows({ plugin: await settled(stages.plugin) }).map(describeRow)),
    phase('Consumer', async () => resourceRows({ consumer: await settled(stages.consumer) }).map(describeRow)),
    phase('Client secret and access token', async () => {
      const [client, credentials, token, retired] = await Promise.all([
        settled(stages.client),
        settled(stages.credentials),
        settled(stages.token),
        settled(stages.retiredSecretIds),
      ]);
      const secretRows = resourceRows({ client, credentials }).filter((row) => row.kind === 'client secret');
      return [
        ...secretRows.map(describeRow),
        ...(token ? [`access token: verified (signature, iss, aud), expires at ${token.expiresAt.toISOString()}`] : []),
        ...(retired && retired.length > 0 ? [`older client secrets deleted: ${retired.join(', ')}`] : []),
      ];
    }),
  ]);
}

export function logCheck(values: RunValues, checkEnabled: boolean): void {
  logGroup('Gateway check', [describeCheck(values, checkEnabled)]);
}

/** One resource as a log line: `scope "my-scope": created (id)`, with field changes for an update. */
function describeRow(row: ResourceReport): string {
  const changes = row.action === 'update' ? `: ${row.changes.map(formatChange).join('; ')}` : '';
  return `${row.kind} "${row.name}": ${PAST_TENSE[row.action]}${row.id ? ` (${row.id})` : ''}${changes}`;
}

/** Dry run: the plan in the log and the job summary; check-status is skipped. */
export async function reportPlan(reports: readonly ResourceReport[]): Promise<void> {
  logPlan(reports);
  await writeSummary(reports, { dryRun: true, check: 'skipped (dry run)' });
  await setOutputs({ 'check-status': 'skipped' });
}

/** Each resource's plan, with field-level changes. */
function logPlan(reports: readonly ResourceReport[]): void {
  const lines = ['Dry run: nothing was changed.'];
  for (const report of reports) {
    lines.push(`  ${report.action.padEnd(9)} ${report.kind} "${report.name}"${report.id ? ` (${report.id})` : ''}`);
    if (report.action === 'create' || report.action === 'update') {
      for (const change of report.changes) lines.push(`              ${formatChange(change)}`);
    }
  }
  logGroup('Plan', lines);
}

// ---- rows, outputs, summary ---------------------------------------------------------------------

function resourceRows(values: RunValues): ResourceReport[] {
  const rows: ResourceReport[] = [];
  const add = (kind: ResourceKind, name: string, outcome: Reconciled<{ id: string }> | undefined) => {
    if (outcome) rows.push({ kind, name, action: outcome.plan.action, id: outcome.resource.id, changes: outcome.plan.changes });
  };
  if (values.controlPlane) rows.push({ kind: 'control plane', name: values.controlPlane.name, action: 'found', id: values.controlPlane.id, changes: [] });
  add('auth server', values.authServer?.resource.name ?? '', values.authServer);
  for (const scope of values.scopes ?? []) add('scope', scope.resource.name, scope);
  for (const claim of values.claims ?? []) add('claim', claim.resource.name, claim);
  add('client', values.client?.resource.name ?? '', values.client);
  if (values.credentials) {
    const { strategy, createdSecretId } = values.credentials;
    rows.push({
      kind: 'client secret',
      name: values.client?.resource.name ?? '',
      action: secretReportAction(strategy, createdSecretId !== undefined),
      ...(createdSecretId ? { id: createdSecretId } : {}),
      changes: [],
    });
  }
  if (values.plugin) add('plugin', `openid-connect (${values.plugin.target.label})`, values.plugin);
  if (values.consumer) add('consumer', values.consumer.resource.username ?? '', values.consumer);
  return rows;
}

function checkStatus(values: RunValues, checkEnabled: boolean): CheckStatus | undefined {
  if (!checkEnabled) return 'skipped';
  if (values.checkError !== undefined) return 'failed';
  return values.check ? 'passed' : undefined;
}

/** Output name to value; what a failed run did not reach stays unset. */
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

const PAST_TENSE: Record<ResourceReport['action'], string> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  found: 'found',
  rotate: 'rotated',
  verify: 'verified',
  install: 'installed',
};

/** The job summary of an applying run; `failure` is the step's error message, when it failed. */
export async function writeRunSummary(values: RunValues, run: { checkEnabled: boolean; durationMs: number; failure?: string }): Promise<void> {
  await writeSummary(resourceRows(values), {
    dryRun: false,
    ...(values.authServer ? { issuer: values.authServer.resource.issuer } : {}),
    ...(values.token ? { tokenExpiresAt: values.token.expiresAt.toISOString() } : {}),
    check: describeCheck(values, run.checkEnabled),
    ...(run.failure === undefined ? {} : { failure: firstLine(run.failure) }),
    durationMs: run.durationMs,
  });
}

let loadingActionsCore: Promise<typeof import('@actions/core')> | undefined;

/**
 * @actions/core, for the step outputs and the job summary. It loads here only, never before a
 * request: it statically loads a second HTTP stack (@actions/http-client, and all of undici where
 * the action loads only its agent). Asked for early (main.ts), it loads while the run waits for answers.
 */
export function actionsCore(): Promise<typeof import('@actions/core')> {
  loadingActionsCore ??= import('@actions/core');
  return loadingActionsCore;
}

/** The job summary: resources with what happened to them, the issuer, the check. Never a secret. */
async function writeSummary(
  rows: readonly ResourceReport[],
  details: { dryRun: boolean; issuer?: string; tokenExpiresAt?: string; check: string; failure?: string; durationMs?: number },
): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  const summary = (await actionsCore()).summary.addHeading(details.dryRun ? 'Kong Identity OIDC: plan (dry run, nothing changed)' : 'Kong Identity OIDC', 3);
  summary.addTable([
    [
      { data: 'Resource', header: true },
      { data: 'Name', header: true },
      { data: details.dryRun ? 'Plan' : 'Result', header: true },
      { data: 'ID', header: true },
      { data: 'Changes', header: true },
    ],
    ...rows.map((row) => [
      cell(row.kind),
      cell(row.name),
      cell(details.dryRun ? row.action : PAST_TENSE[row.action]),
      row.id ? `<code>${cell(row.id)}</code>` : '&nbsp;',
      (row.action === 'update' || (details.dryRun && row.action === 'create')) && row.changes.length > 0
        ? row.changes.map((change) => cell(formatChange(change))).join('<br>')
        : '&nbsp;',
    ]),
  ]);
  const facts = [
    details.issuer ? `Issuer: <code>${cell(details.issuer)}</code>` : undefined,
    details.tokenExpiresAt ? `Access token expires at ${cell(details.tokenExpiresAt)}` : undefined,
    `Gateway check: ${cell(details.check)}`,
    details.failure ? `<strong>Failed:</strong> ${cell(details.failure)}` : undefined,
    details.durationMs === undefined ? undefined : `Run took ${(details.durationMs / 1000).toFixed(1)} s`,
  ].filter((fact): fact is string => fact !== undefined);
  summary.addList(facts);
  await summary.write();
}

/** A short summary of the modes that only hand out a token: label and value pairs. Never a secret. */
export async function writeFactsSummary(heading: string, facts: ReadonlyArray<readonly [string, string]>): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  await (await actionsCore()).summary
    .addHeading(heading, 3)
    .addList(facts.map(([label, value]) => `${cell(label)}: <code>${cell(value)}</code>`))
    .write();
}

function describeCheck(values: RunValues, checkEnabled: boolean): string {
  if (!checkEnabled) return 'skipped (no proxy-url)';
  if (values.checkError !== undefined) return `failed: ${firstLine(describeFailure(values.checkError)).replace(/^Gateway check failed: /, '')}`;
  if (values.check) {
    const { scopes, consumer } = values.check;
    const answers = [
      `${values.check.withTokenStatus} with the token`,
      `${values.check.withoutTokenStatus} without`,
      ...(scopes ? [`${scopes.withoutScopesStatus} with a token without the action's scopes`] : []),
    ].join(', ');
    const mapping = consumer === undefined ? '' : consumer.seen ? `; mapped to Consumer ${consumer.consumerId}` : `; Consumer mapping not seen: ${consumer.why}`;
    return `passed in ${(values.check.durationMs / 1000).toFixed(1)} s (${answers}, at ${values.check.url}${mapping})`;
  }
  return 'not run';
}

/** A summary cell or list item: text, never markup (summary-text.ts). */
const cell = summaryText;

/** The message without its "What to do:" line. */
function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

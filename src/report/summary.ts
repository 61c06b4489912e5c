import * as core from '../runner/core.js';
import { SUMMARY_TITLE, summaryText } from '../runner/summary.js';
import type { Config } from '../inputs/config.js';
import { apiName } from '../konnect/region.js';
import type { ResourceAction, ResourceReport, TeardownItem, TeardownOutcome } from '../resources/description.js';
import { formatChange } from '../resources/diff.js';
import { konnectLink } from './konnect-links.js';
import { countActions, PAST_TENSE, PLAN_WORDS } from './rows.js';
import { readableTime } from './time.js';

/**
 * The job summary (GitHub renders it as GFM with HTML), through @actions/core's summary. Outside text
 * (names, ids, Konnect's and the issuer's words) always passes summaryText. Ids link to the resource
 * in Konnect's web app for the run's region; with any other api-url they are plain ids.
 */

/** The summary's parts that every kind of run shares. */
interface Table<Row> {
  rows: readonly Row[];
  columns: ReadonlyArray<{ header: string; cell: (row: Row) => string }>;
}

/** A table whose columns nothing fills are left out; an empty cell is &nbsp; (core.summary leaves an empty element unclosed). */
function addTable<Row>(summary: typeof core.summary, table: Table<Row>): void {
  const columns = table.columns.filter((column) => table.rows.some((row) => column.cell(row) !== ''));
  summary.addTable([
    columns.map((column) => ({ data: column.header, header: true })),
    ...table.rows.map((row) => columns.map((column) => column.cell(row) || '&nbsp;')),
  ]);
}

function plainId(id: string | undefined): string {
  return id === undefined ? '' : `<code>${summaryText(id)}</code>`;
}

/** The id, as a link to Konnect's web app where there is one. */
function idCell(apiBaseUrl: string, row: { kind: ResourceReport['kind']; id?: string; parents?: ResourceReport['parents'] }): string {
  if (row.id === undefined) return '';
  const code = plainId(row.id);
  const href = konnectLink(apiBaseUrl, { kind: row.kind, id: row.id, ...(row.parents ?? {}) });
  return href === undefined ? code : `<a href="${summaryText(href)}">${code}</a>`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The failure under the heading: what failed, what to do, and what the run had changed before it. */
function addFailure(summary: typeof core.summary, message: string, changed: string): void {
  const [what, hint] = message.split(/\nWhat to do: /);
  summary.addRaw(`<p><strong>${summaryText(what ?? message)}</strong></p>`, true);
  if (hint !== undefined) summary.addRaw(`<p><strong>What to do:</strong> ${summaryText(hint)}</p>`, true);
  summary.addRaw(`<p>${summaryText(changed)}</p>`, true);
}

/** "Nothing was changed." or "Changed before the failure: created scope "a", updated client "b"." */
export function changedBefore(rows: ReadonlyArray<{ kind: string; name: string; action: string }>, verbs: Readonly<Record<string, string>>): string {
  const changed = rows.filter((row) => verbs[row.action] !== undefined);
  if (changed.length === 0) return 'Nothing was changed.';
  return `Changed before the failure: ${changed.map((row) => `${verbs[row.action]} ${row.kind} "${row.name}"`).join(', ')}.`;
}

const CHANGE_VERBS: Partial<Record<ResourceAction, string>> = {
  create: 'created',
  update: 'updated',
  rotate: 'rotated the secret of',
  install: 'installed a secret in',
};

export interface RunSummary {
  config: Config;
  rows: readonly ResourceReport[];
  durationMs: number;
  failure?: string;
  issuer?: string;
  expiresAt?: Date;
  retiredSecretIds?: readonly string[];
  check: string;
  notices: readonly string[];
}

/** A provisioning run's summary: the outcome first (and the failure, once), then the resources, then the facts. */
export async function writeRunSummary(run: RunSummary): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  const summary = core.summary.addHeading(summaryText(run.failure === undefined ? `✅ ${SUMMARY_TITLE}: passed` : `❌ ${SUMMARY_TITLE}: failed`), 3);
  if (run.failure !== undefined) addFailure(summary, run.failure, changedBefore(run.rows, CHANGE_VERBS));
  // What the run did not reach is one line, not a row each.
  const reached = run.rows.filter((row) => row.action !== 'not reached');
  const notReached = run.rows.filter((row) => row.action === 'not reached');
  addTable(summary, {
    rows: reached,
    columns: [
      { header: 'Resource', cell: (row) => summaryText(row.kind) },
      { header: 'Name', cell: (row) => summaryText(row.name) },
      { header: 'Result', cell: (row) => summaryText(PAST_TENSE[row.action]) },
      { header: 'ID', cell: (row) => idCell(run.config.apiBaseUrl, row) },
      { header: 'Changes', cell: (row) => (row.action === 'update' ? row.changes.map((change) => summaryText(formatChange(change))).join('<br>') : '') },
    ],
  });
  const facts = [
    ...(notReached.length > 0 ? [`Not reached: ${summaryText(notReached.map((row) => `${row.kind} "${row.name}"`).join(', '))}`] : []),
    ...(run.issuer ? [`Issuer: <code>${summaryText(run.issuer)}</code>`] : []),
    ...(run.expiresAt ? [`Access token expires ${summaryText(readable(run.expiresAt))}`] : []),
    ...(run.retiredSecretIds && run.retiredSecretIds.length > 0
      ? [`Older client secrets deleted (the one handed out replaces them): ${run.retiredSecretIds.map((id) => `<code>${summaryText(id)}</code>`).join(', ')}`]
      : []),
    `Gateway check: ${summaryText(run.check)}`,
    ...run.notices.map((notice) => summaryText(notice)),
    `API: ${summaryText(apiName(run.config.apiBaseUrl))}`,
    `Run took ${seconds(run.durationMs)}`,
  ];
  summary.addList(facts);
  await summary.write();
}

function readable(date: Date): string {
  return readableTime(date, new Date());
}

/** A dry run's summary: each resource's plan, with field-level changes. */
export async function writePlanSummary(config: Config, rows: readonly ResourceReport[], durationMs: number): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  const summary = core.summary.addHeading(summaryText(`📝 ${SUMMARY_TITLE}: plan (dry run, nothing changed)`), 3);
  addTable(summary, {
    rows,
    columns: [
      { header: 'Resource', cell: (row) => summaryText(row.kind) },
      { header: 'Name', cell: (row) => summaryText(row.name) },
      { header: 'Plan', cell: (row) => summaryText(row.action) },
      { header: 'ID', cell: (row) => idCell(config.apiBaseUrl, row) },
      {
        header: 'Changes',
        cell: (row) => (row.action === 'update' || row.action === 'create' ? row.changes.map((change) => summaryText(formatChange(change))).join('<br>') : ''),
      },
    ],
  });
  summary.addList([
    `Plan: ${summaryText(countActions(rows, PLAN_WORDS).join(', '))}`,
    'Gateway check: skipped (dry run)',
    `API: ${summaryText(apiName(config.apiBaseUrl))}`,
    `Dry run took ${seconds(durationMs)}`,
  ]);
  await summary.write();
}

export const TEARDOWN_WORDS: Record<TeardownOutcome, { done: string; planned: string }> = {
  delete: { done: 'deleted', planned: 'delete' },
  update: { done: 'updated', planned: 'update' },
  keep: { done: 'kept', planned: 'keep' },
  absent: { done: 'absent', planned: 'absent' },
};

/** A teardown's summary: each resource with what became of it, and why what stays stays. */
export async function writeTeardownSummary(
  config: Config,
  items: readonly TeardownItem[],
  run: { dryRun: boolean; durationMs: number; failure?: string },
): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  const heading =
    run.failure !== undefined
      ? `❌ ${SUMMARY_TITLE}: teardown failed`
      : run.dryRun
        ? `📝 ${SUMMARY_TITLE}: teardown plan (dry run, nothing changed)`
        : `✅ ${SUMMARY_TITLE}: teardown done`;
  const summary = core.summary.addHeading(summaryText(heading), 3);
  if (run.failure !== undefined)
    addFailure(
      summary,
      run.failure,
      changedBefore(
        items.map((item) => ({ ...item, action: item.outcome })),
        { delete: 'deleted', update: 'updated' },
      ),
    );
  addTable(summary, {
    rows: items,
    columns: [
      { header: 'Resource', cell: (item) => summaryText(item.kind) },
      { header: 'Name', cell: (item) => summaryText(item.name) },
      {
        header: run.dryRun ? 'Plan' : 'Result',
        cell: (item) => summaryText(run.dryRun ? TEARDOWN_WORDS[item.outcome].planned : TEARDOWN_WORDS[item.outcome].done),
      },
      // What is gone has no page to link to any more.
      { header: 'ID', cell: (item) => (item.outcome === 'delete' && !run.dryRun ? plainId(item.id) : idCell(config.apiBaseUrl, item)) },
      { header: 'Why', cell: (item) => (item.reason ? summaryText(item.reason) : '') },
    ],
  });
  const deletedSome = items.some((item) => item.outcome === 'delete' || item.outcome === 'update');
  summary.addList([...(deletedSome ? [] : ['Nothing to delete.']), `API: ${summaryText(apiName(config.apiBaseUrl))}`, `Run took ${seconds(run.durationMs)}`]);
  await summary.write();
}

/**
 * The summary of a step that stopped before the engine ran: on its inputs (every problem listed),
 * or in mode token or unseal. Nothing was changed.
 */
export async function writeEarlyFailureSummary(message: string, problems?: readonly string[]): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  if (problems === undefined) {
    const summary = core.summary.addHeading(summaryText(`❌ ${SUMMARY_TITLE}: failed`), 3);
    addFailure(summary, message, 'Nothing was changed.');
    await summary.write();
    return;
  }
  const plural = problems.length === 1 ? '' : 's';
  await core.summary
    .addHeading(summaryText(`❌ ${SUMMARY_TITLE}: failed (invalid input${plural})`), 3)
    .addRaw(`<p>${summaryText(`${problems.length} input problem${plural}; nothing was changed:`)}</p>`, true)
    .addList(problems.map((problem) => summaryText(problem)))
    .addRaw(`<p><strong>What to do:</strong> ${summaryText('Fix the inputs listed above in the workflow step.')}</p>`, true)
    .write();
}

/** The summary of the modes that only hand out a token, when they did: label and value pairs. Never a secret. */
export async function writeFactsSummary(heading: string, facts: ReadonlyArray<readonly [string, string]>): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  await core.summary
    .addHeading(summaryText(`✅ ${heading}`), 3)
    .addList(facts.map(([label, value]) => `${summaryText(label)}: <code>${summaryText(value)}</code>`))
    .write();
}

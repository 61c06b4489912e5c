import type { PhasedLog } from '../runner/log.js';
import type { Phase, ResourceReport, RunContext } from '../resources/description.js';
import type { Applied, Description, EngineMode, Found } from '../resources/registry.js';
import { type FailedStage, type Stage, StageGraph } from './graph.js';

/**
 * The engine: runs the resource descriptions (src/resources/) as a graph of stages (graph.ts). Its
 * modes share the finds: one stage per description that finds (GET requests only), each reading
 * the found values it names. Then:
 *
 * - apply: one `check` stage per description, which sees everything found and refuses, before any
 *   write, what the inputs must not change; then one apply stage per description, each starting
 *   once every check has passed and the applies it names have succeeded;
 * - plan: the checks, then each description's plan rows (nothing is written);
 * - destroy: see destroy.ts, which uses the finds here and the descriptions' teardown functions.
 *
 * Every stage declares what it reads; none awaits another inside its work. A stage that fails
 * because one it reads failed is skipped, not failed, so the first failed stage is where a failed
 * run began, and its `row` is the report row that shows it.
 */

/** What the run holds as its stages settle: filled in as each succeeds, read by the report. */
export interface EngineRecord {
  found: Partial<Found>;
  applied: Partial<Applied>;
}

export interface EngineRun {
  graph: StageGraph<Phase>;
  record: EngineRecord;
  /** Settles once every stage has; the first failure, if any. */
  settled: () => Promise<{ failure?: unknown; failedStages: Array<FailedStage<Phase>> }>;
}

interface Built {
  graph: StageGraph<Phase>;
  record: EngineRecord;
  found: Map<keyof Found, Stage<unknown>>;
  checks: Array<Stage<unknown>>;
}

/** The find stages of `mode`, and the checks that read them all. */
function buildFinds(ctx: RunContext, descriptions: readonly Description[], mode: EngineMode, log: PhasedLog<Phase> | undefined, withChecks: boolean): Built {
  const graph = new StageGraph<Phase>({ runIn: (group, work) => (log && group ? log.run(group, work) : work()) });
  const record: EngineRecord = { found: {}, applied: {} };
  const found = new Map<keyof Found, Stage<unknown>>();
  const foundKeys = (keys: ReadonlyArray<keyof Found>) => Object.fromEntries(keys.map((key) => [key, stageOf(found, key, 'find')]));
  for (const description of descriptions) {
    const part = description.find;
    const key = description.key as keyof Found;
    if (part === undefined) continue;
    const active = part.modes === undefined || part.modes.includes(mode);
    const stage = graph.stage(`find ${String(key)}`, foundKeys(part.needs), (values) => (active ? part.run(ctx, values as unknown as Found) : undefined), {
      group: description.phase,
      ...(description.row ? { row: description.row } : {}),
      after: (part.after ?? []).map((after) => stageOf(found, after, 'find')),
    });
    stage.then(
      (value) => Object.assign(record.found, { [key]: value }),
      () => undefined,
    );
    found.set(key, stage);
  }
  const everything = foundKeys([...found.keys()]);
  const checks = withChecks
    ? descriptions.flatMap((description) => {
        const check = description.check;
        if (check === undefined) return [];
        return [
          graph.stage(`check ${String(description.key)}`, everything, (values) => check(ctx, values as unknown as Found), {
            group: description.phase,
            ...(description.row ? { row: description.row } : {}),
          }),
        ];
      })
    : [];
  return { graph, record, found, checks };
}

function stageOf<K>(stages: Map<K, Stage<unknown>>, key: K, what: string): Stage<unknown> {
  const stage = stages.get(key);
  if (stage === undefined) throw new Error(`no ${what} stage "${String(key)}": a description names a key declared after it, or none`);
  return stage;
}

/**
 * Apply: the finds, the checks, then every description's apply. Stages ready at the same moment
 * start in the order of `descriptions`: with at most four Konnect requests in flight, the ones on the
 * token's path come first.
 */
export function apply(ctx: RunContext, descriptions: readonly Description[], log?: PhasedLog<Phase>): EngineRun {
  const { graph, record, found, checks } = buildFinds(ctx, descriptions, 'apply', log, true);
  const everythingFound = graph.stage('everything found', Object.fromEntries(found), (values) => values as unknown as Found);
  const gate = graph.stage('checks before any write', Object.fromEntries(checks.map((check, i) => [String(i), check])), () => undefined);
  const applied = new Map<keyof Applied, Stage<unknown>>();
  for (const description of topologicalOrder(descriptions)) {
    const part = description.apply;
    const inputs = Object.fromEntries(part.needs.map((key) => [key, stageOf(applied, key, 'apply')]));
    const stage = graph.stage(
      description.key,
      { ...inputs, __found: everythingFound, __gate: gate },
      ({ __found, __gate: _gate, ...values }) => part.run(ctx, __found as Found, values as unknown as Applied),
      {
        group: description.phase,
        ...(description.row ? { row: description.row } : {}),
        after: (part.after ?? []).map((key) => stageOf(applied, key, 'apply')),
      },
    );
    stage.then(
      (value) => Object.assign(record.applied, { [description.key]: value }),
      () => undefined,
    );
    applied.set(description.key, stage);
  }
  return { graph, record, settled: () => settle(graph) };
}

/** The order of a teardown: the reverse of what the applies need, so what depends on a resource goes before it. */
export function teardownOrder(descriptions: readonly Description[]): Description[] {
  return topologicalOrder(descriptions).reverse();
}

/** The descriptions in an order where each comes after what its apply names, otherwise as given. */
function topologicalOrder(descriptions: readonly Description[]): Description[] {
  const byKey = new Map(descriptions.map((description) => [description.key, description]));
  const ordered: Description[] = [];
  const visiting = new Set<keyof Applied>();
  const visit = (description: Description) => {
    if (ordered.includes(description)) return;
    if (visiting.has(description.key)) throw new Error(`the applies of the descriptions form a cycle through "${description.key}"`);
    visiting.add(description.key);
    for (const key of [...description.apply.needs, ...(description.apply.after ?? [])]) {
      const dependency = byKey.get(key);
      if (dependency) visit(dependency);
    }
    visiting.delete(description.key);
    ordered.push(description);
  };
  descriptions.forEach(visit);
  return ordered;
}

async function settle(graph: StageGraph<Phase>): Promise<{ failure?: unknown; failedStages: Array<FailedStage<Phase>> }> {
  const { failure } = await graph.settled();
  return { ...(failure === undefined ? {} : { failure }), failedStages: graph.failedStages() };
}

/** Plan (dry run): the finds and the checks, then each description's rows. GET requests only. */
export async function plan(ctx: RunContext, descriptions: readonly Description[], log?: PhasedLog<Phase>): Promise<{ rows: ResourceReport[]; found: Found }> {
  const { graph, record } = buildFinds(ctx, descriptions, 'plan', log, true);
  const { failure } = await graph.settled();
  if (failure !== undefined) throw failure;
  const found = record.found as Found;
  return { rows: descriptions.flatMap((description) => description.plan?.(ctx, found) ?? []), found };
}

/** Destroy's lookups: the finds of the descriptions that run in mode destroy. */
export async function findForTeardown(ctx: RunContext, descriptions: readonly Description[], log?: PhasedLog<Phase>): Promise<Found> {
  const { graph, record } = buildFinds(ctx, descriptions, 'destroy', log, false);
  const { failure } = await graph.settled();
  if (failure !== undefined) throw failure;
  return record.found as Found;
}

/**
 * A run as a graph of named stages. Each stage names the stages whose values it reads (`inputs`) and,
 * apart, the ones it only has to follow (`after`: a wait that orders requests but carries no data).
 * It starts once all of them have succeeded, and fails with the first failure among them.
 *
 * Every stage is registered in its graph when it is declared, and a stage's inputs can only be
 * stages, so no promise of the run is left unobserved: `settled()` waits for all of them, and a
 * failure is never an unhandled rejection, even before anyone waits. Stages whose inputs are ready
 * at the same moment start in the order they were declared, which is how a run decides which of
 * its requests queue first behind the client's cap on requests in flight.
 */

declare const stageBrand: unique symbol;

/**
 * A promise that a StageGraph made, and so tracks. The brand exists only for the compiler: only
 * `stage()` returns one, so a plain promise cannot be passed as a stage's input unnoticed.
 */
export type Stage<T> = Promise<T> & { readonly [stageBrand]: true };

type StageValues<Inputs extends Record<string, Stage<unknown>>> = { [K in keyof Inputs]: Awaited<Inputs[K]> };

export interface StageOptions<Group extends string = string> {
  /** Stages this one waits for without reading their values: ordering only. */
  after?: ReadonlyArray<Stage<unknown>>;
  /** The part of the run the stage belongs to (a phase of the log): see `runIn`. */
  group?: Group;
  /** The report row whose outcome the stage's failure shows (a resource kind). */
  row?: string;
}

/** Whether a stage's own work ran and how it ended: `skipped` when a stage it waits for failed. */
export type StageOutcome = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface FailedStage<Group extends string = string> {
  name: string;
  group: Group | undefined;
  row: string | undefined;
  error: unknown;
}

export interface StageGraphOptions<Group extends string> {
  /** Runs each stage's work, e.g. inside its group's log context; `work()` by default. */
  runIn?: <T>(group: Group | undefined, work: () => T) => T;
}

export class StageGraph<Group extends string = string> {
  private readonly stages: Array<{ name: string; group: Group | undefined; promise: Promise<unknown>; outcome: StageOutcome }> = [];
  /** The stages whose own work failed, in the order they failed: the first is where a failed run began. */
  private readonly failures: Array<FailedStage<Group>> = [];
  private closed = false;

  constructor(private readonly options: StageGraphOptions<Group> = {}) {}

  /**
   * Declares the stage `name`: `run` is called with the values of `inputs`, by name, once they
   * and the `after` stages have succeeded. The stage fails, without calling `run`, if any of them fails.
   * (A property, so that `const { stage } = graph` reads well.)
   */
  readonly stage = <const Inputs extends Record<string, Stage<unknown>>, T>(
    name: string,
    inputs: Inputs,
    run: (values: StageValues<Inputs>) => T | PromiseLike<T>,
    options: StageOptions<Group> = {},
  ): Stage<Awaited<T>> => {
    if (this.closed) throw new Error(`stage "${name}" declared after the graph was settled: declare every stage first`);
    if (this.stages.some((stage) => stage.name === name)) throw new Error(`stage "${name}" declared twice`);
    const names = Object.keys(inputs);
    const waits: Array<Promise<unknown>> = [...names.map((key) => inputs[key] as Promise<unknown>), ...(options.after ?? [])];
    const entry: { name: string; group: Group | undefined; promise: Promise<unknown>; outcome: StageOutcome } = {
      name,
      group: options.group,
      promise: Promise.resolve(),
      outcome: 'pending',
    };
    const runIn = this.options.runIn ?? ((_group, work) => work());
    // One Promise.all, then one step: a stage starts the same number of microtask turns after its
    // last dependency, whatever their number, so declaration order decides between equals.
    const promise = Promise.all(waits).then(
      (results) => {
        entry.outcome = 'running';
        const values = Object.fromEntries(names.map((key, i) => [key, results[i]])) as StageValues<Inputs>;
        return runIn(options.group, () => run(values));
      },
      (error: unknown) => {
        entry.outcome = 'skipped';
        throw error;
      },
    );
    entry.promise = promise;
    promise.then(
      () => (entry.outcome = 'succeeded'),
      (error: unknown) => {
        if (entry.outcome !== 'running') return;
        entry.outcome = 'failed';
        this.failures.push({ name, group: options.group, row: options.row, error });
      },
    ); // observed here; settled() and the stage's readers see the failure
    this.stages.push(entry);
    return promise as Stage<Awaited<T>>;
  };

  /** The names of the stages declared so far, in declaration order. */
  names(): string[] {
    return this.stages.map((stage) => stage.name);
  }

  /** How the stage `name` stands now. */
  outcome(name: string): StageOutcome {
    const stage = this.stages.find((candidate) => candidate.name === name);
    if (stage === undefined) throw new Error(`no stage "${name}"`);
    return stage.outcome;
  }

  /** The stages whose own work failed so far, in the order they failed (not those skipped because of it). */
  failedStages(): Array<FailedStage<Group>> {
    return [...this.failures];
  }

  /** Settles once every stage of `group` has (declare every stage first). */
  async groupSettled(group: Group): Promise<void> {
    await Promise.allSettled(this.stages.filter((stage) => stage.group === group).map((stage) => stage.promise));
  }

  /**
   * Waits for every stage declared. Calls `onFirstFailure` as soon as the first one fails (so the
   * caller can cancel the work in flight), then still waits for all of them to settle, and returns
   * that first failure. No stage can be declared afterwards.
   */
  async settled(onFirstFailure: (error: unknown) => void = () => undefined): Promise<{ failure?: unknown }> {
    this.closed = true;
    const all = this.stages.map((stage) => stage.promise);
    try {
      await Promise.all(all);
      return {};
    } catch (failure) {
      onFirstFailure(failure);
      await Promise.allSettled(all);
      return { failure };
    }
  }
}

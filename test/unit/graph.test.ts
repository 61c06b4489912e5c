// The stage graph, in process: how a run waits, what it runs in which order and what it reports,
// with stages the test resolves and rejects itself (no network, no child process).
import { describe, expect, it } from 'vitest';
import { StageGraph } from '../../src/engine/graph.js';

/** A promise the test settles when it chooses. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('StageGraph', () => {
  it('hands each stage the values of its inputs by name, and waits for its `after` stages without reading them', async () => {
    const graph = new StageGraph();
    const gate = deferred<void>();
    const a = graph.stage('a', {}, () => 2);
    const b = graph.stage('b', {}, () => 'x');
    const ordered = graph.stage('ordered', {}, () => gate.promise);
    let seen: unknown;
    const c = graph.stage(
      'c',
      { count: a, letter: b },
      (values) => {
        seen = values;
        return values.letter.repeat(values.count);
      },
      { after: [ordered] },
    );
    await tick();
    expect(seen).toBeUndefined(); // still waiting for `ordered`
    gate.resolve();
    expect(await c).toBe('xx');
    expect(seen).toEqual({ count: 2, letter: 'x' });
  });

  it('fails a stage with the first failure of its inputs, without running it', async () => {
    const graph = new StageGraph();
    const broken = graph.stage('broken', {}, () => Promise.reject(new Error('lookup failed')));
    let ran = false;
    const dependent = graph.stage('dependent', { value: broken }, () => (ran = true));
    await expect(dependent).rejects.toThrow('lookup failed');
    expect(ran).toBe(false);
  });

  it('tells the stage whose own work failed from those that failed because of it, in the order they failed', async () => {
    const graph = new StageGraph();
    const interrupted = deferred<void>();
    const broken = graph.stage('broken', {}, () => Promise.reject(new Error('lookup failed')), { group: 'lookups', row: 'scope' });
    graph.stage('in flight', {}, () => interrupted.promise, { group: 'lookups' });
    graph.stage('dependent', { value: broken }, () => undefined);
    await tick();
    interrupted.reject(new Error('aborted'));
    await graph.settled();
    expect(graph.failedStages().map(({ name, group }) => `${group}/${name}`)).toEqual(['lookups/broken', 'lookups/in flight']);
    // Each stage says which report row it feeds: the first failure's row is where the run's failure shows.
    expect(graph.failedStages()[0]?.row).toBe('scope');
    expect(['broken', 'in flight', 'dependent'].map((name) => graph.outcome(name))).toEqual(['failed', 'failed', 'skipped']);
  });

  it("runs each stage's work through runIn with its group, and says when a group has settled", async () => {
    const seen: Array<string | undefined> = [];
    const graph = new StageGraph({
      runIn: (group, work) => {
        seen.push(group);
        return work();
      },
    });
    const gate = deferred<number>();
    const slow = graph.stage('slow', {}, () => gate.promise, { group: 'phase' });
    graph.stage('plain', {}, () => 1);
    let settled = false;
    void graph.groupSettled('phase').then(() => (settled = true));
    await tick();
    expect(seen).toEqual(['phase', undefined]);
    expect(settled).toBe(false);
    gate.resolve(2);
    await slow;
    await tick();
    expect(settled).toBe(true);
  });

  it('never lets a failed stage become an unhandled rejection, even when nothing reads it', async () => {
    // vitest fails the run on an unhandled rejection: this test passing is the assertion.
    const graph = new StageGraph();
    graph.stage('unread', {}, () => Promise.reject(new Error('nobody reads me')));
    await tick();
    await tick();
    expect(await graph.settled()).toEqual({ failure: new Error('nobody reads me') });
  });

  it('starts the stages whose inputs are ready at the same moment in declaration order, whatever their number of inputs', async () => {
    const graph = new StageGraph();
    const started: string[] = [];
    const root = deferred<number>();
    const lookup = graph.stage('lookup', {}, () => root.promise);
    const other = graph.stage('other', {}, () => 1);
    await tick(); // `other` is long done when `lookup` resolves
    graph.stage('first', { a: lookup, b: other }, () => started.push('first'));
    graph.stage('second', { a: lookup }, () => started.push('second'));
    graph.stage('third', {}, () => started.push('third'), { after: [lookup, other] });
    root.resolve(1);
    await graph.settled();
    expect(started).toEqual(['first', 'second', 'third']);
  });

  it('waits for every stage, reports the first failure once, and lets the rest finish', async () => {
    const graph = new StageGraph();
    const slow = deferred<string>();
    const slowStage = graph.stage('slow', {}, () => slow.promise);
    graph.stage('fails', {}, () => Promise.reject(new Error('first')));
    graph.stage('fails later', { value: slowStage }, () => Promise.reject(new Error('second')));
    const failures: unknown[] = [];
    let done = false;
    const settling = graph
      .settled((error) => failures.push(error))
      .then((result) => {
        done = true;
        return result;
      });
    await tick();
    expect(failures).toEqual([new Error('first')]);
    expect(done).toBe(false); // `slow` is still running
    slow.resolve('ok');
    expect(await settling).toEqual({ failure: new Error('first') });
    expect(failures).toHaveLength(1);
  });

  it('refuses a stage declared after it was settled (it would not be waited for), and a name used twice', async () => {
    const graph = new StageGraph();
    graph.stage('a', {}, () => 1);
    expect(() => graph.stage('a', {}, () => 2)).toThrow(/declared twice/);
    await graph.settled();
    expect(() => graph.stage('late', {}, () => 3)).toThrow(/after the graph was settled/);
    expect(graph.names()).toEqual(['a']);
  });
});

/** Stages of a run, each settled by the test through `control`. */

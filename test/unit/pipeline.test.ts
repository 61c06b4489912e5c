// The stage graph and `settle`, in process: how a run waits, what it cancels and what it reports,
// with stages the test resolves and rejects itself (no network, no child process).
import { describe, expect, it } from 'vitest';
import { settle, type Stages } from '../../src/engine/provision.js';
import { type Stage, StageGraph } from '../../src/engine/graph.js';

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
    const { stage } = graph.group('lookups');
    const broken = stage('broken', {}, () => Promise.reject(new Error('lookup failed')));
    stage('in flight', {}, () => interrupted.promise);
    graph.stage('dependent', { value: broken }, () => undefined);
    await tick();
    interrupted.reject(new Error('aborted'));
    await graph.settled();
    expect(graph.failedStages().map(({ name, group }) => `${group}/${name}`)).toEqual(['lookups/broken', 'lookups/in flight']);
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
    const slow = graph.group('phase').stage('slow', {}, () => gate.promise);
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
function scriptedStages() {
  const graph = new StageGraph();
  const names = [
    'controlPlane',
    'authServer',
    'scopes',
    'claims',
    'client',
    'plugin',
    'consumer',
    'issuerMetadata',
    'credentials',
    'token',
    'check',
    'retiredSecretIds',
    'duplicateClaimIds',
  ] as const;
  const control = Object.fromEntries(names.map((name) => [name, deferred<unknown>()])) as Record<(typeof names)[number], ReturnType<typeof deferred<unknown>>>;
  const stages = Object.fromEntries(names.map((name) => [name, graph.stage(name, {}, () => control[name].promise)])) as Record<
    (typeof names)[number],
    Stage<unknown>
  >;
  return { stages: { ...stages, graph } as unknown as Stages, control };
}

describe('settle', () => {
  it('returns every value and no failure when every stage succeeds, cancelling nothing', async () => {
    const { stages, control } = scriptedStages();
    const cancels: unknown[] = [];
    const settling = settle(stages, (reason) => cancels.push(reason));
    for (const [name, stage] of Object.entries(control)) stage.resolve(name === 'check' ? undefined : { name });
    const { values, failure } = await settling;
    expect(failure).toBeUndefined();
    expect(cancels).toEqual([]);
    expect(values.token).toEqual({ name: 'token' });
    expect(values.duplicateClaimIds).toEqual({ name: 'duplicateClaimIds' });
    expect(values.check).toBeUndefined();
    expect('checkError' in values).toBe(false);
  });

  it('cancels the work in flight on a failure before the token exists, waits for it, and keeps what had completed', async () => {
    const { stages, control } = scriptedStages();
    const cancels: unknown[] = [];
    const boom = new Error('scope write refused');
    const settling = settle(stages, (reason) => {
      cancels.push(reason);
      // What the run's cancel does: the requests in flight end, failing their stages.
      for (const stage of Object.values(control)) stage.reject(new Error('interrupted'));
    });
    control.controlPlane.resolve({ id: 'cp' });
    control.authServer.resolve({ id: 'as' });
    await tick();
    control.scopes.reject(boom);
    const { values, failure } = await settling;
    expect(failure).toBe(boom);
    expect(cancels).toEqual([boom]);
    expect(values.controlPlane).toEqual({ id: 'cp' });
    expect(values.authServer).toEqual({ id: 'as' });
    expect(values.scopes).toBeUndefined();
    expect(values.token).toBeUndefined();
    expect('checkError' in values).toBe(false); // no token: the check never ran
  });

  it('lets the gateway check and the secret retirement finish once the token exists, and reports the check as failing on its own', async () => {
    const { stages, control } = scriptedStages();
    const cancels: unknown[] = [];
    const settling = settle(stages, (reason) => cancels.push(reason));
    for (const [name, stage] of Object.entries(control)) {
      if (name !== 'check' && name !== 'retiredSecretIds') stage.resolve({ name });
    }
    await tick();
    const checkFailed = new Error('gateway lets everyone through');
    control.check.reject(checkFailed);
    await tick();
    control.retiredSecretIds.resolve(['old-secret']);
    const { values, failure } = await settling;
    expect(cancels).toEqual([]);
    expect(failure).toBe(checkFailed);
    expect(values.checkError).toBe(checkFailed);
    expect(values.retiredSecretIds).toEqual(['old-secret']);
  });
});

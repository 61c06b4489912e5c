// The fault matrix: every endpoint the bundled action calls on a first run and on a rerun, × every
// fault kind of the emulator, injected once (the run must succeed with one of each resource) and
// without end (the run must fail within its timeout, name the endpoint and the fault, and leave no
// duplicate). The endpoint list is read from the request log of a clean run, so it follows the
// action as it changes. Each case runs on its own emulator, four at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/http/semaphore.js';
import { startEmulator, type Emulator, type RequestLogEntry } from '../emulator/index.js';
import type { EmulatorStateDump } from '../emulator/store.js';
import { runAction, type ActionRun } from '../harness/run-action.js';
import { mintStatus } from '../harness/how-to.js';
import { expectNoDuplicates, expectOneOfEach, failureMessage, oneOfEachInputs } from './resilience-kit.js';

const KINDS = ['429', '503', 'reset', 'apply-then-drop'] as const;
type Kind = (typeof KINDS)[number];
const PARALLEL_RUNS = 4;
/** Plugin changes reach the data plane at once: the gateway check passes in its first round. */
const PROPAGATION_MS = 0;
const TIMEOUT_SECONDS = 20;

/** A service-scoped plugin, so that the service lookup is one of the endpoints. */
const MATRIX_INPUTS = { service: 'example-service', timeout: String(TIMEOUT_SECONDS) };
const ONCE_INPUTS = { ...MATRIX_INPUTS, 'retry-max-attempts': '3', 'check-timeout': '10' };
const FOREVER_INPUTS = { ...MATRIX_INPUTS, 'retry-max-attempts': '2', 'check-timeout': '2' };

/**
 * Creates whose response was lost are looked up by name and adopted (src/reconcile/adopt.ts): a
 * create that keeps being applied and then dropped still converges, so that run succeeds.
 */
const ADOPTED_AFTER_A_LOST_RESPONSE = /^POST \/v1\/auth-servers(\/\*\/(scopes|claims|clients))?$/;

interface Endpoint {
  method: string;
  /** The path with ids as `*`, in the emulator's fault grammar. */
  pattern: string;
  /** The first run that calls it: the fault is injected there. */
  phase: 'first run' | 'rerun';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Segments that are ids: UUIDs, client ids and issuer slugs of what the emulator holds. */
function idSegments(state: EmulatorStateDump): Set<string> {
  return new Set(
    state.authServers.flatMap((server) => [server.id, new URL(server.issuer).pathname.split('/')[1] ?? '', ...server.clients.map((client) => client.id)]),
  );
}

function patternOf(path: string, ids: ReadonlySet<string>): string {
  return path
    .split('/')
    .map((segment) => (ids.has(segment) || UUID.test(segment) ? '*' : segment))
    .join('/');
}

/** Runs the action twice on a clean emulator and lists the endpoints it called, in first-call order. */
async function endpointsOfCleanRuns(): Promise<Endpoint[]> {
  const emulator = await startEmulator({ propagationMs: PROPAGATION_MS });
  try {
    const endpoints = new Map<string, Endpoint>();
    for (const phase of ['first run', 'rerun'] as const) {
      emulator.resetLog();
      const run = await runAction(oneOfEachInputs(emulator, ONCE_INPUTS), { timeoutMs: 60_000 });
      if (run.exitCode !== 0) throw new Error(`the clean ${phase} failed:\n${run.stdout}\n${run.stderr}`);
      const ids = idSegments(emulator.store.dump());
      for (const entry of emulator.requests()) {
        const pattern = patternOf(entry.path, ids);
        const key = `${entry.method} ${pattern}`;
        if (!endpoints.has(key)) endpoints.set(key, { method: entry.method, pattern, phase });
      }
    }
    return [...endpoints.values()];
  } finally {
    await emulator.stop();
  }
}

const endpoints = await endpointsOfCleanRuns();

interface Case {
  endpoint: Endpoint;
  kind: Kind;
  once: boolean;
  name: string;
}

interface Outcome {
  run: ActionRun;
  state: EmulatorStateDump;
  log: RequestLogEntry[];
  /** Whether the client-secret output mints a token (checked while the emulator still runs). */
  secretMints?: boolean;
}

const cases: Case[] = [true, false].flatMap((once) =>
  endpoints.flatMap((endpoint) =>
    KINDS.map((kind) => ({ endpoint, kind, once, name: `${endpoint.method} ${endpoint.pattern} ${kind}${once ? ' x1' : ''} (${endpoint.phase})` })),
  ),
);

async function runCase({ endpoint, kind, once }: Case): Promise<Outcome> {
  const emulator = await startEmulator({ propagationMs: PROPAGATION_MS });
  try {
    if (endpoint.phase === 'rerun') {
      const setup = await runAction(oneOfEachInputs(emulator, ONCE_INPUTS), { timeoutMs: 60_000 });
      if (setup.exitCode !== 0) throw new Error(`the first run before the rerun failed:\n${setup.stdout}`);
    }
    emulator.resetLog();
    emulator.addFault(`${endpoint.method} ${endpoint.pattern} ${kind}${once ? ' x1' : ''}`);
    const run = await runAction(oneOfEachInputs(emulator, once ? ONCE_INPUTS : FOREVER_INPUTS), { timeoutMs: 60_000 });
    const outcome: Outcome = { run, state: emulator.store.dump(), log: emulator.requests() };
    if (run.exitCode === 0) {
      const { 'issuer-url': issuer = '', 'client-id': clientId = '', 'client-secret': secret = '' } = run.outputs;
      outcome.secretMints = (await mintStatus(issuer, clientId, secret)) === 200;
    }
    return outcome;
  } finally {
    await emulator.stop();
  }
}

/** The log entries the fault answered: its status, or 0 for a dropped connection. */
function faulted(log: readonly RequestLogEntry[], { endpoint, kind }: Case): RequestLogEntry[] {
  const status = kind === 'reset' || kind === 'apply-then-drop' ? 0 : Number(kind);
  const path = pathPattern(endpoint.pattern, '$');
  return log.filter((entry) => entry.method === endpoint.method && entry.status === status && path.test(entry.path));
}

/** `pattern` as a regular expression over a path (`*` is one segment), ending with `end`. */
function pathPattern(pattern: string, end: string): RegExp {
  const escaped = pattern
    .split('/')
    .map((segment) => (segment === '*' ? '[^/?\\s]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}${end}`);
}

/** "GET /v2/control-planes?…" or "GET http://127.0.0.1:…/anything": the method and the path, any origin. */
function endpointInMessage({ method, pattern }: Endpoint): RegExp {
  return new RegExp(`${method} (https?://[^/\\s]+)?${pathPattern(pattern, '(?=[?\\s)]|$)').source.slice(1)}`);
}

const FAULT_IN_MESSAGE: Record<Kind, RegExp> = {
  429: /\b429\b/,
  503: /\b503\b/,
  // The gateway check reports undici's code; Konnect and the issuer say it in words.
  reset: /connection reset|UND_ERR_SOCKET|ECONNRESET/,
  'apply-then-drop': /connection reset|UND_ERR_SOCKET|ECONNRESET/,
};

const outcomes = new Map<string, Outcome | Error>();
let matrixMs = 0;

beforeAll(async () => {
  const started = performance.now();
  const pool = new Semaphore(PARALLEL_RUNS);
  await Promise.all(
    cases.map((testCase) =>
      pool.run(async () => {
        outcomes.set(testCase.name, await runCase(testCase).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
      }),
    ),
  );
  matrixMs = performance.now() - started;
}, 300_000);

afterAll(() => {
  console.log(`fault matrix: ${endpoints.length} endpoints × ${KINDS.length} kinds × 2 = ${cases.length} runs in ${(matrixMs / 1000).toFixed(1)} s`);
});

function outcomeOf(testCase: Case): Outcome {
  const outcome = outcomes.get(testCase.name);
  if (outcome === undefined || outcome instanceof Error) throw outcome ?? new Error('not run');
  return outcome;
}

describe('the endpoints the action calls', () => {
  it('are read from a clean first run and rerun, and cover Konnect, the issuer and the gateway', () => {
    const names = endpoints.map((endpoint) => `${endpoint.method} ${endpoint.pattern}`);
    expect(names).toEqual(expect.arrayContaining(['GET /v2/control-planes', 'POST /v1/auth-servers', 'POST /*/auth/oauth/token', 'GET /anything']));
    expect(endpoints.some((endpoint) => endpoint.phase === 'rerun' && endpoint.method === 'DELETE')).toBe(true);
  });
});

describe.each(cases.filter((testCase) => testCase.once))('a fault injected once: $name', (testCase) => {
  it('is retried or repaired: the run succeeds with exactly one of each resource and working credentials', () => {
    const { run, state, log, secretMints } = outcomeOf(testCase);
    expect(faulted(log, testCase).length, 'the fault hit the endpoint').toBeGreaterThanOrEqual(1);
    expect(run.exitCode, run.stdout).toBe(0);
    expectOneOfEach(state);
    expect(run.outputs['check-status']).toBe('passed');
    expect(secretMints).toBe(true);
  });
});

describe.each(cases.filter((testCase) => !testCase.once))('a fault without end: $name', (testCase) => {
  const { method, pattern } = testCase.endpoint;
  if (testCase.kind === 'apply-then-drop' && ADOPTED_AFTER_A_LOST_RESPONSE.test(`${method} ${pattern}`)) {
    it('converges anyway: the create was applied, and the lookup by name adopts it', () => {
      const { run, state, log } = outcomeOf(testCase);
      expect(faulted(log, testCase).length, 'the fault hit the endpoint').toBeGreaterThanOrEqual(1);
      expect(run.exitCode, run.stdout).toBe(0);
      expect(run.stdout).toMatch(/got no clear answer .*but it exists: using it/);
      expectOneOfEach(state);
    });
    return;
  }
  it('fails within the timeout, naming the endpoint and the fault, and duplicates nothing', () => {
    const { run, state, log } = outcomeOf(testCase);
    expect(faulted(log, testCase).length, 'the fault hit the endpoint').toBeGreaterThanOrEqual(1);
    expect(run.exitCode).toBe(1);
    const message = failureMessage(run);
    expect(message).toMatch(endpointInMessage(testCase.endpoint));
    expect(message).toMatch(FAULT_IN_MESSAGE[testCase.kind]);
    expect(message).not.toMatch(/did not finish within/);
    expectNoDuplicates(state);
  });
});

describe.concurrent('a run stopped by its timeout', () => {
  async function runStopped(emulator: Emulator, inputs: Record<string, string>): Promise<{ run: ActionRun; log: RequestLogEntry[] }> {
    try {
      const run = await runAction(oneOfEachInputs(emulator, { timeout: '10', 'check-timeout': '5', ...inputs }), { timeoutMs: 30_000 });
      return { run, log: emulator.requests() };
    } finally {
      await emulator.stop();
    }
  }

  it('names the request that held it up and why: throttled with a long Retry-After', async () => {
    const emulator = await startEmulator({ faults: ['GET /v2/control-planes 429 retry-after=60'] });
    const { run, log } = await runStopped(emulator, { 'retry-max-attempts': '5' });
    expect(run.exitCode).toBe(1); // it stopped itself (the harness would have killed it at 30 s)
    expect(failureMessage(run)).toMatch(
      /the run did not finish within 10 s: GET \/v2\/control-planes\?\S+ was waiting to retry after HTTP 429 \(Retry-After: 60\)/,
    );
    expect(log.filter((entry) => entry.method !== 'GET')).toEqual([]);
  }, 30_000);

  it('names the request that held it up and why: an API that never answers', async () => {
    // Longer than the run's timeout, shorter than the action's own bound on one request (30 s).
    const emulator = await startEmulator({ latencyMs: 25_000 });
    const { run } = await runStopped(emulator, {});
    expect(run.exitCode).toBe(1); // it stopped itself (the harness would have killed it at 30 s)
    expect(failureMessage(run)).toMatch(/the run did not finish within 10 s: GET \/v[12]\/\S+ was still waiting for a response/);
  }, 30_000);
});

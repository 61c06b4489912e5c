// The chaos campaign's own guarantees: a schedule is a function of (seed, index) alone, the draws
// cover what the campaign promises, and each invariant flags what it exists to catch (on recorded
// observations, so no test here depends on timing).
import { describe, expect, it } from 'vitest';
import type { EmulatorStateDump } from '../emulator/store.js';
import type { ActionRun } from '../harness/run-action.js';
import { AUTH_SERVER_NAME, CLIENT_NAME, type LoggedExchange, type Observation } from './execute.js';
import { checkInvariants, noRetryStorm, noSecretLeaks, retryAfterHonoured, runOutcome } from './invariants.js';
import { scheduleRandom } from './random.js';
import { drawSchedule, type RunPlan, type Schedule } from './schedule.js';

describe('schedules', () => {
  it('are the same for the same seed and index, and differ across indexes and seeds', () => {
    expect(drawSchedule('s1', 7, 3)).toEqual(drawSchedule('s1', 7, 3));
    expect(drawSchedule('s1', 7, 3)).not.toEqual(drawSchedule('s1', 8, 3));
    expect(drawSchedule('s1', 7, 3)).not.toEqual(drawSchedule('s2', 7, 3));
    expect(Array.from({ length: 5 }, () => scheduleRandom('x', 1).next())).toEqual(Array(5).fill(scheduleRandom('x', 1).next()));
  });

  it('cover what the campaign promises: concurrency up to K, kills, spikes, throttling, every fault kind, varied inputs', () => {
    const schedules = Array.from({ length: 400 }, (_, index) => drawSchedule('coverage', index, 3));
    const faults = schedules.flatMap((schedule) => schedule.faults);
    const runs = schedules.flatMap((schedule) => schedule.runs);
    expect(new Set(schedules.map((schedule) => schedule.runs.length))).toEqual(new Set([1, 2, 3]));
    expect(schedules.some((schedule) => schedule.kill)).toBe(true);
    expect(schedules.some((schedule) => (schedule.latencySpike?.latencyMs ?? 0) > 1500)).toBe(true);
    expect(schedules.every((schedule) => (schedule.latencySpike?.latencyMs ?? 0) <= 2000)).toBe(true);
    expect(schedules.some((schedule) => schedule.rateLimitAuthServer < 100 && schedule.rateLimitOrg !== null)).toBe(true);
    for (const kind of [
      'retry-after=none',
      'retry-after=2',
      ' 500',
      ' 502',
      ' 503',
      ' 504',
      ' reset',
      'apply-then-drop',
      'token:',
      '/auth/.well-known/jwks',
      '/auth/oauth/token',
    ]) {
      expect(
        faults.some((spec) => spec.includes(kind)),
        kind,
      ).toBe(true);
    }
    expect(faults.some((spec) => !/ x\d+$/.test(spec))).toBe(true); // faults without end
    for (const key of ['clientSecret', 'dryRun', 'gatewayCheck'] as const) {
      expect(new Set(runs.map((run) => run[key]))).toEqual(new Set([true, false]));
    }
    expect(new Set(schedules.map((schedule) => schedule.target))).toEqual(new Set(['global', 'service']));
    expect(runs.every((run) => run.checkTimeoutSeconds < run.timeoutSeconds && run.retryMaxAttempts >= 2)).toBe(true);
    expect(drawSchedule('one', 3, 1).runs).toHaveLength(1);
  });
});

// ---- recorded observations

const PLAN: RunPlan = {
  clientSecret: false,
  dryRun: false,
  gatewayCheck: true,
  retryMaxAttempts: 2,
  timeoutSeconds: 20,
  checkTimeoutSeconds: 5,
  startDelayMs: 0,
};
const SCHEDULE: Schedule = {
  ...drawSchedule('fixture', 0, 1),
  target: 'global',
  faults: [],
  runs: [PLAN],
};
const SECRET = 'generated-secret-0123456789abcdef';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.payload.signature';
const OUTPUTS = {
  'auth-server-id': 'a',
  'issuer-url': 'http://127.0.0.1:1/x/auth',
  'scope-ids': '{}',
  'client-id': 'c',
  'client-secret': SECRET,
  'access-token': TOKEN,
  'token-expires-at': '2030-01-01T00:00:00Z',
  'plugin-id': 'p',
  'check-status': 'passed',
};

function actionRun(overrides: Partial<ActionRun> = {}): ActionRun {
  return { exitCode: 0, signal: null, stdout: '', stderr: '', outputs: { ...OUTPUTS }, state: {}, summary: '', durationMs: 900, spawnedAt: 0, ...overrides };
}

const STATE = {
  authServers: [
    {
      name: AUTH_SERVER_NAME,
      issuer: 'http://127.0.0.1:1/x/auth',
      scopes: [{ name: 'my-scope' }, { name: 'other-scope' }],
      claims: [{ name: 'test-claim' }, { name: 'team' }],
      clients: [{ name: CLIENT_NAME, secrets: [{ id: 's', enabled: true, created_at: '' }] }],
    },
  ],
  plugins: [{ name: 'openid-connect', config: { issuer: 'http://127.0.0.1:1/x/auth' } }],
} as unknown as EmulatorStateDump;

function exchange(method: string, target: string, status: number, start: number, end: number, headers: Record<string, string> = {}, body = ''): LoggedExchange {
  return {
    entry: { method, path: target.split('?')[0] ?? target, status, start, end },
    exchange: { target, body: Buffer.from(body), replyHeaders: headers, repliedAt: end - 1 },
  };
}

function observation(overrides: Partial<Observation> = {}): Observation {
  return {
    schedule: SCHEDULE,
    runs: [{ plan: PLAN, inputs: {}, result: actionRun(), killedByChaos: false }],
    chaosLog: [exchange('GET', '/v2/control-planes', 200, 1000, 1010)],
    rerunInputs: {},
    rerun: actionRun(),
    stateAfterRerun: STATE,
    rerunMintStatus: 200,
    rerunAtGateway: { withToken: 200, withoutToken: 401 },
    runTokensAtGateway: [200],
    secrets: ['kpat_the-konnect-token-0123456789'],
    specViolations: 0,
    durationMs: 3000,
    ...overrides,
  };
}

const withRun = (result: Partial<ActionRun>, plan: Partial<RunPlan> = {}) =>
  observation({ runs: [{ plan: { ...PLAN, ...plan }, inputs: {}, result: actionRun(result), killedByChaos: false }] });

describe('invariants', () => {
  it('a clean observation has no violations', () => {
    expect(checkInvariants(observation(), [10])).toEqual([]);
  });

  it('a run: a stack trace, a hang, an error without what to do, missing outputs, a token the gateway refuses', () => {
    const trace = 'TypeError: x is undefined\n    at reconcile (file:///work/dist/index.js:12:34)';
    expect(runOutcome(withRun({ exitCode: 1, stderr: trace, stdout: '::error::Could not x%0AWhat to do: y' }), 0)).toEqual([
      expect.stringContaining('stack trace'),
    ]);
    expect(runOutcome(withRun({ exitCode: null, signal: 'SIGKILL', durationMs: 35_000 }), 0)).toEqual([expect.stringContaining('hung')]);
    expect(runOutcome(withRun({ exitCode: 1, stdout: '::error::Something broke' }), 0)).toEqual([expect.stringContaining('what to do')]);
    expect(runOutcome(withRun({ exitCode: 1, stdout: '' }), 0)).toEqual([expect.stringContaining('without an ::error::')]);
    expect(runOutcome(withRun({ exitCode: 1, stdout: '::error::Could not x%0AWhat to do: raise timeout' }), 0)).toEqual([]);
    expect(runOutcome(withRun({ outputs: { ...OUTPUTS, 'client-secret': '' } }), 0)).toEqual([expect.stringContaining('client-secret')]);
    expect(runOutcome(observation({ runTokensAtGateway: [401] }), 0)).toEqual([expect.stringContaining('gateway answers its access token with 401')]);
    expect(runOutcome(withRun({ exitCode: 2 }), 0)).toEqual([expect.stringContaining('code 2')]);
    // A run the schedule killed owes nothing; a dry run owes no outputs.
    expect(
      runOutcome(observation({ runs: [{ plan: PLAN, inputs: {}, result: actionRun({ exitCode: null, signal: 'SIGKILL' }), killedByChaos: true }] }), 0),
    ).toEqual([]);
    expect(runOutcome(withRun({ outputs: { 'check-status': 'skipped' } }, { dryRun: true }), 0)).toEqual([]);
  });

  it('the clean rerun: failing, duplicates, too many secrets, a secret that does not mint, a gateway that lets everyone in', () => {
    expect(checkInvariants(observation({ rerun: actionRun({ exitCode: 1, stdout: '::error::Could not create%0AWhat to do: z' }) }), [10])).toEqual([
      'the clean rerun failed: Could not create',
    ]);
    const twoServers = { ...STATE, authServers: [...STATE.authServers, ...STATE.authServers] };
    expect(checkInvariants(observation({ stateAfterRerun: twoServers }), [10])).toContainEqual(expect.stringContaining('2 auth servers'));
    const server = STATE.authServers[0] as EmulatorStateDump['authServers'][number];
    const client = server.clients[0] as (typeof server.clients)[number];
    const threeSecrets = {
      ...STATE,
      authServers: [{ ...server, clients: [{ ...client, secrets: [...client.secrets, ...client.secrets, ...client.secrets] }] }],
    };
    expect(checkInvariants(observation({ stateAfterRerun: threeSecrets }), [10])).toEqual(['3 active client secrets after the clean rerun']);
    const twoPlugins = { ...STATE, plugins: [...STATE.plugins, ...STATE.plugins] };
    expect(checkInvariants(observation({ stateAfterRerun: twoPlugins }), [10])).toEqual(['2 openid-connect plugins after the clean rerun']);
    expect(checkInvariants(observation({ rerunMintStatus: 401 }), [10])).toEqual([expect.stringContaining('does not mint')]);
    expect(checkInvariants(observation({ rerunAtGateway: { withToken: 200, withoutToken: 200 } }), [10])).toEqual([
      expect.stringContaining('want 200 and 401'),
    ]);
  });

  it('secrets: any known secret in a log, summary or saved state', () => {
    expect(noSecretLeaks(withRun({ stdout: `::add-mask::${SECRET}\nall good` }))).toEqual([]);
    expect(noSecretLeaks(withRun({ stdout: `token ${TOKEN}` }))).toEqual(['a secret appears in the log of run 1']);
    expect(noSecretLeaks(withRun({ summary: `<td>${SECRET}</td>` }))).toEqual(['a secret appears in the job summary of run 1']);
    expect(noSecretLeaks(withRun({ state: { secret: 'kpat_the-konnect-token-0123456789' } }))).toEqual(['a secret appears in the saved state of run 1']);
  });

  it('retry storm: more requests than retry-max-attempts times a fault-free run', () => {
    const log = Array.from({ length: 21 }, (_, i) => exchange('GET', '/v1/auth-servers', 503, i * 10, i * 10 + 5));
    expect(noRetryStorm(observation({ chaosLog: log }), [10])).toEqual([expect.stringContaining('retry storm: the runs sent 21 requests, more than 20')]);
    expect(noRetryStorm(observation({ chaosLog: log.slice(1) }), [10])).toEqual([]);
    // The gateway check's polling and the issuer's discovery are not retries.
    const polling = Array.from({ length: 50 }, (_, i) => exchange('GET', '/anything', 200, i, i + 1));
    expect(noRetryStorm(observation({ chaosLog: polling }), [10])).toEqual([]);
  });

  it('Retry-After: the same request again too soon is flagged; later, or another request, is not', () => {
    const throttled = exchange('POST', '/v1/auth-servers/a/scopes', 429, 1000, 1010, { 'retry-after': '2' }, '{"name":"my-scope"}');
    const tooSoon = exchange('POST', '/v1/auth-servers/a/scopes', 201, 1600, 1620, {}, '{"name":"my-scope"}');
    const onTime = exchange('POST', '/v1/auth-servers/a/scopes', 201, 3010, 3020, {}, '{"name":"my-scope"}');
    const sibling = exchange('POST', '/v1/auth-servers/a/scopes', 201, 1100, 1120, {}, '{"name":"other-scope"}');
    expect(retryAfterHonoured(observation({ chaosLog: [throttled, tooSoon] }))).toEqual([
      expect.stringContaining('repeated 591 ms after a 429 with Retry-After: 2'),
    ]);
    expect(retryAfterHonoured(observation({ chaosLog: [throttled, sibling, onTime] }))).toEqual([]);
    const noHeader = exchange('POST', '/v1/auth-servers/a/scopes', 429, 1000, 1010, {}, '{"name":"my-scope"}');
    expect(retryAfterHonoured(observation({ chaosLog: [noHeader, tooSoon] }))).toEqual([]);
    // Concurrent runs send identical requests: the check needs one run.
    const twoRuns = observation({ chaosLog: [throttled, tooSoon] });
    twoRuns.runs = [...twoRuns.runs, ...twoRuns.runs];
    expect(retryAfterHonoured(twoRuns)).toEqual([]);
  });

  it('an emulator that broke the spec is a violation too', () => {
    expect(checkInvariants(observation({ specViolations: 2 }), [10])).toEqual([expect.stringContaining('break Kong')]);
  });
});

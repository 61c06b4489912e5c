// The lifecycle campaign's own guarantees: a schedule is a function of (seed, index) alone, the draws
// cover what the campaign promises, and each invariant flags what it exists to catch (on recorded
// observations, so no test here depends on timing).
import { describe, expect, it } from 'vitest';
import type { EmulatorStateDump } from '../emulator/store.js';
import type { ActionRun } from '../harness/run-action.js';
import { exitsOf } from './lifecycle-campaign.js';
import type { LifecycleObservation, LifecycleRunRecord } from './lifecycle-execute.js';
import { checkLifecycleInvariants, handmadeIntact, liveTokensPass, noOpenDoor, nothingLeft, runProblems } from './lifecycle-invariants.js';
import { drawLifecycleSchedule, scheduleRuns, type LifecycleSchedule } from './lifecycle-schedule.js';

describe('lifecycle schedules', () => {
  it('are the same for the same seed and index, differ across indexes and seeds, and from the fault campaign', () => {
    expect(drawLifecycleSchedule('s1', 7)).toEqual(drawLifecycleSchedule('s1', 7));
    expect(drawLifecycleSchedule('s1', 7)).not.toEqual(drawLifecycleSchedule('s1', 8));
    expect(drawLifecycleSchedule('s1', 7)).not.toEqual(drawLifecycleSchedule('s2', 7));
  });

  it('cover what the campaign promises', () => {
    const schedules = Array.from({ length: 400 }, (_, index) => drawLifecycleSchedule('coverage', index));
    const clients = schedules.flatMap((schedule) => schedule.clients);
    const steps = clients.flatMap((client) => client.steps);
    expect(new Set(schedules.map((schedule) => schedule.clients.length))).toEqual(new Set([2, 3, 4]));
    for (const key of ['createConsumer', 'requireScopes', 'provisionedBefore'] as const) {
      expect(new Set(clients.map((client) => client[key])), key).toEqual(new Set([true, false]));
    }
    expect(new Set(clients.map((client) => client.clientSecret !== undefined))).toEqual(new Set([true, false]));
    // Different scope sets per client, within one schedule.
    expect(schedules.some((schedule) => new Set(schedule.clients.map((client) => client.scopes.join(' '))).size === schedule.clients.length)).toBe(true);
    for (const key of ['twice', 'dryRun', 'gatewayCheck', 'force'] as const) {
      expect(new Set(steps.map((step) => step[key])), key).toEqual(new Set([true, false]));
    }
    expect(steps.some((step) => step.kind === 'teardown' && step.force)).toBe(true);
    expect(steps.every((step) => step.kind === 'teardown' || !step.force)).toBe(true);
    expect(steps.every((step) => step.kind === 'provision' || !step.twice)).toBe(true);
    // A chain starts with a teardown only for a client provisioned before the schedule.
    expect(clients.every((client) => client.provisionedBefore || client.steps[0]?.kind === 'provision')).toBe(true);
    expect(clients.some((client) => client.steps.map((step) => step.kind).join(',') === 'provision,teardown,provision')).toBe(true);
    // Overlap: teardowns of one client and provisionings of another in the same schedule.
    expect(
      schedules.filter((schedule) => {
        const kinds = schedule.clients.map((client) => new Set(client.steps.map((step) => step.kind)));
        return kinds.some((set, i) => set.has('teardown') && kinds.some((other, j) => j !== i && other.has('provision')));
      }).length,
    ).toBeGreaterThan(200);
    expect(schedules.some((schedule) => schedule.handmade.externalPlugin)).toBe(true);
    expect(schedules.some((schedule) => schedule.handmade.consumerNamedLike !== undefined)).toBe(true);
    expect(schedules.some((schedule) => schedule.kill && 'afterMs' in schedule.kill)).toBe(true);
    expect(schedules.some((schedule) => schedule.kill && 'afterRequests' in schedule.kill)).toBe(true);
    expect(schedules.every((schedule) => !schedule.kill || schedule.kill.run < scheduleRuns(schedule).length)).toBe(true);
    expect(schedules.some((schedule) => schedule.rateLimitAuthServer < 100)).toBe(true);
    expect(schedules.some((schedule) => schedule.faults.some((spec) => spec.startsWith('DELETE ')))).toBe(true);
    expect(schedules.some((schedule) => schedule.latencySpike)).toBe(true);
    expect(new Set(schedules.map((schedule) => schedule.target))).toEqual(new Set(['global', 'service']));
  });
});

// ---- recorded observations

const SCHEDULE: LifecycleSchedule = {
  ...drawLifecycleSchedule('fixture', 0),
  target: 'global',
  handmade: { externalPlugin: true, consumerNamedLike: 1 },
  faults: [],
  clients: [
    {
      name: 'lc-client-1',
      scopes: ['orders-read'],
      claims: [],
      createConsumer: false,
      requireScopes: true,
      provisionedBefore: false,
      steps: [
        {
          kind: 'provision',
          twice: false,
          dryRun: false,
          gatewayCheck: true,
          force: false,
          retryMaxAttempts: 2,
          timeoutSeconds: 20,
          checkTimeoutSeconds: 5,
          pauseMs: 0,
        },
      ],
    },
    {
      name: 'lc-client-2',
      scopes: ['audit'],
      claims: ['team=payments'],
      createConsumer: true,
      requireScopes: false,
      provisionedBefore: true,
      steps: [
        {
          kind: 'teardown',
          twice: false,
          dryRun: false,
          gatewayCheck: false,
          force: false,
          retryMaxAttempts: 2,
          timeoutSeconds: 20,
          checkTimeoutSeconds: 5,
          pauseMs: 0,
        },
      ],
    },
  ],
};
delete SCHEDULE.kill;

const OUTPUTS = {
  'auth-server-id': 'a',
  'issuer-url': 'http://127.0.0.1:1/x/auth',
  'scope-ids': '{}',
  'client-id': 'c',
  'client-secret': 'generated-secret-0123456789abcdef',
  'access-token': 'eyJhbGciOiJSUzI1NiJ9.payload.signature',
  'token-expires-at': '2030-01-01T00:00:00Z',
  'plugin-id': 'p',
  'check-status': 'passed',
};

function actionRun(overrides: Partial<ActionRun> = {}): ActionRun {
  return { exitCode: 0, signal: null, stdout: '', stderr: '', outputs: {}, state: {}, summary: '', durationMs: 900, spawnedAt: 0, ...overrides };
}

const PLAN = { twice: false, dryRun: false, gatewayCheck: true, force: false, retryMaxAttempts: 2, timeoutSeconds: 20, checkTimeoutSeconds: 5 };

function record(overrides: Partial<LifecycleRunRecord>): LifecycleRunRecord {
  return { phase: 'chaos', client: 0, step: 0, copy: 0, kind: 'provision', plan: PLAN, inputs: {}, result: actionRun(), killedByChaos: false, ...overrides };
}

const CONTROL_PLANE = { id: 'cp', name: 'quickstart' };
const PARTNER_PLUGIN = { id: 'partner-plugin', name: 'openid-connect', route: { id: 'r' }, service: null, consumer: null, tags: ['team-partner'], config: {} };
const CONSUMER = { id: 'handmade-consumer', username: 'lc-client-2', custom_id: null, tags: ['team-ops'] };

function dump(extra: Partial<Record<keyof EmulatorStateDump, unknown[]>> = {}): EmulatorStateDump {
  return {
    controlPlanes: [CONTROL_PLANE],
    services: [],
    routes: [],
    plugins: [PARTNER_PLUGIN],
    consumers: [CONSUMER],
    authServers: [],
    ...extra,
  } as unknown as EmulatorStateDump;
}

const GATEWAY = { withoutToken: 401, partner: { withoutToken: 401, withExternalToken: 200 } };

function observation(overrides: Partial<LifecycleObservation> = {}): LifecycleObservation {
  return {
    schedule: SCHEDULE,
    runs: [
      record({ phase: 'setup', client: 1, step: -1, plan: { ...PLAN, timeoutSeconds: 60 }, result: actionRun({ outputs: OUTPUTS }), tokenAtGateway: 200 }),
      record({ result: actionRun({ outputs: OUTPUTS }), tokenAtGateway: 200 }),
      record({ client: 1, kind: 'teardown', plan: { ...PLAN, gatewayCheck: false } }),
      record({ phase: 'final', step: -1, kind: 'teardown', plan: { ...PLAN, timeoutSeconds: 60 } }),
      record({ phase: 'final', client: 1, step: -1, kind: 'teardown', plan: { ...PLAN, timeoutSeconds: 60 } }),
    ],
    initialState: dump(),
    protectedBefore: false,
    afterChaos: { state: dump({ authServers: [{ id: 'a', name: 'Chaos Lifecycle', scopes: [], claims: [], clients: [], labels: {} }] }), gateway: GATEWAY },
    partnerSamples: [401, 401],
    final: { state: dump(), gateway: GATEWAY },
    secrets: ['kpat_the-konnect-token-0123456789'],
    specViolations: 0,
    durationMs: 5000,
    ...overrides,
  };
}

const withRuns = (runs: LifecycleRunRecord[]) => observation({ runs });

describe('lifecycle invariants', () => {
  it('a clean observation has no violations', () => {
    expect(checkLifecycleInvariants(observation())).toEqual([]);
  });

  it('runs: what every run owes, the outputs of a provisioning, a final teardown that fails', () => {
    expect(runProblems(observation(), record({ result: actionRun({ exitCode: 1, stdout: '::error::Broke' }) }))).toEqual([
      expect.stringContaining('without saying what to do'),
    ]);
    expect(runProblems(observation(), record({ result: actionRun({ outputs: { 'check-status': 'passed' } }) }))).toEqual([
      expect.stringContaining('without the outputs'),
    ]);
    expect(runProblems(observation(), record({ kind: 'teardown', result: actionRun({ outputs: {} }) }))).toEqual([]);
    expect(
      runProblems(
        observation(),
        record({ phase: 'final', kind: 'teardown', result: actionRun({ exitCode: 1, stdout: '::error::Invalid input:%0A- x%0AWhat to do: y' }) }),
      ),
    ).toEqual(['(d) lc-client-1 final teardown failed: Invalid input: - x What to do: y']);
    expect(runProblems(observation(), record({ killedByChaos: true, result: actionRun({ exitCode: null, signal: 'SIGKILL' }) }))).toEqual([]);
  });

  it('(a) a live provisioning whose token the gateway refuses; not once its client was torn down afterwards, nor a dry run', () => {
    const refused = record({ result: actionRun({ outputs: OUTPUTS }), tokenAtGateway: 403 });
    expect(liveTokensPass(withRuns([refused]))).toEqual([expect.stringContaining('(a) lc-client-1 step 1 (provision) exited 0')]);
    expect(liveTokensPass(withRuns([refused, record({ step: 1, kind: 'teardown', result: actionRun({ exitCode: 1 }) })]))).toEqual([]);
    expect(liveTokensPass(withRuns([record({ plan: { ...PLAN, dryRun: true }, result: actionRun({ outputs: {} }) })]))).toEqual([]);
    // A setup provisioning counts too, until its client's teardown.
    const setup = record({ phase: 'setup', step: -1, result: actionRun({ outputs: OUTPUTS }), tokenAtGateway: 401 });
    expect(liveTokensPass(withRuns([setup]))).toEqual([expect.stringContaining('setup provisioning')]);
    expect(liveTokensPass(withRuns([setup, record({ kind: 'teardown' })]))).toEqual([]);
  });

  it('(b) a hand-made entity deleted or changed, the hand-made plugin refusing its own tokens', () => {
    const changed = { ...PARTNER_PLUGIN, config: { issuer: 'http://kong-identity' } };
    expect(handmadeIntact(observation({ afterChaos: { state: dump({ plugins: [changed] }), gateway: GATEWAY } }))).toEqual([
      expect.stringMatching(/^\(b\) plugin openid-connect on a route .* was changed after the chaos phase: config$/),
    ]);
    expect(handmadeIntact(observation({ final: { state: dump({ consumers: [] }), gateway: GATEWAY } }))).toEqual([
      '(b) Consumer "lc-client-2" (handmade-consumer), not the action\'s, was deleted after every client\'s teardown',
    ]);
    const refusing = { ...GATEWAY, partner: { withoutToken: 401, withExternalToken: 401 } };
    expect(handmadeIntact(observation({ final: { state: dump(), gateway: refusing } }))).toEqual([expect.stringContaining("external IdP's token")]);
  });

  it('(c) the partner route open at any sample; the target open after the chaos once it was protected', () => {
    expect(noOpenDoor(observation({ partnerSamples: [401, 200, 200] }))).toEqual([expect.stringContaining('200 without a token 2 times')]);
    const open = { state: dump(), gateway: { ...GATEWAY, withoutToken: 200 } };
    expect(noOpenDoor(observation({ afterChaos: open }))).toEqual([expect.stringContaining('protected by a provisioning that exited 0')]);
    expect(noOpenDoor(observation({ afterChaos: open, protectedBefore: true, runs: [] }))).toEqual([expect.stringContaining('protected before the schedule')]);
    // Never protected (no provisioning succeeded): an open target is what it was.
    expect(noOpenDoor(observation({ afterChaos: open, runs: [record({ result: actionRun({ exitCode: 1 }) })] }))).toEqual([]);
  });

  it("(d) anything of the action's left after the final teardowns", () => {
    const left = dump({ authServers: [{ id: 'a', name: 'Chaos Lifecycle', scopes: [{}], claims: [], clients: [], labels: {} }] });
    expect(nothingLeft(observation({ final: { state: left, gateway: GATEWAY } }))).toEqual([
      expect.stringContaining('auth server "Chaos Lifecycle" (0 clients, 1 scopes, 0 claims'),
    ]);
  });

  it('secrets and the emulator', () => {
    const leak = record({ kind: 'teardown', result: actionRun({ stdout: 'kpat_the-konnect-token-0123456789' }) });
    expect(checkLifecycleInvariants(observation({ runs: [leak] }))).toEqual(['a secret appears in the log of lc-client-1 step 1 (teardown)']);
    expect(checkLifecycleInvariants(observation({ specViolations: 1 }))).toEqual([expect.stringContaining("break Kong's specs")]);
  });

  it('the exits column: per client, its setup, then each step and its exits', () => {
    expect(exitsOf(observation())).toBe('P0 s0T0');
  });
});

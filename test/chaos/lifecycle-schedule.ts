// One lifecycle schedule, drawn from (seed, index) alone (`npm run chaos -- --lifecycle`): two to
// four clients of one auth server, each with its own scope set and claims, some with create-consumer,
// some with require-scopes, some with a client-secret; each client runs a chain of provisionings and
// teardowns (one after another within the client, the clients' chains at once, so that teardowns and
// provisionings of different clients overlap); sometimes hand-made resources exist before the
// schedule (an openid-connect plugin trusting an external identity provider on a route of its own, a
// Consumer named like one of the clients with a rate-limiting plugin of its own); and the faults,
// limits, latency spike and SIGKILL of the fault campaign (schedule.ts).
import { scheduleRandom, type Random } from './random.js';
import {
  describeEnvironment,
  drawEnvironment,
  drawLatencySpike,
  drawRetryMaxAttempts,
  FAULT_TARGETS,
  type Environment,
  type FaultTarget,
  type Schedule,
} from './schedule.js';

export type StepKind = 'provision' | 'teardown';

export interface LifecycleStep {
  kind: StepKind;
  /** Provisioning only: two runs of the step at once (two workflows of one client). */
  twice: boolean;
  dryRun: boolean;
  /** The run is given a proxy-url: a provisioning's gateway check runs; a teardown ignores it. */
  gatewayCheck: boolean;
  /** Teardown only (rarely): force ignores ownership marks, never other live clients. */
  force: boolean;
  retryMaxAttempts: number;
  timeoutSeconds: number;
  checkTimeoutSeconds: number;
  /** Wait before the step starts, after the previous step of the client (or the schedule's start). */
  pauseMs: number;
}

export interface LifecycleClient {
  name: string;
  scopes: string[];
  /** `name=value` lines; a claim name has one value across the clients (they are of one repository). */
  claims: string[];
  createConsumer: boolean;
  requireScopes: boolean;
  /** Given as client-secret to each of the client's runs, or undefined (a generated or rotated secret). */
  clientSecret?: string;
  /** Provisioned once, fault-free, before the schedule starts. */
  provisionedBefore: boolean;
  steps: LifecycleStep[];
}

export interface LifecycleSchedule extends Environment {
  seed: string;
  index: number;
  /** Where the clients' plugin goes (shared by the clients): globally, or on `example-service`. */
  target: 'global' | 'service';
  /** Made by hand before the schedule: a plugin trusting an external IdP on `partner-route`, a Consumer named like client `consumerNamedLike`. */
  handmade: { externalPlugin: boolean; consumerNamedLike?: number };
  clients: LifecycleClient[];
  latencySpike?: NonNullable<Schedule['latencySpike']>;
  /**
   * SIGKILL run `run` (an index into the schedule's runs in the order of `scheduleRuns`) right after
   * the chaos phase's `afterRequests`-th request to Konnect or a token endpoint, or `afterMs` after
   * the run's process started.
   */
  kill?: { run: number; afterRequests: number } | { run: number; afterMs: number };
}

/** The campaign's auth server, audience and pools; the claims have one value per name. */
export const LIFECYCLE = {
  authServerName: 'Chaos Lifecycle',
  audience: 'http://lifecycle.dev',
  scopePool: ['orders-read', 'orders-write', 'billing', 'audit'],
  claimPool: ['team=payments', 'tier=gold'],
  clientPrefix: 'lc-client-',
} as const;

/** The fault campaign's targets, and the endpoints only teardowns and Consumers use. */
export const LIFECYCLE_FAULT_TARGETS: readonly FaultTarget[] = [
  ...FAULT_TARGETS,
  { method: 'DELETE', path: '/v1/auth-servers/*', write: true },
  { method: 'DELETE', path: '/v1/auth-servers/*/clients/*', write: true },
  { method: 'DELETE', path: '/v1/auth-servers/*/scopes/*', write: true },
  { method: 'DELETE', path: '/v1/auth-servers/*/claims/*', write: true },
  { method: 'DELETE', path: '/v2/control-planes/*/core-entities/plugins/*', write: true },
  { method: 'GET', path: '/v2/control-planes/*/core-entities/consumers' },
  { method: 'GET', path: '/v2/control-planes/*/core-entities/consumers/*' },
  { method: 'PUT', path: '/v2/control-planes/*/core-entities/consumers/*', write: true },
  { method: 'DELETE', path: '/v2/control-planes/*/core-entities/consumers/*', write: true },
];

function drawStep(random: Random, kind: StepKind): LifecycleStep {
  const timeoutSeconds = random.int(15, 30);
  return {
    kind,
    twice: kind === 'provision' && random.chance(0.1),
    dryRun: random.chance(0.06),
    gatewayCheck: random.chance(0.5),
    force: kind === 'teardown' && random.chance(0.1),
    retryMaxAttempts: drawRetryMaxAttempts(random),
    timeoutSeconds,
    checkTimeoutSeconds: random.int(4, 8),
    pauseMs: random.int(0, 1200),
  };
}

function drawClient(random: Random, number: number, provisionedBefore: boolean): LifecycleClient {
  const scopes = LIFECYCLE.scopePool.filter(() => random.chance(0.45));
  if (scopes.length === 0) scopes.push(random.pick(LIFECYCLE.scopePool));
  const claims = LIFECYCLE.claimPool.filter(() => random.chance(0.4));
  const client: LifecycleClient = {
    name: `${LIFECYCLE.clientPrefix}${number}`,
    scopes,
    claims,
    createConsumer: random.chance(0.4),
    requireScopes: random.chance(0.4),
    provisionedBefore,
    steps: [],
  };
  if (random.chance(0.3)) client.clientSecret = `lifecycle-${random.token(40)}`;
  // A chain alternates: a provisioned client is torn down (or provisioned again), a torn-down one provisioned.
  const length = random.weighted([
    [1, 3],
    [2, 4],
    [3, 2],
  ] as const);
  let kind: StepKind = provisionedBefore && random.chance(0.5) ? 'teardown' : 'provision';
  for (let i = 0; i < length; i++) {
    client.steps.push(drawStep(random, kind));
    kind = kind === 'teardown' ? 'provision' : random.chance(0.7) ? 'teardown' : 'provision';
  }
  return client;
}

/** Lifecycle schedule `index` of campaign `seed`. */
export function drawLifecycleSchedule(seed: string, index: number): LifecycleSchedule {
  const random = scheduleRandom(`lifecycle:${seed}`, index);
  const clientCount = random.int(2, 4);
  const provisionedBefore = random.chance(0.5) ? random.int(1, clientCount) : 0;
  const schedule: LifecycleSchedule = {
    seed,
    index,
    target: random.chance(0.5) ? 'global' : 'service',
    handmade: { externalPlugin: random.chance(0.35) },
    ...drawEnvironment(random, LIFECYCLE_FAULT_TARGETS),
    clients: Array.from({ length: clientCount }, (_, i) => drawClient(random, i + 1, i < provisionedBefore)),
  };
  if (random.chance(0.35)) schedule.handmade.consumerNamedLike = random.int(0, clientCount - 1);
  const latencySpike = drawLatencySpike(random);
  if (latencySpike) schedule.latencySpike = latencySpike;
  const runCount = scheduleRuns(schedule).length;
  if (random.chance(0.25)) {
    const run = random.int(0, runCount - 1);
    schedule.kill = random.chance(0.6) ? { run, afterRequests: random.int(1, 40) } : { run, afterMs: random.int(100, 2500) };
  }
  return schedule;
}

/** One run of the chaos phase: which client, which step of its chain, which copy of a step run twice. */
export interface RunSlot {
  client: number;
  step: number;
  copy: number;
}

/** The chaos phase's runs, client by client, step by step: the order `kill.run` and the table count in. */
export function scheduleRuns(schedule: Pick<LifecycleSchedule, 'clients'>): RunSlot[] {
  return schedule.clients.flatMap((client, c) =>
    client.steps.flatMap((step, s) => Array.from({ length: step.twice ? 2 : 1 }, (_, copy) => ({ client: c, step: s, copy }))),
  );
}

/** One line: what the schedule does, for the verbose table and the replay hint. */
export function describeLifecycleSchedule(schedule: LifecycleSchedule): string {
  const clients = schedule.clients.map((client) => {
    const traits = [
      client.scopes.join('+'),
      ...client.claims.map((claim) => claim.split('=')[0] ?? ''),
      client.createConsumer ? 'consumer' : '',
      client.requireScopes ? 'require-scopes' : '',
      client.clientSecret ? 'secret' : '',
      client.provisionedBefore ? 'provisioned before' : '',
    ].filter(Boolean);
    const steps = client.steps.map((step) =>
      [
        step.kind === 'provision' ? 'P' : 'T',
        step.twice ? 'x2' : '',
        step.dryRun ? ' dry' : '',
        step.gatewayCheck ? ' +check' : '',
        step.force ? ' force' : '',
        ` after ${step.pauseMs} ms`,
      ].join(''),
    );
    return `${client.name} (${traits.join(', ')}): ${steps.join(', ')}`;
  });
  const handmade = [
    schedule.handmade.externalPlugin ? 'plugin trusting an external IdP on partner-route' : '',
    schedule.handmade.consumerNamedLike === undefined ? '' : `Consumer "${schedule.clients[schedule.handmade.consumerNamedLike]?.name}" with rate-limiting`,
  ].filter(Boolean);
  const parts = [`${schedule.target}`, `hand-made: ${handmade.join(', ') || 'none'}`, `clients [${clients.join('; ')}]`, ...describeEnvironment(schedule)];
  const kill = schedule.kill;
  if (kill) {
    const slot = scheduleRuns(schedule)[kill.run];
    const which = slot ? `${schedule.clients[slot.client]?.name} step ${slot.step + 1}${slot.copy ? ' (copy 2)' : ''}` : `run ${kill.run + 1}`;
    parts.push(`SIGKILL ${which} ${'afterMs' in kill ? `${kill.afterMs} ms after its start` : `after request ${kill.afterRequests}`}`);
  }
  return parts.join('; ');
}

// One chaos schedule, drawn from (seed, index) alone: the org it starts from, the emulator's knobs
// (data-plane propagation, rate limits), the faults, an optional latency spike, one to K runs of the
// action with varied inputs started together, and an optional SIGKILL. Short by design: small
// timeouts and check timeouts, propagation under 1.5 s, Retry-After of at most 2 s, spikes rare.
import { scheduleRandom, type Random } from './random.js';

export interface RunPlan {
  /** Whether the run is given the schedule's client-secret input (else a generated or rotated secret). */
  clientSecret: boolean;
  dryRun: boolean;
  /** Whether the run is given a proxy-url (the gateway check runs). */
  gatewayCheck: boolean;
  retryMaxAttempts: number;
  timeoutSeconds: number;
  checkTimeoutSeconds: number;
  /** Delay before the run's process starts, after the schedule's start. */
  startDelayMs: number;
}

export interface Schedule {
  seed: string;
  index: number;
  /** Where the plugin goes: globally, or on `example-service`. Shared by the schedule's runs. */
  target: 'global' | 'service';
  /** A converged org has had one fault-free run of the same inputs first. */
  startsFrom: 'empty org' | 'converged org';
  /** The schedule's client-secret input, for the runs that take one, and the clean rerun's. */
  clientSecret: string;
  rerunWithClientSecret: boolean;
  propagationMs: number;
  rateLimitAuthServer: number;
  rateLimitOrg: number | null;
  /** Fault specs in the emulator's grammar (test/emulator/http/faults.ts). */
  faults: string[];
  latencySpike?: { atMs: number; durationMs: number; latencyMs: number };
  runs: RunPlan[];
  /**
   * SIGKILL run `run` right after the schedule's `afterRequests`-th request (any port): the reply
   * written, the action about to act on it; or `afterMs` after the run's process started.
   */
  kill?: { run: number; afterRequests: number } | { run: number; afterMs: number };
}

export interface FaultTarget {
  method: string;
  path: string;
  /** A write: apply-then-drop applies. */
  write?: boolean;
  /** The issuer's token endpoint: token faults apply. */
  token?: boolean;
  /** The data plane: only 502/503 (a gateway in trouble). */
  proxy?: boolean;
}

/** Every endpoint the action calls, in the fault grammar (`*` one segment, `**` any), plus broad ones. */
export const FAULT_TARGETS: readonly FaultTarget[] = [
  { method: 'GET', path: '/v2/control-planes' },
  { method: 'GET', path: '/v2/control-planes/*/core-entities/plugins' },
  { method: 'GET', path: '/v2/control-planes/*/core-entities/services/*' },
  { method: 'PUT', path: '/v2/control-planes/*/core-entities/plugins/*', write: true },
  { method: '*', path: '/v2/control-planes/*/core-entities/**', write: true },
  { method: 'GET', path: '/v1/auth-servers' },
  { method: 'POST', path: '/v1/auth-servers', write: true },
  { method: 'PATCH', path: '/v1/auth-servers/*', write: true },
  { method: 'GET', path: '/v1/auth-servers/*/scopes' },
  { method: 'POST', path: '/v1/auth-servers/*/scopes', write: true },
  { method: 'GET', path: '/v1/auth-servers/*/claims' },
  { method: 'POST', path: '/v1/auth-servers/*/claims', write: true },
  { method: 'PATCH', path: '/v1/auth-servers/*/claims/*', write: true },
  { method: 'GET', path: '/v1/auth-servers/*/clients' },
  { method: 'POST', path: '/v1/auth-servers/*/clients', write: true },
  { method: 'PUT', path: '/v1/auth-servers/*/clients/*', write: true },
  { method: 'GET', path: '/v1/auth-servers/*/clients/*/secrets' },
  { method: 'POST', path: '/v1/auth-servers/*/clients/*/secrets', write: true },
  { method: 'DELETE', path: '/v1/auth-servers/*/clients/*/secrets/*', write: true },
  { method: '*', path: '/v1/**', write: true },
  { method: 'GET', path: '/*/auth/.well-known/openid-configuration' },
  { method: 'GET', path: '/*/auth/.well-known/jwks' },
  { method: 'POST', path: '/*/auth/oauth/token', token: true },
  { method: 'GET', path: '/anything', proxy: true },
];

const TOKEN_FAULTS = ['token:wrong-aud', 'token:wrong-iss', 'token:bad-signature', 'token:expired'] as const;

/** One fault spec on one of `targets`. */
export function drawFault(random: Random, targets: readonly FaultTarget[] = FAULT_TARGETS): string {
  const target = random.pick(targets);
  const count = random.weighted([
    [' x1', 50],
    [' x2', 20],
    [' x3', 15],
    [` x${random.int(4, 8)}`, 7],
    ['', 8], // without end: the run must fail cleanly, within its timeout
  ] as const);
  if (target.proxy) return `${target.method} ${target.path} ${random.pick(['502', '503'])}${count}`;
  const kinds: [string, number][] = [
    ['429', 30],
    ['500', 6],
    ['502', 8],
    ['503', 10],
    ['504', 6],
    ['reset', 14],
  ];
  if (target.write) kinds.push(['apply-then-drop', 18]);
  if (target.token) kinds.push(['token', 6]);
  let kind = random.weighted(kinds);
  if (kind === 'token') return `${target.method} ${target.path} ${random.pick(TOKEN_FAULTS)} x1`;
  if (kind === '429')
    kind += ` retry-after=${random.weighted([
      ['0', 3],
      ['1', 5],
      ['2', 2],
      ['none', 4],
    ] as const)}`;
  return `${target.method} ${target.path} ${kind}${count}`;
}

/** retry-max-attempts of a run: 2 to 5, 3 most often (both campaigns draw it alike). */
export function drawRetryMaxAttempts(random: Random): number {
  return random.weighted([
    [2, 3],
    [3, 4],
    [4, 3],
    [5, 1],
  ] as const);
}

function drawRun(random: Random, spread: boolean): RunPlan {
  const timeoutSeconds = random.int(15, 30);
  return {
    clientSecret: random.chance(0.4),
    dryRun: random.chance(0.12),
    gatewayCheck: random.chance(0.7),
    retryMaxAttempts: drawRetryMaxAttempts(random),
    timeoutSeconds,
    checkTimeoutSeconds: random.int(4, 8),
    startDelayMs: spread ? random.int(0, 400) : 0,
  };
}

/** What a schedule's runs meet: the data plane's delay, the rate limits, the faults (on `targets`). */
export type Environment = Pick<Schedule, 'propagationMs' | 'rateLimitAuthServer' | 'rateLimitOrg' | 'faults'>;

export function drawEnvironment(random: Random, targets: readonly FaultTarget[]): Environment {
  return {
    propagationMs: random.weighted([
      [0, 3],
      [random.int(100, 500), 4],
      [random.int(500, 1500), 2],
    ] as const),
    rateLimitAuthServer: random.weighted([
      [100, 7],
      [random.int(4, 20), 3],
    ] as const),
    rateLimitOrg: random.weighted([
      [null, 8],
      [random.int(6, 30), 2],
    ] as const),
    faults: Array.from(
      {
        length: random.weighted([
          [0, 1],
          [1, 3],
          [2, 3],
          [3, 2],
          [4, 1],
        ] as const),
      },
      () => drawFault(random, targets),
    ),
  };
}

/** A latency spike in 15% of schedules: up to 2 s per request, for up to 1.5 s, within the first 2.5 s. */
export function drawLatencySpike(random: Random): Schedule['latencySpike'] {
  if (!random.chance(0.15)) return undefined;
  return { atMs: random.int(0, 2500), durationMs: random.int(200, 1500), latencyMs: random.int(200, 2000) };
}

/** The schedule's faults, limits and spike, for its one-line description. */
export function describeEnvironment(schedule: Environment & Pick<Schedule, 'latencySpike'>): string[] {
  const parts = [
    `propagation ${schedule.propagationMs} ms`,
    `limits ${schedule.rateLimitAuthServer}/s per auth server${schedule.rateLimitOrg === null ? '' : `, ${schedule.rateLimitOrg}/s per org`}`,
    `faults [${schedule.faults.join('; ')}]`,
  ];
  if (schedule.latencySpike) {
    const { atMs, durationMs, latencyMs } = schedule.latencySpike;
    parts.push(`latency ${latencyMs} ms from ${atMs} ms for ${durationMs} ms`);
  }
  return parts;
}

/** Schedule `index` of campaign `seed`, with one to `maxRuns` concurrent runs. */
export function drawSchedule(seed: string, index: number, maxRuns: number): Schedule {
  const random = scheduleRandom(seed, index);
  const runCount = random.int(1, Math.max(1, maxRuns));
  const schedule: Schedule = {
    seed,
    index,
    target: random.chance(0.5) ? 'global' : 'service',
    startsFrom: random.chance(0.25) ? 'converged org' : 'empty org',
    clientSecret: `chaos-${random.token(40)}`,
    rerunWithClientSecret: random.chance(0.4),
    ...drawEnvironment(random, FAULT_TARGETS),
    runs: Array.from({ length: runCount }, () => drawRun(random, runCount > 1)),
  };
  const latencySpike = drawLatencySpike(random);
  if (latencySpike) schedule.latencySpike = latencySpike;
  if (random.chance(0.25)) {
    const run = random.int(0, runCount - 1);
    schedule.kill = random.chance(0.6) ? { run, afterRequests: random.int(1, 18) } : { run, afterMs: random.int(100, 2500) };
  }
  return schedule;
}

/** One line: what the schedule does, for the table and the replay hint. */
export function describeSchedule(schedule: Schedule): string {
  const runs = schedule.runs
    .map((run) =>
      [
        run.dryRun ? 'dry' : 'run',
        run.clientSecret ? '+secret' : '',
        run.gatewayCheck ? '+check' : '',
        ` r${run.retryMaxAttempts}`,
        ` t${run.timeoutSeconds}`,
      ].join(''),
    )
    .join(', ');
  const parts = [
    `${schedule.target}, ${schedule.startsFrom}, propagation ${schedule.propagationMs} ms`,
    `limits ${schedule.rateLimitAuthServer}/s per auth server${schedule.rateLimitOrg === null ? '' : `, ${schedule.rateLimitOrg}/s per org`}`,
    `runs [${runs}]`,
    `faults [${schedule.faults.join('; ')}]`,
  ];
  if (schedule.latencySpike) {
    const { atMs, durationMs, latencyMs } = schedule.latencySpike;
    parts.push(`latency ${latencyMs} ms from ${atMs} ms for ${durationMs} ms`);
  }
  const kill = schedule.kill;
  if (kill) parts.push(`SIGKILL run ${kill.run + 1} ${'afterMs' in kill ? `${kill.afterMs} ms after its start` : `after request ${kill.afterRequests}`}`);
  return parts.join('; ');
}

// Runs one schedule on a fresh emulator and records what the invariants need: every run's process
// result, the chaos phase's request log (with queries, bodies and reply headers), the clean rerun,
// the state it leaves, whether its secret mints and its token passes the gateway, whether each
// successful run's token passes too, and every secret value that ever existed. The invariants
// themselves are pure functions of this record (invariants.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulator, type Emulator, type RequestExchange, type RequestLogEntry } from '../emulator/index.js';
import type { EmulatorStateDump } from '../emulator/store.js';
import { gatewayStatus, howToInputs, mintStatus } from '../harness/how-to.js';
import { runAction, type ActionRun } from '../harness/run-action.js';
import type { RunPlan, Schedule } from './schedule.js';

/**
 * A run that outlives its `timeout` input by this much is killed and counted as a hang (the grace
 * covers the process's start and exit on a loaded machine, where both can take seconds).
 */
export const HANG_GRACE_MS = 20_000;

export interface RunRecord {
  plan: RunPlan;
  inputs: Record<string, string>;
  result: ActionRun;
  /** The schedule's SIGKILL hit this run. */
  killedByChaos: boolean;
}

export interface LoggedExchange {
  entry: RequestLogEntry;
  exchange: RequestExchange;
}

export interface GatewayAnswer {
  withToken: number;
  withoutToken: number;
}

export interface Observation {
  schedule: Schedule;
  setup?: ActionRun;
  runs: RunRecord[];
  /** Every request of the chaos phase (the runs, not the setup or the rerun), in arrival order. */
  chaosLog: LoggedExchange[];
  rerunInputs: Record<string, string>;
  rerun: ActionRun;
  stateAfterRerun: EmulatorStateDump;
  /** The status of a token request with the rerun's client-secret output. */
  rerunMintStatus: number;
  rerunAtGateway: GatewayAnswer;
  /** For each run of `runs` that exited 0 with an access token (not a dry run): the gateway's answer to it. */
  runTokensAtGateway: (number | undefined)[];
  /** The Konnect token, the client-secret input and every client secret the emulator ever held. */
  secrets: string[];
  /** Responses the emulator sent that broke Kong's specs (emulator bugs). */
  specViolations: number;
  durationMs: number;
}

export const AUTH_SERVER_NAME = 'Chaos Appointments';
export const CLIENT_NAME = 'chaos-client';
export const SCOPES = ['my-scope', 'other-scope'];
export const CLAIMS = ['test-claim=test', 'team=payments'];

/** The action's inputs for one run of `schedule`. */
export function runInputs(emulator: Emulator, schedule: Schedule, plan: Omit<RunPlan, 'startDelayMs'>): Record<string, string> {
  return howToInputs(emulator, {
    'auth-server-name': AUTH_SERVER_NAME,
    'client-name': CLIENT_NAME,
    scopes: SCOPES.join('\n'),
    claims: CLAIMS.join('\n'),
    'retry-max-attempts': String(plan.retryMaxAttempts),
    timeout: String(plan.timeoutSeconds),
    'check-timeout': String(plan.checkTimeoutSeconds),
    ...(schedule.target === 'service' ? { service: 'example-service' } : {}),
    ...(plan.clientSecret ? { 'client-secret': schedule.clientSecret } : {}),
    ...(plan.dryRun ? { 'dry-run': 'true' } : {}),
    ...(plan.gatewayCheck ? { 'proxy-url': emulator.proxyUrl } : {}),
  });
}

const CLEAN_RUN = { dryRun: false, gatewayCheck: true, retryMaxAttempts: 4, timeoutSeconds: 60, checkTimeoutSeconds: 30 } as const;

export async function executeSchedule(schedule: Schedule): Promise<Observation> {
  const started = performance.now();
  const emulator = await startEmulator({
    propagationMs: schedule.propagationMs,
    rateLimitAuthServer: schedule.rateLimitAuthServer,
    rateLimitOrg: schedule.rateLimitOrg,
  });
  const secrets = collectSecrets(emulator, [schedule.clientSecret]);
  try {
    const clean = (clientSecret: boolean) => runInputs(emulator, schedule, { ...CLEAN_RUN, clientSecret });
    let setup: ActionRun | undefined;
    if (schedule.startsFrom === 'converged org') {
      setup = await runAction(clean(schedule.rerunWithClientSecret), { timeoutMs: 90_000 });
    }

    // ---- the chaos phase
    emulator.resetLog();
    const chaosLog: LoggedExchange[] = [];
    const kill = new AbortController();
    const stopLogging = emulator.onRequest((entry, exchange) => {
      chaosLog.push({ entry, exchange });
      if (schedule.kill && 'afterRequests' in schedule.kill && chaosLog.length === schedule.kill.afterRequests) kill.abort();
    });
    schedule.faults.forEach((spec) => emulator.addFault(spec));
    const timers: NodeJS.Timeout[] = [];
    const spike = schedule.latencySpike;
    if (spike) {
      timers.push(setTimeout(() => (emulator.options.latencyMs = spike.latencyMs), spike.atMs));
      timers.push(setTimeout(() => (emulator.options.latencyMs = 0), spike.atMs + spike.durationMs));
    }
    const runs = await Promise.all(
      schedule.runs.map(async (plan, i): Promise<RunRecord> => {
        const inputs = runInputs(emulator, schedule, plan);
        if (plan.startDelayMs > 0) await sleep(plan.startDelayMs);
        const killed = schedule.kill?.run === i;
        if (killed && schedule.kill && 'afterMs' in schedule.kill) timers.push(setTimeout(() => kill.abort(), schedule.kill.afterMs));
        const result = await runAction(inputs, {
          timeoutMs: plan.timeoutSeconds * 1000 + HANG_GRACE_MS,
          ...(killed ? { kill: kill.signal } : {}),
        });
        return { plan, inputs, result, killedByChaos: killed && kill.signal.aborted && result.signal === 'SIGKILL' };
      }),
    );
    timers.forEach(clearTimeout);
    stopLogging();

    // ---- the clean rerun
    emulator.clearFaults();
    Object.assign(emulator.options, { latencyMs: 0, rateLimitAuthServer: 100, rateLimitOrg: null });
    const rerunInputs = clean(schedule.rerunWithClientSecret);
    const rerun = await runAction(rerunInputs, { timeoutMs: CLEAN_RUN.timeoutSeconds * 1000 + HANG_GRACE_MS });
    const stateAfterRerun = emulator.store.dump();
    const { 'issuer-url': issuer = '', 'client-id': clientId = '', 'client-secret': secret = '', 'access-token': token = '' } = rerun.outputs;
    const rerunMintStatus = rerun.exitCode === 0 ? await mintStatus(issuer, clientId, secret, SCOPES.join(' ')) : 0;
    const rerunAtGateway = await gatewayAnswer(emulator, token, schedule.propagationMs);
    const runTokensAtGateway: (number | undefined)[] = [];
    for (const run of runs) {
      const runToken = run.result.outputs['access-token'];
      runTokensAtGateway.push(run.result.exitCode === 0 && !run.plan.dryRun && runToken ? await gatewayStatus(emulator, runToken) : undefined);
    }
    return {
      schedule,
      ...(setup ? { setup } : {}),
      runs,
      chaosLog,
      rerunInputs,
      rerun,
      stateAfterRerun,
      rerunMintStatus,
      rerunAtGateway,
      runTokensAtGateway,
      secrets: secrets.values(),
      specViolations: emulator.violations().length,
      durationMs: performance.now() - started,
    };
  } finally {
    secrets.stop();
    await emulator.stop();
  }
}

/**
 * Every secret value the schedule knows of: the Konnect token, `known`, and every client secret the
 * emulator held at any request (read after each one, since a later rotation deletes them).
 */
export function collectSecrets(emulator: Emulator, known: readonly string[]): { values(): string[]; stop(): void } {
  const secrets = new Set<string>([emulator.konnectToken, ...known]);
  const collect = () => {
    for (const server of emulator.store.listAuthServers()) {
      for (const client of server.clients) for (const secret of client.secrets) secrets.add(secret.value);
    }
  };
  const stop = emulator.onRequest(collect);
  return {
    values: () => {
      collect();
      return [...secrets].filter((value) => value.length >= 8);
    },
    stop,
  };
}

/**
 * The gateway's answers with and without the token, once the plugin as the rerun left it has reached
 * the data plane (polled for the propagation delay and a second more).
 */
async function gatewayAnswer(emulator: Emulator, token: string, propagationMs: number): Promise<GatewayAnswer> {
  const deadline = performance.now() + propagationMs + 1000;
  for (;;) {
    const answer = { withToken: token ? await gatewayStatus(emulator, token) : 0, withoutToken: await gatewayStatus(emulator) };
    if ((answer.withToken === 200 && answer.withoutToken === 401) || performance.now() > deadline) return answer;
    await sleep(100);
  }
}

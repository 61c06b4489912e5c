// Runs one lifecycle schedule on a fresh emulator and records what its invariants need:
//   1. the hand-made resources, and the org as they leave it (the initial state);
//   2. the clients marked "provisioned before", provisioned fault-free one after another (setup);
//   3. the chaos phase: the clients' chains at once, with the schedule's faults, limits, latency
//      spike and SIGKILL; meanwhile the partner route (when seeded) is asked every 200 ms without a token;
//   4. once faults are off and the data plane has caught up: the state, each token a provisioning
//      handed out at the gateway, and the answers without a token;
//   5. each client's teardown rerun clean, one after another (with leave-target-open: true, so that
//      the last one deletes the plugin too), then the state and the gateway again.
// The invariants are pure functions of this record (lifecycle-invariants.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { EmulatorStateDump } from '../emulator/store.js';
import { seedExternalPlugin, seedHandmadeConsumer, seedServiceAndRoute, startExternalIdp, type ExternalIdp } from '../harness/handmade.js';
import { gatewayStatus, howToInputs } from '../harness/how-to.js';
import { runAction, type ActionRun } from '../harness/run-action.js';
import { isBudgeted } from './baseline.js';
import { collectSecrets, HANG_GRACE_MS } from './execute.js';
import { LIFECYCLE, scheduleRuns, type LifecycleClient, type LifecycleSchedule, type LifecycleStep, type StepKind } from './lifecycle-schedule.js';

/** The path of the hand-made route that the external IdP's plugin protects. */
export const PARTNER_PATH = '/partner';
const SAMPLE_EVERY_MS = 200;

/**
 * A fault-free run's settings: the setup provisionings and the final teardowns. No gateway check:
 * the campaign reads the gateway itself (protectedBefore, tokenAtGateway).
 */
const CLEAN: Omit<LifecycleStep, 'kind'> = {
  twice: false,
  dryRun: false,
  gatewayCheck: false,
  force: false,
  retryMaxAttempts: 4,
  timeoutSeconds: 60,
  checkTimeoutSeconds: 30,
  pauseMs: 0,
};

export interface LifecycleRunRecord {
  phase: 'setup' | 'chaos' | 'final';
  /** Index into the schedule's clients. */
  client: number;
  /** The step of the client's chain (chaos phase); -1 for the setup and the final teardowns. */
  step: number;
  /** 0, or 1 for the second copy of a step run twice. */
  copy: number;
  kind: StepKind;
  plan: Omit<LifecycleStep, 'kind' | 'pauseMs'>;
  inputs: Record<string, string>;
  result: ActionRun;
  /** The schedule's SIGKILL hit this run. */
  killedByChaos: boolean;
  /** A provisioning that exited 0 with an access token: the gateway's answer to it after the chaos phase. */
  tokenAtGateway?: number;
}

/** The gateway's answers at one moment, the data plane caught up. */
export interface GatewayView {
  /** GET /anything without a token (the clients' target: globally or on example-service). */
  withoutToken: number;
  /** The partner route, when seeded: without a token, and with a token of the external IdP. */
  partner?: { withoutToken: number; withExternalToken: number };
}

export interface LifecycleObservation {
  schedule: LifecycleSchedule;
  /** Setup, chaos and final runs, in that order. */
  runs: LifecycleRunRecord[];
  /** The org with the hand-made resources, before any run. */
  initialState: EmulatorStateDump;
  /** GET /anything without a token was refused when the chaos phase started. */
  protectedBefore: boolean;
  afterChaos: { state: EmulatorStateDump; gateway: GatewayView };
  /** The partner route's answers without a token, sampled during the chaos phase. */
  partnerSamples: number[];
  final: { state: EmulatorStateDump; gateway: GatewayView };
  /** The Konnect token, the client-secret inputs and every client secret the emulator ever held. */
  secrets: string[];
  /** Responses the emulator sent that broke Kong's specs (emulator bugs). */
  specViolations: number;
  durationMs: number;
}

/** A client's inputs for one run: the same for provisioning and teardown, as the README says. */
export function lifecycleInputs(
  emulator: Emulator,
  schedule: Pick<LifecycleSchedule, 'target'>,
  client: LifecycleClient,
  kind: StepKind,
  plan: Omit<LifecycleStep, 'kind' | 'pauseMs'>,
): Record<string, string> {
  return howToInputs(emulator, {
    'auth-server-name': LIFECYCLE.authServerName,
    audience: LIFECYCLE.audience,
    'client-name': client.name,
    scopes: client.scopes.join('\n'),
    claims: client.claims.join('\n'),
    'retry-max-attempts': String(plan.retryMaxAttempts),
    timeout: String(plan.timeoutSeconds),
    'check-timeout': String(plan.checkTimeoutSeconds),
    ...(schedule.target === 'service' ? { service: 'example-service' } : {}),
    ...(client.createConsumer ? { 'create-consumer': 'true' } : {}),
    ...(client.requireScopes ? { 'require-scopes': 'true' } : {}),
    ...(client.clientSecret ? { 'client-secret': client.clientSecret } : {}),
    ...(plan.gatewayCheck ? { 'proxy-url': emulator.proxyUrl } : {}),
    ...(plan.dryRun ? { 'dry-run': 'true' } : {}),
    ...(kind === 'teardown' ? { mode: 'teardown' } : {}),
    ...(kind === 'teardown' && plan.force ? { force: 'true' } : {}),
  });
}

export async function executeLifecycle(schedule: LifecycleSchedule): Promise<LifecycleObservation> {
  const started = performance.now();
  const emulator = await startEmulator({ propagationMs: schedule.propagationMs });
  let idp: ExternalIdp | undefined;
  const secrets = collectSecrets(
    emulator,
    schedule.clients.flatMap((client) => (client.clientSecret ? [client.clientSecret] : [])),
  );
  try {
    // ---- hand-made resources
    if (schedule.handmade.externalPlugin) {
      idp = await startExternalIdp();
      const partner = await seedServiceAndRoute(emulator, 'partner', PARTNER_PATH);
      await seedExternalPlugin(emulator, partner.route, idp);
    }
    const namedLike = schedule.handmade.consumerNamedLike === undefined ? undefined : schedule.clients[schedule.handmade.consumerNamedLike];
    if (namedLike) await seedHandmadeConsumer(emulator, namedLike.name);
    const initialState = emulator.store.dump();
    const external = idp;
    const view = () => gatewayView(emulator, external);

    const runs: LifecycleRunRecord[] = [];
    const runClean = async (phase: 'setup' | 'final', c: number, kind: StepKind) => {
      const client = schedule.clients[c] as LifecycleClient;
      const inputs = lifecycleInputs(emulator, schedule, client, kind, CLEAN);
      // Final teardowns open the target on purpose: with no client left, nothing of the action may remain.
      if (phase === 'final') inputs['leave-target-open'] = 'true';
      const result = await runAction(inputs, { timeoutMs: CLEAN.timeoutSeconds * 1000 + HANG_GRACE_MS });
      runs.push({ phase, client: c, step: -1, copy: 0, kind, plan: CLEAN, inputs, result, killedByChaos: false });
    };

    // ---- setup
    for (const [c, client] of schedule.clients.entries()) if (client.provisionedBefore) await runClean('setup', c, 'provision');
    await settle(emulator);
    const protectedBefore = (await gatewayStatus(emulator)) !== 200;

    // ---- the chaos phase
    emulator.resetLog();
    Object.assign(emulator.options, { rateLimitAuthServer: schedule.rateLimitAuthServer, rateLimitOrg: schedule.rateLimitOrg });
    schedule.faults.forEach((spec) => emulator.addFault(spec));
    const timers: NodeJS.Timeout[] = [];
    const spike = schedule.latencySpike;
    if (spike) {
      timers.push(setTimeout(() => (emulator.options.latencyMs = spike.latencyMs), spike.atMs));
      timers.push(setTimeout(() => (emulator.options.latencyMs = 0), spike.atMs + spike.durationMs));
    }
    const kill = new AbortController();
    let budgeted = 0;
    const stopCounting = emulator.onRequest((entry) => {
      if (!isBudgeted(entry)) return;
      budgeted += 1;
      if (schedule.kill && 'afterRequests' in schedule.kill && budgeted === schedule.kill.afterRequests) kill.abort();
    });
    const partnerSamples: number[] = [];
    const sampling = schedule.handmade.externalPlugin ? samplePartner(emulator, partnerSamples) : undefined;
    const slots = scheduleRuns(schedule);
    const chains = schedule.clients.map(async (client, c): Promise<LifecycleRunRecord[]> => {
      const records: LifecycleRunRecord[] = [];
      for (const [s, step] of client.steps.entries()) {
        await sleep(step.pauseMs);
        const copies = Array.from({ length: step.twice ? 2 : 1 }, async (_, copy): Promise<LifecycleRunRecord> => {
          const { kind, pauseMs: _pause, ...plan } = step;
          const inputs = lifecycleInputs(emulator, schedule, client, kind, plan);
          const slot = slots.findIndex((candidate) => candidate.client === c && candidate.step === s && candidate.copy === copy);
          const killed = schedule.kill?.run === slot;
          if (killed && schedule.kill && 'afterMs' in schedule.kill) timers.push(setTimeout(() => kill.abort(), schedule.kill.afterMs));
          const result = await runAction(inputs, { timeoutMs: plan.timeoutSeconds * 1000 + HANG_GRACE_MS, ...(killed ? { kill: kill.signal } : {}) });
          return {
            phase: 'chaos',
            client: c,
            step: s,
            copy,
            kind,
            plan,
            inputs,
            result,
            killedByChaos: killed && kill.signal.aborted && result.signal === 'SIGKILL',
          };
        });
        records.push(...(await Promise.all(copies)));
      }
      return records;
    });
    runs.push(...(await Promise.all(chains)).flat());
    timers.forEach(clearTimeout);
    stopCounting();
    await sampling?.stop();

    // ---- after the chaos: faults off, the data plane caught up
    emulator.clearFaults();
    Object.assign(emulator.options, { latencyMs: 0, rateLimitAuthServer: 100, rateLimitOrg: null });
    await settle(emulator);
    for (const record of runs) {
      const token = record.result.outputs['access-token'];
      if (record.kind === 'provision' && record.result.exitCode === 0 && token) record.tokenAtGateway = await gatewayStatus(emulator, token);
    }
    const afterChaos = { state: emulator.store.dump(), gateway: await view() };

    // ---- every client's teardown rerun clean, one after another
    for (const c of schedule.clients.keys()) await runClean('final', c, 'teardown');
    await settle(emulator);
    const final = { state: emulator.store.dump(), gateway: await view() };

    return {
      schedule,
      runs,
      initialState,
      protectedBefore,
      afterChaos,
      partnerSamples,
      final,
      secrets: secrets.values(),
      specViolations: emulator.violations().length,
      durationMs: performance.now() - started,
    };
  } finally {
    secrets.stop();
    await emulator.stop();
    await idp?.stop();
  }
}

/** Waits until the data plane runs what the control plane has now. */
async function settle(emulator: Emulator): Promise<void> {
  await sleep(emulator.options.propagationMs + 300);
}

async function gatewayView(emulator: Emulator, idp: ExternalIdp | undefined): Promise<GatewayView> {
  const view: GatewayView = { withoutToken: await gatewayStatus(emulator) };
  if (idp) {
    view.partner = {
      withoutToken: await gatewayStatus(emulator, undefined, PARTNER_PATH),
      withExternalToken: await gatewayStatus(emulator, await idp.token(), PARTNER_PATH),
    };
  }
  return view;
}

/** Asks the partner route without a token every SAMPLE_EVERY_MS, recording each answer, until stopped. */
function samplePartner(emulator: Emulator, samples: number[]): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push(await gatewayStatus(emulator, undefined, PARTNER_PATH).catch(() => 0));
      await sleep(SAMPLE_EVERY_MS);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

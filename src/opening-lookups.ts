import type { Config } from './config.js';
import { controlPlanesApi, findControlPlane, type ControlPlane } from './konnect/control-planes.js';
import { identityApi } from './konnect/identity.js';
import type { PhasedLog } from './log.js';
import type { Phase } from './phases.js';
import { type AuthServerLookup, lookUpAuthServers } from './reconcile/auth-server.js';
import type { Runtime } from './runtime.js';

/**
 * The run's first two requests, which need nothing but the inputs: the control plane's lookup and
 * the list of auth servers. main.ts starts them as soon as the HTTP stack is up, and the pipeline
 * (pipeline.ts) loads while they are in flight, then takes them as its first stages.
 */
export interface OpeningLookups {
  controlPlane: Promise<ControlPlane>;
  authServers: Promise<AuthServerLookup>;
}

export function startOpeningLookups(config: Config, runtime: Runtime, log?: PhasedLog<Phase>): OpeningLookups {
  // In their phases' log context, as the pipeline's own stages: their debug lines join those groups.
  const inPhase = <T>(phase: Phase, work: () => T): T => (log ? log.run(phase, work) : work());
  const lookups: OpeningLookups = {
    controlPlane: inPhase('control plane', () => findControlPlane(controlPlanesApi(runtime.konnect), config.controlPlaneName)),
    authServers: inPhase('Kong Identity', () => lookUpAuthServers(identityApi(runtime.konnect), config.authServer.name)),
  };
  // Observed at once: a failure before the pipeline takes them over is not an unhandled rejection
  // (the pipeline's stages still fail with it).
  for (const lookup of Object.values(lookups)) lookup.catch(() => undefined);
  return lookups;
}

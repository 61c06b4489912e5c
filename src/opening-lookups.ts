import type { Config } from './config.js';
import { ALL_AUTH_SERVERS, AUTH_SERVERS_PATH, CONTROL_PLANES_PATH, controlPlanesNamed } from './konnect/first-requests.js';
import type { PhasedLog } from './log.js';
import type { Phase } from './phases.js';
import type { Runtime } from './runtime.js';

/**
 * The run's first two requests, which need nothing but the inputs: the control plane's lookup and
 * the list of auth servers. main.ts sends them as soon as the HTTP stack is up; the pipeline, and
 * zod and the schemas that check the answers, load while they are in flight, and the pipeline's
 * first stages read the answers (KonnectClient.prefetch).
 */
export function prefetchOpeningLookups(config: Config, runtime: Runtime, log?: PhasedLog<Phase>): void {
  // In their phases' log context, as the pipeline's own stages: their debug lines join those groups.
  const inPhase = (phase: Phase, work: () => void) => (log ? log.run(phase, work) : work());
  inPhase('control plane', () => runtime.konnect.prefetch(CONTROL_PLANES_PATH, controlPlanesNamed(config.controlPlaneName)));
  inPhase('Kong Identity', () => runtime.konnect.prefetch(AUTH_SERVERS_PATH, ALL_AUTH_SERVERS));
}

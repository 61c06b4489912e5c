import * as log from '../runner/log.js';
import type { GatewayCheckConfig } from '../inputs/config.js';
import type { Transport } from '../http/transport.js';
import { proveConsumerMapping, proveScopesEnforced, type ConsumerMapping, type ScopeEnforcement } from './enforcement.js';
import { checkGateway, type CheckResult } from './probes.js';

/** The whole gateway check's result: the probes' proof, and what enforcement.ts proved beside it. */
export interface GatewayCheckResult extends CheckResult {
  scopes?: ScopeEnforcement;
  consumer?: ConsumerMapping;
}

/** With require-scopes, a token of the client without the action's scopes; or why none could be had (then the scopes cannot be proven). */
export type NarrowToken = { token: string } | { unavailable: string };

/**
 * The gateway check as a run makes it: 200 with the token and 401 without (probes.ts), then, as the
 * inputs ask, the scope enforcement (with the narrow token) and the Consumer mapping.
 */
export async function checkGatewayFully(
  transport: Transport,
  check: GatewayCheckConfig,
  signal: AbortSignal,
  tokens: { token: string; narrow?: NarrowToken },
  consumerId?: string,
): Promise<GatewayCheckResult> {
  const startedAt = performance.now();
  const passed = await checkGateway(transport, check, tokens.token, signal);
  const narrow = tokens.narrow;
  const [scopes, consumer] = await Promise.all([
    narrow === undefined
      ? undefined
      : 'token' in narrow
        ? proveScopesEnforced(transport, check, narrow.token, signal, startedAt)
        : notProvable(narrow.unavailable),
    consumerId === undefined ? undefined : proveConsumerMapping(transport, check, tokens.token, consumerId, signal, startedAt),
  ]);
  return {
    ...passed,
    durationMs: Math.round(performance.now() - startedAt),
    ...(scopes === undefined ? {} : { scopes }),
    ...(consumer === undefined ? {} : { consumer }),
  };
}

async function notProvable(why: string): Promise<ScopeEnforcement> {
  log.notice(`Gateway check: could not prove that the plugin requires the action's scopes: ${why}.`);
  return { proven: false, why };
}

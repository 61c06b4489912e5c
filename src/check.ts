import * as log from './log.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayCheckConfig } from './config.js';
import { ActionError } from './errors.js';
import { errorCode } from './http/retry.js';
import type { Transport } from './http/transport.js';

/**
 * The gateway check: the proof that the plugin protects the route. A new or changed plugin takes
 * seconds to reach the data planes, so it polls; each round sends the request with the token and
 * the same request without it, side by side. It passes when, in one round, the token gets 200 and
 * no token gets 401. A gateway that lets everyone through fails.
 */

/** A passed check (a failed one throws). */
export interface CheckResult {
  url: string;
  durationMs: number;
  withTokenStatus: number;
  withoutTokenStatus: number;
}

type ProbeResult = number | string; // an HTTP status, or a network error code

const FIRST_INTERVAL_MS = 500;
const MAX_INTERVAL_MS = 2000;
const PROBE_TIMEOUT_MS = 10_000;

export async function checkGateway(
  transport: Transport,
  check: GatewayCheckConfig,
  accessToken: string,
  signal: AbortSignal,
): Promise<CheckResult> {
  const started = performance.now();
  const deadline = started + check.timeoutSeconds * 1000;
  let interval = FIRST_INTERVAL_MS;
  let last: [ProbeResult, ProbeResult] = ['none', 'none'];

  log.info(`Gateway check: GET ${check.url} with and without the token, for up to ${check.timeoutSeconds} s.`);
  for (;;) {
    const timeoutMs = Math.round(Math.max(1000, Math.min(PROBE_TIMEOUT_MS, deadline - performance.now())));
    const round = await Promise.all([
      probe(transport, check.url, signal, timeoutMs, accessToken),
      probe(transport, check.url, signal, timeoutMs),
    ]);
    const [withToken, withoutToken] = round;
    if (withToken === 200 && withoutToken === 401) {
      const durationMs = Math.round(performance.now() - started);
      log.info(`Gateway check passed in ${(durationMs / 1000).toFixed(1)} s: 200 with the token, 401 without.`);
      return { url: check.url, durationMs, withTokenStatus: withToken, withoutTokenStatus: withoutToken };
    }
    if (round[0] !== last[0] || round[1] !== last[1]) {
      log.info(`Gateway check: ${withToken} with the token, ${withoutToken} without; waiting for the plugin to reach the data planes.`);
      last = round;
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) throw checkFailure(check, round);
    await sleep(Math.min(interval, Math.ceil(remaining)), undefined, { signal }); // the last round lands on the deadline
    interval = Math.min(MAX_INTERVAL_MS, Math.round(interval * 1.5));
  }
}

async function probe(transport: Transport, url: string, signal: AbortSignal, timeoutMs: number, token?: string): Promise<ProbeResult> {
  try {
    const response = await transport.send({
      method: 'GET',
      url,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      signal,
      timeoutMs,
      discardBody: true,
    });
    return response.status;
  } catch (error) {
    if (signal.aborted) throw error;
    return errorCode(error) ?? 'network error';
  }
}

/** Explains the last round: what the gateway did wrong and where to look. */
export function checkFailure(check: GatewayCheckConfig, [withToken, withoutToken]: [ProbeResult, ProbeResult]): ActionError {
  const seen = `after ${check.timeoutSeconds} s, GET ${check.url} got ${withToken} with the token and ${withoutToken} without`;
  if (typeof withToken === 'string' || typeof withoutToken === 'string') {
    return new ActionError(`Gateway check failed: the gateway is unreachable (${seen}).`, {
      hint: 'Check proxy-url: it must reach a data plane of this control plane from the runner.',
    });
  }
  if (withoutToken >= 200 && withoutToken < 300) {
    return new ActionError(`Gateway check failed: the gateway lets requests without a token through (${seen}).`, {
      hint: 'The plugin is not enforcing on this path: check that check-path is routed through the service/route the plugin applies to, that the data planes are connected, or raise check-timeout.',
    });
  }
  if (withToken === 404 && withoutToken === 404) {
    return new ActionError(`Gateway check failed: no route matches check-path (${seen}).`, {
      hint: 'Set check-path to a path a route of this control plane serves.',
    });
  }
  if (withToken === 401 || withToken === 403) {
    return new ActionError(`Gateway check failed: the gateway refuses the token (${seen}).`, {
      hint: 'A 401 means the plugin does not trust the issuer yet (raise check-timeout) or uses another issuer; a 403 means the token lacks something the plugin requires (audience_required, or a scopes_required set on the plugin outside this action), or, with consumer-claim, that no Consumer matches the claim\'s value.',
    });
  }
  return new ActionError(`Gateway check failed: expected 200 with the token and 401 without (${seen}).`, {
    hint: 'A 3xx without a token means auth_methods allows redirects; a 5xx comes from the upstream service.',
  });
}

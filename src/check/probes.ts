import * as log from '../runner/log.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayCheckConfig } from '../inputs/config.js';
import { ActionError } from '../errors/errors.js';
import { describeNetworkError } from '../http/network-errors.js';
import type { Transport } from '../http/transport.js';

/**
 * The gateway check: the proof that the plugin protects the route. A new or changed plugin takes
 * seconds to reach the data planes, so it polls in rounds; each round sends its probes side by side
 * (the request with the token, the same request without it). It passes when, in one round, every
 * probe gets the status it expects: 200 with the token, 401 without. A gateway that lets everyone
 * through fails.
 *
 * Rounds start at a steady cadence (ROUND_INTERVAL_MS), so a working plugin is noticed within about
 * one interval of reaching the data plane; the cadence stretches only to keep within
 * MAX_REQUESTS_PER_SECOND when a round has more probes. A gateway that answers nothing (connection
 * refused, unknown host, TLS failure, timeouts) is not a plugin on its way: after UNREACHABLE_AFTER_MS
 * of network errors alone the check gives up and says that proxy-url cannot be reached.
 */

/** A passed check (a failed one throws). */
export interface CheckResult {
  url: string;
  durationMs: number;
  withTokenStatus: number;
  withoutTokenStatus: number;
}

/** One request of a round, and the status that shows the plugin at work. */
interface Probe {
  /** How the log names it: "with the token". */
  label: string;
  headers: Record<string, string>;
  expected: number;
}

/** An HTTP status, or the network error that took its place, in words. */
type ProbeResult = number | string;

/** The labels of the two probes every round has, in order. */
const LABELS = ['with the token', 'without'] as const;

/** Longest time between the starts of two rounds (check-enforcement.ts polls at the same pace). */
export const ROUND_INTERVAL_MS = 250;
/** The most requests per second the check sends the gateway, whatever the number of probes. */
const MAX_REQUESTS_PER_SECOND = 8;
/** Network errors alone for this long: the gateway cannot be reached (capped by check-timeout). */
const UNREACHABLE_AFTER_MS = 15_000;
const PROBE_TIMEOUT_MS = 10_000;
/** The last round before check-timeout gets at least this long to answer. */
const MIN_PROBE_TIMEOUT_MS = 1_000;

export async function checkGateway(transport: Transport, check: GatewayCheckConfig, accessToken: string, signal: AbortSignal): Promise<CheckResult> {
  const probes = enforcementProbes(accessToken); // a check of more (scopes, consumers) adds its probes here
  const interval = Math.max(ROUND_INTERVAL_MS, (probes.length * 1000) / MAX_REQUESTS_PER_SECOND);
  const started = performance.now();
  const deadline = started + check.timeoutSeconds * 1000;
  let lastAnswer = started; // when a probe last got an HTTP answer (the start, before any)
  let lastLogged = '';

  log.info(`Gateway check: GET ${check.url} with and without the token, every ${interval} ms for up to ${check.timeoutSeconds} s.`);
  for (;;) {
    const roundStarted = performance.now();
    // A round never runs past the unreachable bound; the last one before check-timeout still gets a fair chance.
    const timeoutMs = Math.min(PROBE_TIMEOUT_MS, lastAnswer + UNREACHABLE_AFTER_MS - roundStarted, Math.max(MIN_PROBE_TIMEOUT_MS, deadline - roundStarted));
    const results = await Promise.all(probes.map((one) => send(transport, check.url, one, signal, Math.max(1, Math.round(timeoutMs)))));
    const now = performance.now();
    if (results.every((result, i) => result === probes[i]?.expected)) {
      const durationMs = Math.round(now - started);
      log.info(`Gateway check passed in ${(durationMs / 1000).toFixed(1)} s: ${describeRound(results, probes)}.`);
      return { url: check.url, durationMs, withTokenStatus: 200, withoutTokenStatus: 401 };
    }

    const answered = results.some((result) => typeof result === 'number');
    if (answered) lastAnswer = now;
    const seen = describeRound(results, probes);
    if (seen !== lastLogged) {
      const waiting = answered
        ? 'waiting for the plugin to reach the data planes'
        : `no answer from proxy-url; retrying for up to ${Math.min(UNREACHABLE_AFTER_MS / 1000, check.timeoutSeconds)} s`;
      log.info(`Gateway check: ${seen}; ${waiting}.`);
      lastLogged = seen;
    }

    const nextRound = Math.max(now, roundStarted + interval);
    const unreachableBy = lastAnswer + UNREACHABLE_AFTER_MS;
    if (!answered && nextRound >= unreachableBy && unreachableBy < deadline) throw unreachableFailure(check, results, now - lastAnswer, probes);
    if (nextRound > deadline) throw checkFailure(check, results, probes);
    await sleep(nextRound - now, undefined, { signal });
  }
}

/** What every round asks: the token gets through, and nothing gets through without it. */
function enforcementProbes(accessToken: string): Probe[] {
  return [
    { label: LABELS[0], headers: { authorization: `Bearer ${accessToken}` }, expected: 200 },
    { label: LABELS[1], headers: {}, expected: 401 },
  ];
}

async function send(transport: Transport, url: string, probe: Probe, signal: AbortSignal, timeoutMs: number): Promise<ProbeResult> {
  try {
    const response = await transport.send({ method: 'GET', url, headers: probe.headers, signal, timeoutMs, discardBody: true });
    return response.status;
  } catch (error) {
    if (signal.aborted) throw error;
    return describeNetworkError(error);
  }
}

type Labelled = ReadonlyArray<Pick<Probe, 'label'>>;
const BASIC: Labelled = LABELS.map((label) => ({ label }));

/** "200 with the token and 401 without". */
function describeRound(results: readonly ProbeResult[], probes: Labelled): string {
  const parts = results.map((result, i) => `${result} ${probes[i]?.label ?? ''}`.trim());
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
}

/** Nothing but network errors for UNREACHABLE_AFTER_MS: proxy-url is wrong, or the runner cannot reach it. */
function unreachableFailure(check: GatewayCheckConfig, results: readonly ProbeResult[], silentMs: number, probes: Labelled): ActionError {
  return new ActionError(
    `Gateway check failed: proxy-url cannot be reached: GET ${check.url} got no answer in ${(silentMs / 1000).toFixed(1)} s (${describeRound(results, probes)}); gave up before check-timeout (${check.timeoutSeconds} s).`,
    { hint: UNREACHABLE_HINT },
  );
}

const UNREACHABLE_HINT =
  'Check proxy-url: its scheme, host and port must reach a data plane of this control plane from the runner (a self-hosted runner may need HTTPS_PROXY or NO_PROXY; a TLS failure needs the CA in NODE_EXTRA_CA_CERTS).';

/** Explains the last round before check-timeout: what the gateway did wrong and where to look. */
export function checkFailure(check: GatewayCheckConfig, results: readonly ProbeResult[], probes: Labelled = BASIC): ActionError {
  const seen = `after ${check.timeoutSeconds} s, GET ${check.url} got ${describeRound(results, probes)}`;
  if (results.every((result) => typeof result === 'string')) {
    return new ActionError(`Gateway check failed: proxy-url cannot be reached (${seen}).`, { hint: UNREACHABLE_HINT });
  }
  const [withToken, withoutToken] = results;
  if (typeof withToken !== 'number' || typeof withoutToken !== 'number') {
    return new ActionError(`Gateway check failed: the gateway answered only some requests (${seen}).`, {
      hint: 'The gateway or the network to it is unstable: check the data planes, or raise check-timeout.',
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
      hint: "A 401 means the plugin does not trust the issuer yet (raise check-timeout) or uses another issuer; a 403 means the token lacks something the plugin requires (audience_required, or a scopes_required set on the plugin outside this action), or, with consumer-claim, that no Consumer matches the claim's value.",
    });
  }
  return new ActionError(`Gateway check failed: expected 200 with the token and 401 without (${seen}).`, {
    hint: 'A 3xx without a token means auth_methods allows redirects; a 5xx comes from the upstream service.',
  });
}

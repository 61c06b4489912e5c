import * as log from '../runner/log.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROUND_INTERVAL_MS } from './probes.js';
import type { GatewayCheckConfig } from '../inputs/config.js';
import { ActionError } from '../errors/errors.js';
import type { Transport } from '../http/transport.js';

/**
 * What the gateway check proves beyond "200 with the token, 401 without" (check.ts), once that has
 * passed: that the plugin enforces the action's scopes (require-scopes), and that a token reaches
 * the upstream as the client's Consumer (create-consumer). Each polls on its own until the deadline
 * of the check, since a changed plugin or a new Consumer takes seconds to reach the data planes.
 */

const PROBE_TIMEOUT_MS = 10_000;
/** httpbin's echo of a request is small; a bigger body is not one. */
const MAX_ECHO_CHARS = 64 * 1024;

/** Whether the plugin was seen to require the scopes: a token of the client without them got 403, or why that could not be tried. */
export type ScopeEnforcement = { proven: true; withoutScopesStatus: number } | { proven: false; why: string };

/** Whether the token reached the upstream as the Consumer, as far as the echoed headers show. */
export type ConsumerMapping = { seen: true; consumerId: string } | { seen: false; why: string };

interface Deadline {
  at: number;
  seconds: number;
}

async function get(transport: Transport, url: string, token: string, signal: AbortSignal, deadline: Deadline) {
  const timeoutMs = Math.round(Math.max(1000, Math.min(PROBE_TIMEOUT_MS, deadline.at - performance.now())));
  return transport.send({ method: 'GET', url, headers: { authorization: `Bearer ${token}` }, signal, timeoutMs });
}

async function pollUntil<T>(
  deadline: Deadline,
  signal: AbortSignal,
  attempt: () => Promise<{ done: true; value: T } | { done: false }>,
): Promise<T | undefined> {
  for (;;) {
    const outcome = await attempt();
    if (outcome.done) return outcome.value;
    const remaining = deadline.at - performance.now();
    if (remaining <= 0) return undefined;
    await sleep(Math.min(ROUND_INTERVAL_MS, Math.ceil(remaining)), undefined, { signal });
  }
}

/**
 * require-scopes: a token of the same client that holds none of the action's scopes must get 403
 * while the full token got 200. Polled: until the new scopes_required reaches the data planes, it
 * still passes.
 */
export async function proveScopesEnforced(
  transport: Transport,
  check: GatewayCheckConfig,
  narrowToken: string,
  signal: AbortSignal,
  startedAt: number,
): Promise<ScopeEnforcement> {
  const deadline = { at: startedAt + check.timeoutSeconds * 1000, seconds: check.timeoutSeconds };
  let last = 0;
  const status = await pollUntil(deadline, signal, async () => {
    last = (await get(transport, check.url, narrowToken, signal, deadline)).status;
    return last === 403 ? { done: true, value: last } : { done: false };
  });
  if (status !== undefined) {
    log.info(`Gateway check: a token without the action's scopes gets 403: the plugin requires them.`);
    return { proven: true, withoutScopesStatus: status };
  }
  throw new ActionError(
    `Gateway check failed: the gateway does not enforce the scopes (after ${deadline.seconds} s, GET ${check.url} got ${last} with a token without the action's scopes, where 403 was expected).`,
    {
      hint: 'require-scopes sets scopes_required on the plugin: check that check-path goes through the plugin this run converged, that the data planes are connected, or raise check-timeout.',
    },
  );
}

/**
 * create-consumer: the token must reach the upstream as the Consumer. When check-path echoes the
 * request's headers as JSON (httpbin's /anything does), X-Consumer-ID must be the Consumer's id;
 * otherwise the mapping cannot be seen, which is said, not failed.
 */
export async function proveConsumerMapping(
  transport: Transport,
  check: GatewayCheckConfig,
  token: string,
  consumerId: string,
  signal: AbortSignal,
  startedAt: number,
): Promise<ConsumerMapping> {
  const deadline = { at: startedAt + check.timeoutSeconds * 1000, seconds: check.timeoutSeconds };
  let lastSeen: string | undefined;
  const mapping = await pollUntil<ConsumerMapping>(deadline, signal, async () => {
    const response = await get(transport, check.url, token, signal, deadline);
    const headers = echoedHeaders(response.text);
    if (response.status !== 200 || headers === undefined) {
      return { done: true, value: { seen: false, why: `${check.url} does not echo the request's headers (as httpbin's /anything does)` } };
    }
    lastSeen = headers['x-consumer-id'];
    return lastSeen === consumerId ? { done: true, value: { seen: true, consumerId } } : { done: false };
  });
  if (mapping !== undefined) {
    log.info(
      mapping.seen
        ? `Gateway check: the token reached the upstream as Consumer ${consumerId} (X-Consumer-ID).`
        : `Gateway check: could not see the Consumer mapping: ${mapping.why}.`,
    );
    return mapping;
  }
  throw new ActionError(
    `Gateway check failed: the token did not reach the upstream as Consumer ${consumerId} (after ${deadline.seconds} s, X-Consumer-ID was ${lastSeen === undefined ? 'absent' : "another Consumer's"}).`,
    { hint: 'The plugin maps tokens by consumer-claim (default client_id): check that the claim holds the client id, or raise check-timeout.' },
  );
}

/** The `headers` object of an httpbin-style JSON echo, with lower-cased names; undefined for anything else. */
export function echoedHeaders(text: string): Record<string, string> | undefined {
  if (text.length > MAX_ECHO_CHARS) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const headers = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['headers'] : undefined;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return undefined;
  return Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name.toLowerCase(), value] as const] : [])));
}

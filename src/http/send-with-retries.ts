import * as log from '../runner/log.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeNetworkError } from './network-errors.js';
import { RequestInterruptedError } from './request-interrupted.js';
import { errorCode, isRetryableStatus, isTransientNetworkError, parseRetryAfter, retryDelayMs, wasNeverSent, type RetryPolicy } from './retry.js';
import type { HttpRequest, HttpResponse, Transport } from './transport.js';

export interface SendOptions {
  policy: RetryPolicy;
  /**
   * Whether repeating the request is harmless. Non-idempotent requests (POST creates) are repeated
   * only when the server cannot have acted on them: a 429, or a connection that never opened.
   */
  idempotent: boolean;
  /** How logs name the request: method and path (or a URL without userinfo or query), never a body. */
  label: string;
  /** Bounds concurrent attempts (held per attempt, released during backoff). */
  limiter?: { run<T>(work: () => Promise<T>): Promise<T> };
}

/**
 * Sends `req`, repeating it on 429/502/503/504 and on transient network failures, with backoff.
 * Returns the last response (any status) or throws the last network error; throws
 * RequestInterruptedError when the run's signal stops it.
 */
export async function sendWithRetries(transport: Transport, req: HttpRequest, options: SendOptions): Promise<HttpResponse> {
  const { policy, label } = options;
  let lastFailure: string | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const started = performance.now();
    let response: HttpResponse | undefined;
    let failure: unknown;
    try {
      response = options.limiter ? await options.limiter.run(() => transport.send(req)) : await transport.send(req);
    } catch (error) {
      failure = error;
    }
    const elapsed = Math.round(performance.now() - started);
    log.debug(`${label} -> ${response ? response.status : (errorCode(failure) ?? 'error')} in ${elapsed} ms`);
    if (response === undefined && req.signal.aborted) throw new RequestInterruptedError(label, lastFailure, 'in flight', req.signal.reason);

    const reason = response ? retryReasonForStatus(response, options.idempotent) : retryReasonForError(failure, options.idempotent);
    if (reason === undefined || attempt >= policy.maxAttempts || req.signal.aborted) {
      if (response) return response;
      throw failure;
    }
    lastFailure = reason;
    const delay = retryDelayMs(attempt, policy, response ? retryAfterOf(response) : undefined);
    log.info(`Retrying ${label} in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.maxAttempts}): ${reason}`);
    try {
      await sleep(delay, undefined, { signal: req.signal });
    } catch {
      throw new RequestInterruptedError(label, lastFailure, 'backoff', req.signal.reason);
    }
  }
}

function retryReasonForStatus(response: HttpResponse, idempotent: boolean): string | undefined {
  if (!isRetryableStatus(response.status)) return undefined;
  // A 429 means the server refused to act, so even a create is safe to repeat.
  if (!idempotent && response.status !== 429) return undefined;
  const retryAfter = response.headers['retry-after'];
  return `HTTP ${response.status}${retryAfter ? ` (Retry-After: ${retryAfter})` : ''}`;
}

function retryReasonForError(error: unknown, idempotent: boolean): string | undefined {
  if (!isTransientNetworkError(error)) return undefined;
  if (!idempotent && !wasNeverSent(error)) return undefined;
  return describeNetworkError(error);
}

/**
 * Konnect's limits are counted per second, and it has sent 429 without Retry-After (kong-operator
 * #809): then the next window, a second away, is what to wait for, as if the header said so.
 */
const ASSUMED_RATE_LIMIT_WINDOW_MS = 1000;

function retryAfterOf(response: HttpResponse): number | undefined {
  return parseRetryAfter(response.headers['retry-after']) ?? (response.status === 429 ? ASSUMED_RATE_LIMIT_WINDOW_MS : undefined);
}

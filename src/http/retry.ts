/**
 * When and how long to wait before repeating a request. Pure functions, so the policy is testable
 * without a network: exponential backoff with jitter, Retry-After honoured but capped.
 */

export interface RetryPolicy {
  /** Total attempts, the first included (input retry-max-attempts). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound on a server's Retry-After, so a throttled run cannot stall for minutes. */
  retryAfterCapMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  retryAfterCapMs: 30_000,
};

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** Network failures worth another attempt: the connection broke or timed out. */
const TRANSIENT_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Failures that happen before the request reaches the server: even a POST may be repeated. */
const NOT_SENT_ERROR_CODES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EAI_AGAIN']);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') return code;
  return cause === undefined ? undefined : errorCode(cause);
}

export function isTransientNetworkError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && TRANSIENT_ERROR_CODES.has(code);
}

export function wasNeverSent(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && NOT_SENT_ERROR_CODES.has(code);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Up to this much is added to a Retry-After wait. Runs throttled in the same rate-limit window get
 * the same Retry-After; without a spread they would all return at the start of the next window and
 * be throttled together again (found by the chaos campaign: 8 runs on one auth server at 20/s).
 */
const RETRY_AFTER_JITTER_MS = 1000;

/**
 * Delay before attempt `attempt + 1` (attempt counts from 1). Retry-After wins when given (capped),
 * plus up to a second of jitter; otherwise exponential backoff with "equal jitter": half fixed, half
 * random, so that concurrent runs throttled together do not retry in lockstep.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.retryAfterCapMs) + Math.round(random() * RETRY_AFTER_JITTER_MS);
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

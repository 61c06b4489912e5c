/**
 * The run's signal fired (its timeout, or another stage failed) while this request was in flight or
 * waiting for its next attempt. Keeps what the request had met so far, so that a run stopped by its
 * timeout can still say which endpoint held it up and why.
 */
export class RequestInterruptedError extends Error {
  override readonly name = 'RequestInterruptedError';

  constructor(
    readonly label: string,
    /** Why the previous attempt failed ("HTTP 429 (Retry-After: 60)"); undefined during the first attempt. */
    readonly lastFailure: string | undefined,
    /** Whether the request was on the wire, or waiting out its backoff. */
    readonly stage: 'in flight' | 'backoff',
    cause: unknown,
  ) {
    super(
      stage === 'backoff'
        ? `${label} was waiting to retry after ${lastFailure ?? 'a failure'}`
        : `${label} was still waiting for a response${lastFailure === undefined ? '' : ` (an earlier attempt got ${lastFailure})`}`,
      { cause },
    );
  }
}

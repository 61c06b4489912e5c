/**
 * An error that reaches the user as it is: the message says what failed, `hint` what to do.
 * StepError (below) adds the step it happened in ("create scope \"read\"").
 */
export class ActionError extends Error {
  override readonly name: string = 'ActionError';
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }
}

/** Invalid inputs, all of them at once, found before any network call. */
export class ConfigError extends ActionError {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`${configErrorHeading(problems)}\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      hint: 'Fix the inputs listed above in the workflow step.',
    });
  }

  get heading(): string {
    return configErrorHeading(this.problems);
  }
}

function configErrorHeading(problems: readonly string[]): string {
  return `Invalid input${problems.length > 1 ? 's' : ''}:`;
}

/** Wraps a failure with the step it happened in, keeping the original as `cause`. */
export class StepError extends Error {
  override readonly name = 'StepError';

  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Runs `work`, labelling any failure with `step` (the first label wins: it is the most precise). */
export async function inStep<T>(step: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof StepError ? error : new StepError(step, error);
  }
}

/** The run's timeout input elapsed: every request in flight is aborted with this as the reason. */
export class RunTimeoutError extends ActionError {
  override readonly name = 'RunTimeoutError';

  constructor(readonly seconds: number) {
    super(`the run did not finish within ${seconds} s`, {
      hint: 'Raise the timeout input, or check whether Konnect or the gateway is slow or unreachable from the runner.',
    });
  }
}

/**
 * Promise.all that waits for every promise to settle before it throws the first failure: no request
 * of a stage outlives the stage, so its log lines stay in the stage's group and nothing runs unseen.
 */
export async function allSettledOrThrow<T extends readonly unknown[] | []>(promises: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = (await Promise.allSettled(promises)) as Array<PromiseSettledResult<unknown>>;
  const values: unknown[] = [];
  for (const result of results) {
    if (result.status === 'rejected') throw result.reason;
    values.push(result.value);
  }
  return values as { -readonly [K in keyof T]: Awaited<T[K]> };
}

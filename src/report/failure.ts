import { ActionError, ConfigError, RunTimeoutError, StepError } from '../errors/errors.js';
import { RequestInterruptedError } from '../http/request-interrupted.js';
import { neutralise, setFailed } from '../runner/log.js';
import { redact } from '../runner/secrets.js';
import { writeEarlyFailureSummary } from './summary.js';

/**
 * One message for setFailed: what failed, on which resource, the HTTP status, Konnect's detail and
 * trace id, and what to do. Secrets are removed, and the text from outside that the message quotes
 * (names, Konnect's words, inputs) is on one line: the message's own line breaks are the only ones.
 */
export function describeFailure(error: unknown): string {
  const step = error instanceof StepError ? error.step : undefined;
  const cause = error instanceof StepError ? error.cause : error;
  const prefix = step ? `Could not ${step}: ` : '';

  let message: string;
  let hint: string | undefined;
  const timeout = findInChain(cause, RunTimeoutError);
  if (timeout !== undefined) {
    const interrupted = findInChain(cause, RequestInterruptedError);
    message = `${timeout.message}${interrupted ? `: ${interrupted.message}` : ''}`;
    hint = timeout.hint;
  } else if (cause instanceof ActionError) {
    // The action's own failures, Konnect's refusals (hint by status) and an unreachable API included.
    message = cause.message;
    hint = cause.hint;
  } else {
    // Not a failure the action anticipated: say how to find out more.
    message = cause instanceof Error ? cause.message : String(cause);
    hint = UNEXPECTED_FAILURE_HINT;
  }
  const body =
    cause instanceof ConfigError ? [cause.heading, ...cause.problems.map((problem) => `  - ${neutralise(problem)}`)].join('\n') : neutralise(message);
  return redact(`${neutralise(prefix)}${body}${hint ? `\nWhat to do: ${neutralise(hint)}` : ''}`);
}

const UNEXPECTED_FAILURE_HINT =
  'Run the job again with debug logging (the ACTIONS_STEP_DEBUG secret set to true) to see each request; if it persists, report it with that log.';

/** The first error of `type` in the cause chain of `error`, itself included. */
function findInChain<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof type) return current;
  }
  return undefined;
}

/**
 * Fails a step that stopped before or outside the engine: on its inputs (every problem listed), or
 * in mode token or unseal. The job summary opens with the failure and what to do; nothing was changed.
 */
export async function failEarly(error: unknown): Promise<void> {
  const message = describeFailure(error);
  const cause = error instanceof StepError ? error.cause : error;
  setFailed(message);
  // The step's error is set: a summary that cannot be written (its file is broken) costs only the summary.
  await writeEarlyFailureSummary(message, cause instanceof ConfigError ? cause.problems : undefined).catch(() => undefined);
}

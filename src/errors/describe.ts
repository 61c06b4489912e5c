import { ActionError, ConfigError, StepError } from './errors.js';
import { RequestInterruptedError } from '../http/request-interrupted.js';
import { neutralise } from '../runner/log.js';
import { redact } from '../runner/secrets.js';

/**
 * One message for setFailed: what failed, on which resource, the HTTP status, Konnect's detail and
 * trace id, and what to do. Secrets are removed, and the text from outside that the message quotes
 * (names, Konnect's words, inputs) is on one line: the message's own line breaks are the only ones.
 */
export function describeFailure(error: unknown, context: { timeoutSeconds?: number } = {}): string {
  const step = error instanceof StepError ? error.step : undefined;
  const cause = error instanceof StepError ? error.cause : error;
  const prefix = step ? `Could not ${step}: ` : '';

  let message: string;
  let hint: string | undefined;
  if (isRunTimeout(cause)) {
    const interrupted = findInChain(cause, RequestInterruptedError);
    message = `the run did not finish within ${context.timeoutSeconds ?? '?'} s${interrupted ? `: ${interrupted.message}` : ''}`;
    hint = 'Raise the timeout input, or check whether Konnect or the gateway is slow or unreachable from the runner.';
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

/** The run's timeout, however it surfaced: directly, or as the cause of an aborted wait or request. */
function isRunTimeout(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current.name === 'TimeoutError') return true;
  }
  return false;
}

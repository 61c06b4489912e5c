import { EOL } from 'node:os';

/**
 * The few runner interactions needed before @actions/core is loaded: reading an input, masking a
 * value, failing the step. @actions/core statically loads an HTTP stack (~60 ms); the fail-fast path
 * on bad inputs does without it. Same conventions as @actions/core (getInput, setSecret, setFailed).
 */

/** As core.getInput: INPUT_<NAME, spaces to underscores, upper-cased>, trimmed; '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** As core.setSecret: the runner hides `value` from every later log line. */
export function addMask(value: string): void {
  issueCommand('add-mask', value);
}

/** As core.setFailed: an error annotation, and exit code 1. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  issueCommand('error', message);
}

function issueCommand(command: string, message: string): void {
  process.stdout.write(`::${command}::${escapeData(message)}${EOL}`);
}

/** The runner's escaping of a command's message (the same as @actions/core's). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * The few runner interactions needed before @actions/core is loaded: reading an input, masking a
 * value, failing the step, and on that path an output and the job summary. @actions/core statically
 * loads an HTTP stack (~60 ms); the fail-fast path on bad inputs does without it. Same conventions as
 * @actions/core (getInput, setSecret, setFailed, setOutput).
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

/** As core.warning: a warning annotation. */
export function warning(message: string): void {
  issueCommand('warning', message);
}

/** As core.getState: a value the main step saved, handed to the post step as STATE_<name>; '' when unset. */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
}

/**
 * As core.saveState: appended to the GITHUB_STATE file, which the runner turns into the post step's
 * STATE_<name>. That file is not masked: never save a secret in it.
 */
export function saveState(name: string, value: string): void {
  appendFileCommand('GITHUB_STATE', name, value); // without the file, not under a runner: no post step to hand it to
}

/** A `name<<delimiter` record appended to the runner's file `variable` names, as @actions/core writes it. */
function appendFileCommand(variable: 'GITHUB_STATE' | 'GITHUB_OUTPUT', name: string, value: string): void {
  const file = process.env[variable];
  if (!file) return;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

function issueCommand(command: string, message: string): void {
  process.stdout.write(`::${command}::${escapeData(message)}${EOL}`);
}

/** The runner's escaping of a command's message (the same as @actions/core's). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As core.setOutput: appended to the GITHUB_OUTPUT file. */
export function setOutput(name: string, value: string): void {
  appendFileCommand('GITHUB_OUTPUT', name, value);
}

/** As core.summary.addRaw(html).write(): appended to the job summary (GITHUB_STEP_SUMMARY). */
export function appendSummary(html: string): void {
  const file = process.env['GITHUB_STEP_SUMMARY'];
  if (file) appendFileSync(file, `${html}${EOL}`, 'utf8');
}

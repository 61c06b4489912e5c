import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * The runner interactions of a run: reading an input, masking a value, logging, groups, outputs,
 * failing the step. Same conventions and names as @actions/core, which is loaded only to write the
 * job summary (report.ts): it statically loads a second HTTP stack (@actions/http-client, all of
 * undici), tens of milliseconds that no request should wait for.
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

/** As core.info: a plain log line. */
export function info(message: string): void {
  process.stdout.write(`${message}${EOL}`);
}

/** As core.debug: shown only when the run has debug logging on. */
export function debug(message: string): void {
  issueCommand('debug', message);
}

/** As core.startGroup: the lines up to endGroup fold under `title`. */
export function startGroup(title: string): void {
  issueCommand('group', title);
}

export function endGroup(): void {
  issueCommand('endgroup', '');
}

/** As core.setOutput: a step output, through the GITHUB_OUTPUT file (the deprecated command without one). */
export function setOutput(name: string, value: string): void {
  if (appendFileCommand('GITHUB_OUTPUT', name, value)) return;
  process.stdout.write(`${EOL}::set-output name=${escapeProperty(name)}::${escapeData(value)}${EOL}`);
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
  appendFileCommand('GITHUB_STATE', name, value); // not under a runner: there is no post step to hand it to
}

/** A `name<<delimiter` record in the runner's file `variable` names; false when there is none. */
function appendFileCommand(variable: 'GITHUB_OUTPUT' | 'GITHUB_STATE', name: string, value: string): boolean {
  const file = process.env[variable];
  if (!file) return false;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
  return true;
}

function issueCommand(command: string, message: string): void {
  process.stdout.write(`::${command}::${escapeData(message)}${EOL}`);
}

/** The runner's escaping of a command's property (the same as @actions/core's). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The runner's escaping of a command's message (the same as @actions/core's). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

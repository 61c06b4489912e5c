import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * The runner's protocol, without @actions/core (which statically loads an HTTP stack, ~60 ms, that
 * the fail-fast path on bad inputs does without): reading an input, masking a value, saved state,
 * and issuing a command. Same conventions as @actions/core (getInput, setSecret, saveState). Text for
 * the log goes through `log.ts`, which neutralises and redacts it; only it and `addMask` issue commands.
 */

/** As core.getInput: INPUT_<NAME, spaces to underscores, upper-cased>, trimmed; '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** As core.setSecret: the runner hides `value` from every later log line. */
export function addMask(value: string): void {
  issueCommand('add-mask', value);
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
  const file = process.env['GITHUB_STATE'];
  if (!file) return; // not under a runner: there is no post step to hand it to
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

/** `::command::message`, the message escaped as the runner expects. Only for `log.ts` and `addMask`. */
export function issueCommand(command: string, message = ''): void {
  process.stdout.write(`::${command}::${escapeData(message)}${EOL}`);
}

/** The runner's escaping of a command's message (the same as @actions/core's). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * The runner's protocol, without @actions/core (which statically loads an HTTP stack, ~60 ms, that
 * the fail-fast path on bad inputs does without): reading an input, masking a value, saved state,
 * and issuing a command; on that path also an output and the job summary. Same conventions as
 * @actions/core (getInput, setSecret, saveState, setOutput). Text for
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
  appendFileCommand('GITHUB_STATE', name, value); // without the file, not under a runner: no post step to hand it to
}

/** As core.setOutput: appended to the GITHUB_OUTPUT file. For the fail-fast path; report.ts uses @actions/core. */
export function setOutput(name: string, value: string): void {
  appendFileCommand('GITHUB_OUTPUT', name, value);
}

/** As core.summary.addRaw(html).write(): appended to the job summary (GITHUB_STEP_SUMMARY). For the fail-fast path. */
export function appendSummary(html: string): void {
  const file = process.env['GITHUB_STEP_SUMMARY'];
  if (file) appendFileSync(file, `${html}${EOL}`, 'utf8');
}

/** A `name<<delimiter` record appended to the runner's file `variable` names, as @actions/core writes it. */
function appendFileCommand(variable: 'GITHUB_STATE' | 'GITHUB_OUTPUT', name: string, value: string): void {
  const file = process.env[variable];
  if (!file) return;
  const delimiter = delimiterFor(value);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

/**
 * A delimiter line that the value does not contain, so the value cannot end its record early. Chosen
 * after reading the value, it needs no secrecy, and so no node:crypto on the start-up path.
 */
function delimiterFor(value: string): string {
  for (let attempt = 0; ; attempt++) {
    const delimiter = `ghadelimiter_${Date.now().toString(36)}_${Math.random().toString(36).slice(2)}_${attempt}`;
    if (!value.includes(delimiter)) return delimiter;
  }
}

/** `::command::message`, the message escaped as the runner expects. Only for `log.ts` and `addMask`. */
export function issueCommand(command: string, message = ''): void {
  process.stdout.write(`::${command}::${escapeData(message)}${EOL}`);
}

/** The runner's escaping of a command's message (the same as @actions/core's). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

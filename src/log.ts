import { redact } from './secrets.js';
import { issueCommand } from './workflow-commands.js';

/**
 * The one way text reaches the log. Everything printed here is redacted (secrets.ts) and
 * neutralised: text from outside the action (inputs, Konnect, the issuer, the gateway, saved state)
 * cannot break a line, so it cannot start a line of its own, and no line this module prints can
 * start with `::` unless it is one of the action's own commands. A secret is masked (maskSecret)
 * before any of this can print it.
 *
 * Log lines (info, debug, group titles) are one line each. Annotations (notice, warning, error,
 * setFailed) may span lines: the action's own `\n` between parts is kept (the runner shows it inside
 * the annotation; on stdout it is `%0A`), and each part is neutralised like a log line.
 */

/** Line breaks: what the runner splits on (CR, LF) and what a viewer may break at (VT, FF, NEL, U+2028/2029). */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
/** Other control characters, and the bidirectional overrides that make text read other than it is. */
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const ESCAPES: Record<string, string> = { '\r\n': '\\r\\n', '\n': '\\n', '\r': '\\r' };

/**
 * `text` on one line, as visible escapes: a line break becomes `\n` (or `\u2028`…), a control
 * character `\u001b`, and the runner's legacy command prefix `##[` loses its meaning. For composing
 * messages from outside text; the functions below apply it to everything they print.
 */
export function neutralise(text: string): string {
  return text
    .replace(LINE_BREAK, (found) => ESCAPES[found] ?? unicodeEscape(found))
    .replace(CONTROL, unicodeEscape)
    .replace(/##\[/g, '##\\[');
}

function unicodeEscape(char: string): string {
  return `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/** A log line: redacted, neutralised, and never starting with `::` (the runner trims leading space first). */
function line(text: string): string {
  const safe = neutralise(redact(text));
  return /^\s*::/.test(safe) ? `\\${safe}` : safe;
}

/** An annotation's text: the action's own line breaks kept, each line neutralised. */
function lines(text: string): string {
  return text.split('\n').map((part) => neutralise(redact(part))).join('\n');
}

export function info(text: string): void {
  process.stdout.write(`${line(text)}\n`);
}

/** Shown only with debug logging (ACTIONS_STEP_DEBUG / RUNNER_DEBUG); the runner filters it. */
export function debug(text: string): void {
  issueCommand('debug', line(text));
}

export function notice(text: string): void {
  issueCommand('notice', lines(text));
}

export function warning(text: string): void {
  issueCommand('warning', lines(text));
}

export function error(text: string): void {
  issueCommand('error', lines(text));
}

/** An error annotation, and exit code 1. */
export function setFailed(text: string): void {
  process.exitCode = 1;
  error(text);
}

export function startGroup(title: string): void {
  issueCommand('group', line(title));
}

export function endGroup(): void {
  issueCommand('endgroup');
}

/** `entries` as one collapsible group, printed in one go, so that no concurrent log line lands inside. */
export function group(title: string, entries: readonly string[]): void {
  startGroup(title);
  for (const entry of entries) info(entry);
  endGroup();
}

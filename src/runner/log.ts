import { AsyncLocalStorage } from 'node:async_hooks';
import { redact } from './secrets.js';
import * as core from './core.js';

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
 *
 * The phases of a run overlap (engine/engine.ts), yet the log shows one group per phase in the run's
 * order: see PhasedLog.
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
  return text
    .split('\n')
    .map((part) => neutralise(redact(part)))
    .join('\n');
}

export function info(text: string): void {
  write({ level: 'info', text });
}

/** Shown only with debug logging (ACTIONS_STEP_DEBUG / RUNNER_DEBUG); the runner filters it. */
export function debug(text: string): void {
  write({ level: 'debug', text });
}

export function notice(text: string): void {
  core.notice(lines(text));
}

export function warning(text: string): void {
  write({ level: 'warning', text });
}

export function error(text: string): void {
  core.error(lines(text));
}

/** An error annotation, and exit code 1. */
export function setFailed(text: string): void {
  process.exitCode = 1;
  error(text);
}

export function startGroup(title: string): void {
  core.startGroup(line(title));
}

export function endGroup(): void {
  core.endGroup();
}

/** `entries` as one collapsible group, printed in one go, so that no concurrent log line lands inside. */
export function group(title: string, entries: readonly string[]): void {
  printGroup(
    title,
    entries.map((text): Line => ({ level: 'info', text })),
  );
}

// ---- phases: lines held back, and printed one group per phase in order ---------------------------

type Level = 'info' | 'debug' | 'warning';

interface Line {
  level: Level;
  text: string;
}

/** The lines a phase holds back until its group is printed. */
interface HeldLines {
  lines: Line[];
  printed: boolean;
}

/** The phase whose work is running in the current async context, if any. */
const currentPhase = new AsyncLocalStorage<HeldLines>();

function write(entry: Line): void {
  const held = currentPhase.getStore();
  // A line from work that outlives its phase's group is printed on its own rather than lost.
  if (held && !held.printed) held.lines.push(entry);
  else print(entry);
}

/** Prints a line now. Redacted and neutralised here, when every secret known by then is masked. */
function print({ level, text }: Line): void {
  if (level === 'debug') core.debug(line(text));
  else if (level === 'warning') core.warning(lines(text));
  else core.info(line(text));
}

function printGroup(title: string, entries: readonly Line[]): void {
  startGroup(title);
  for (const entry of entries) print(entry);
  endGroup();
}

/**
 * The log of concurrent phases, printed one group per phase in `order`. While a phase's work runs
 * inside `run`, what it logs (a request's debug line, a retry, a recovery), and what the promises it
 * chains log, is held; the phase's group is printed when it is closed and every phase before it has
 * been printed. Lines logged outside `run` are printed at once.
 */
export class PhasedLog<Phase extends string> {
  private readonly held = new Map<Phase, HeldLines>();
  private readonly closed = new Map<Phase, { title: string; outcome: readonly string[] }>();
  private printed = 0;

  constructor(private readonly order: readonly Phase[]) {
    for (const phase of order) this.held.set(phase, { lines: [], printed: false });
  }

  /** Runs `work` as part of `phase`: what it logs, and what the promises it chains log, joins the phase's group. */
  run<T>(phase: Phase, work: () => T): T {
    return currentPhase.run(this.heldOf(phase), work);
  }

  /** Ends `phase` with its title and closing lines (its outcome), and prints what is now in order. */
  close(phase: Phase, title: string, outcome: readonly string[] = []): void {
    this.closed.set(phase, { title, outcome });
    for (let next = this.order[this.printed]; next !== undefined; next = this.order[this.printed]) {
      const done = this.closed.get(next);
      if (done === undefined) return;
      const held = this.heldOf(next);
      printGroup(done.title, [...held.lines, ...done.outcome.map((text): Line => ({ level: 'info', text }))]);
      held.printed = true;
      this.printed += 1;
    }
  }

  private heldOf(phase: Phase): HeldLines {
    const held = this.held.get(phase);
    if (held === undefined) throw new Error(`unknown log phase ${phase}`);
    return held;
  }
}

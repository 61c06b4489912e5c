import * as core from '@actions/core';
import { AsyncLocalStorage } from 'node:async_hooks';
import { redact } from './secrets.js';

/**
 * The step's log. Every line the action writes after its inputs are read goes through `info`,
 * `debug` or `warning` here. The phases of a run overlap (pipeline.ts), yet the log shows one group
 * per phase in the pipeline's order: while a phase's work runs inside `PhasedLog.run`, its lines (a
 * request's debug line, a retry, a recovery) are kept, and printed in its group once the phase and
 * every phase before it are done. Lines outside any phase are printed at once.
 */

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

export function info(text: string): void {
  write('info', text);
}

/** Shown only with debug logging (ACTIONS_STEP_DEBUG). */
export function debug(text: string): void {
  write('debug', text);
}

/** A warning annotation. */
export function warning(text: string): void {
  write('warning', text);
}

function write(level: Level, text: string): void {
  const held = currentPhase.getStore();
  // A line from work that outlives its phase's group is printed on its own rather than lost.
  if (held && !held.printed) held.lines.push({ level, text });
  else print({ level, text });
}

/** The one place a log line reaches the runner. Redacted when printed, once every secret is known. */
function print({ level, text }: Line): void {
  const line = redact(text);
  if (level === 'debug') core.debug(line);
  else if (level === 'warning') core.warning(line);
  else core.info(line);
}

/** A collapsible group, printed in one go so that no other line lands inside it. */
export function group(title: string, lines: readonly string[]): void {
  printGroup(title, lines.map((text) => ({ level: 'info', text })));
}

function printGroup(title: string, lines: readonly Line[]): void {
  core.startGroup(redact(title));
  for (const line of lines) print(line);
  core.endGroup();
}

/**
 * The log of concurrent phases, printed one group per phase in `order`. A phase's group is printed
 * when it is closed and every phase before it has been printed; lines logged outside `run` are not
 * held back.
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

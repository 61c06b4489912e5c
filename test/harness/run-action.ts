// Runs the bundled action (dist/main.js, and dist/post.js for the post step) the way the GitHub runner does: inputs as INPUT_*
// variables, file commands through GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY, saved state
// handed to the post step as STATE_* variables. Used by the end-to-end tests, the demo and the bench.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The bundle under test: dist/, or a private build's folder named by ACTION_BUNDLE (see scripts/bundle-private.sh). */
const bundleDir = resolve(projectRoot, process.env['ACTION_BUNDLE'] ?? 'dist');
/** The main step's entry (action.yml `main:`). */
export const distEntry = join(bundleDir, 'main.js');
/** The post step's entry (action.yml `post:`). */
export const postEntry = join(bundleDir, 'post.js');

export interface ActionRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** Wall time of the child process, in ms. */
  durationMs: number;
  /** When the child was spawned, in epoch ms (the emulator's request log's clock). */
  spawnedAt: number;
}

export interface RunOptions {
  /** Extra environment, e.g. RUNNER_DEBUG=1 or HTTPS_PROXY. */
  env?: Record<string, string>;
  /** Saved state from the main step: runs the post step. */
  postState?: Record<string, string>;
  /** Kill the child after this many ms (a crash test); default: no limit. */
  killAfterMs?: number;
  /** SIGKILLs the child when aborted, e.g. from an emulator's onRequest listener (a crash test). */
  kill?: AbortSignal;
  timeoutMs?: number;
}

/** `name<<DELIMITER\nvalue\nDELIMITER` records, as @actions/core writes them. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const header = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!header) {
      const simple = /^([^=]+)=(.*)$/.exec(lines[i] ?? '');
      if (simple?.[1] !== undefined) values[simple[1]] = simple[2] ?? '';
      continue;
    }
    const [, name, delimiter] = header;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i] ?? '');
    if (name !== undefined) values[name] = body.join('\n');
  }
  return values;
}

/** The runner's INPUT_ naming: upper-cased, spaces to underscores, hyphens kept. */
export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]));
}

export async function runAction(inputs: Record<string, string>, options: RunOptions = {}): Promise<ActionRun> {
  const workDir = await mkdtemp(join(tmpdir(), 'kio-run-'));
  const files = {
    GITHUB_OUTPUT: join(workDir, 'output'),
    GITHUB_STATE: join(workDir, 'state'),
    GITHUB_STEP_SUMMARY: join(workDir, 'summary'),
    GITHUB_ENV: join(workDir, 'env'),
    GITHUB_PATH: join(workDir, 'path'),
  };
  await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
  const stateEnv = Object.fromEntries(Object.entries(options.postState ?? {}).map(([name, value]) => [`STATE_${name}`, value]));
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? workDir,
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/payments',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_RUN_ID: '1234',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: workDir,
    ...files,
    ...inputEnv(inputs),
    ...stateEnv,
    ...options.env,
  };
  const started = performance.now();
  const spawnedAt = Date.now();
  try {
    const child = spawn(process.execPath, [options.postState === undefined ? distEntry : postEntry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timers: NodeJS.Timeout[] = [];
    if (options.killAfterMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), options.killAfterMs));
    if (options.timeoutMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), options.timeoutMs));
    const killNow = () => child.kill('SIGKILL');
    if (options.kill?.aborted) killNow();
    else options.kill?.addEventListener('abort', killNow, { once: true });
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on('close', (code, sig) => done([code, sig])));
    timers.forEach(clearTimeout);
    options.kill?.removeEventListener('abort', killNow);
    const durationMs = performance.now() - started;
    const [outputText, stateText, summary] = await Promise.all([
      readFile(files.GITHUB_OUTPUT, 'utf8'),
      readFile(files.GITHUB_STATE, 'utf8'),
      readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
    ]);
    return {
      exitCode,
      signal,
      stdout,
      stderr,
      outputs: parseFileCommands(outputText),
      state: parseFileCommands(stateText),
      summary,
      durationMs,
      spawnedAt,
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Every line of a run's stdout and stderr that is not an `::add-mask::` command. */
export function loggedLines(run: Pick<ActionRun, 'stdout' | 'stderr'>): string[] {
  return `${run.stdout}\n${run.stderr}`.split(/\r?\n/).filter((line) => !line.startsWith('::add-mask::'));
}

/** The message of a run's error annotation (`::error::`), unescaped; '' when there is none. */
export function errorAnnotation(run: Pick<ActionRun, 'stdout'>): string {
  const line = run.stdout.split('\n').find((text) => text.startsWith('::error::')) ?? '';
  return line.slice('::error::'.length).replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
}

/** The messages of the run's `::error::` commands, unescaped as the runner shows them. */
export function errorAnnotations(run: Pick<ActionRun, 'stdout'>): string[] {
  return annotationsOf(run, 'error');
}

/** The messages of the run's `::error::`, `::warning::` or `::notice::` commands, unescaped as the runner shows them. */
export function annotationsOf(run: Pick<ActionRun, 'stdout'>, kind: 'error' | 'warning' | 'notice'): string[] {
  return run.stdout
    .split(/\r?\n/)
    .filter((line) => line.startsWith(`::${kind}`))
    .map((line) =>
      line
        .slice(line.indexOf('::', 2) + 2)
        .replace(/%0D/g, '\r')
        .replace(/%0A/g, '\n')
        .replace(/%25/g, '%'),
    );
}

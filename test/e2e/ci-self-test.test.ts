// CI's self-test (.github/workflows/ci.yml, jobs self-test and unseal) played here the way the runner
// plays it: each `run:` step in bash with its `env:` and a GITHUB_OUTPUT file, each `uses: ./` step
// as the bundled action with its `with:` inputs, `${{ steps.… }}` and `${{ needs.… }}` resolved from
// the outputs so far, and job outputs dropped when they hold a masked value, as the runner drops
// them. So the workflow's scripts and wiring are tested before they reach GitHub. Steps of other
// actions (checkout, setup-node) and `npm ci` are what this machine already has.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MODES } from '../../src/inputs/modes.js';
import { jobOutputs } from '../harness/job-outputs.js';
import { parseFileCommands, runAction } from '../harness/run-action.js';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Job {
  needs?: string;
  outputs?: Record<string, string>;
  steps: Step[];
}
const workflow = parse(await readFile(join(root, '.github/workflows/ci.yml'), 'utf8')) as { jobs: Record<string, Job> };

/** What a job's steps produced: outputs by `steps.<id>.outputs.<name>`, and every line they printed. */
interface JobRun {
  outputs: Record<string, string>;
  stdout: string;
  /** Each step, and how it ended. */
  steps: Array<{ step: string; ok: boolean; log: string }>;
}

const processGroups: number[] = [];
let scripts = 0;
let workDir = '';

afterAll(async () => {
  for (const group of processGroups) {
    // The emulator the workflow left running in the background, unless it already stopped.
    if (groupAlive(group)) process.kill(-group, 'SIGTERM');
  }
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Whether a process of this group still runs (while one does, the kernel never reuses the id). */
function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

/** `${{ expr }}` from the outputs known so far; any other expression is a test failure. */
function resolveExpressions(text: string, known: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    const value = known[expression];
    if (value === undefined) throw new Error(`the workflow reads \${{ ${expression} }}, which nothing set before`);
    return value;
  });
}

/** A `run:` step in bash as the runner starts it (-e -o pipefail), in its own process group. */
async function runScript(script: string, env: Record<string, string>): Promise<{ code: number | null; log: string; outputs: Record<string, string> }> {
  scripts += 1;
  const output = join(workDir, `output-${scripts}`);
  await writeFile(output, '');
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: `${dirname(process.execPath)}:${join(root, 'node_modules/.bin')}:${process.env['PATH'] ?? ''}`,
      HOME: process.env['HOME'] ?? workDir,
      GITHUB_ACTIONS: 'true',
      GITHUB_RUN_ID: '1234',
      GITHUB_RUN_ATTEMPT: '1',
      RUNNER_TEMP: workDir,
      GITHUB_OUTPUT: output,
      ...env,
    },
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  // 'exit', not 'close': a background process the script started keeps the pipes open.
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  if (child.pid !== undefined && groupAlive(child.pid)) processGroups.push(child.pid); // what the step left running
  return { code, log, outputs: parseFileCommands(await readFile(output, 'utf8')) };
}

/** Plays a job's steps in order, stopping at the first that fails, as the runner does. */
async function playJob(name: string, known: Record<string, string>): Promise<JobRun> {
  const job = workflow.jobs[name] as Job;
  const run: JobRun = { outputs: {}, stdout: '', steps: [] };
  for (const step of job.steps) {
    const label = step.name ?? step.id ?? step.uses ?? step.run ?? '';
    const context = { ...known, ...run.outputs };
    if (step.uses !== undefined && step.uses !== './') continue; // checkout, setup-node: this machine has them
    if (step.run?.trim() === 'npm ci') continue;
    let ok: boolean;
    let log: string;
    let outputs: Record<string, string>;
    if (step.uses === './') {
      const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([input, value]) => [input, resolveExpressions(String(value), context)]));
      const action = await runAction(inputs, { timeoutMs: 120_000 });
      ({ outputs } = action);
      ok = action.exitCode === 0;
      log = action.stdout + action.stderr;
    } else {
      const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([variable, value]) => [variable, resolveExpressions(String(value), context)]));
      const script = await runScript(resolveExpressions(step.run ?? '', context), env);
      ({ outputs, log } = script);
      ok = script.code === 0;
    }
    run.stdout += log;
    run.steps.push({ step: label, ok, log });
    if (step.id !== undefined) for (const [output, value] of Object.entries(outputs)) run.outputs[`steps.${step.id}.outputs.${output}`] = value;
    if (!ok) break;
  }
  return run;
}

/** The job's declared outputs, as the next job sees them (masked values dropped). */
function handedOver(name: string, run: JobRun): { outputs: Record<string, string>; skipped: string[] } {
  const declared = Object.fromEntries(
    Object.entries((workflow.jobs[name] as Job).outputs ?? {}).map(([output, expression]) => [output, expression.replace(/^\$\{\{\s*|\s*\}\}$/g, '')]),
  );
  const handed = jobOutputs({ stdout: run.stdout, outputs: run.outputs }, declared);
  return {
    outputs: Object.fromEntries(Object.entries(handed.outputs).map(([output, value]) => [`needs.${name}.outputs.${output}`, value])),
    skipped: handed.skipped,
  };
}

const failedStep = (run: JobRun) => run.steps.find((step) => !step.ok);

describe("CI's self-test, played here", () => {
  let provisioning: JobRun | undefined;

  it('provisions with uses: ./ against the emulator it starts, and its checks of the outputs pass', async () => {
    workDir = await mkdtemp(join(tmpdir(), 'kio-ci-'));
    provisioning = await playJob('self-test', {});
    const teardownBuilt = (MODES as readonly string[]).includes('teardown');
    const failed = failedStep(provisioning);
    // Until mode teardown exists, the job gets as far as the teardown step and fails there, as it would on GitHub.
    if (teardownBuilt) expect(failed, failed?.log).toBeUndefined();
    else expect(failed?.step, failed?.log).toBe('Teardown (uses ./)');
    expect(provisioning.steps.map((step) => step.step)).toEqual(
      expect.arrayContaining(['Start the Konnect emulator', "Derive this run's seal key", 'Provision (uses ./)', 'Check the outputs']),
    );
    expect(provisioning.outputs['steps.provision.outputs.check-status']).toBe('passed');
  }, 180_000);

  it('hands the sealed token to the next job, which unseals the very token the first job minted', async () => {
    if (provisioning === undefined) throw new Error('the first job did not run');
    const { outputs, skipped } = handedOver('self-test', provisioning);
    expect(skipped).toEqual([]);
    const unsealing = await playJob('unseal', outputs);
    const failed = failedStep(unsealing);
    expect(failed, failed?.log).toBeUndefined();
    expect(unsealing.outputs['steps.unseal.outputs.access-token']).toBe(provisioning.outputs['steps.provision.outputs.access-token']);
  }, 60_000);
});

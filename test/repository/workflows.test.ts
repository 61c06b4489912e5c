// The GitHub workflows: each parses and validates against the workflow schema (offline, with
// @action-validator/core), pins every third-party action to a full commit SHA with its version in a
// comment, grants least privilege, and runs the action itself (`uses: ./`) only with inputs that
// action.yml declares.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionPath } from '../../scripts/readme-tables.js';
import { MODE_INPUTS, MODES, type Mode } from '../../src/inputs/modes.js';

const root = resolve(actionPath, '..');
const workflowDir = join(root, '.github', 'workflows');
const files = readdirSync(workflowDir).filter((name) => /\.ya?ml$/.test(name));
const text = (file: string) => readFileSync(join(workflowDir, file), 'utf8');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  outputs?: Record<string, string>;
  permissions?: string | Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  permissions?: string | Record<string, string>;
  jobs: Record<string, Job>;
}
const workflows = Object.fromEntries(files.map((file) => [file, parse(text(file)) as Workflow]));
const inputNames = Object.keys((parse(readFileSync(actionPath, 'utf8')) as { inputs: Record<string, unknown> }).inputs);

/** Each `uses:` line of a workflow, with the comment after it. */
function usesLines(file: string): Array<{ line: number; ref: string; comment: string | undefined }> {
  return text(file)
    .split('\n')
    .flatMap((content, index) => {
      const match = /^\s*(?:-\s+)?uses:\s*['"]?([^\s'"#]+)['"]?\s*(?:#\s*(.*))?$/.exec(content);
      return match ? [{ line: index + 1, ref: match[1] as string, comment: match[2]?.trim() }] : [];
    });
}

describe('the workflows', () => {
  it('exist: CI, the dist/ check, CodeQL and the release', () => {
    expect(files.sort()).toEqual(expect.arrayContaining(['check-dist.yml', 'ci.yml', 'codeql.yml', 'release.yml']));
  });

  it.each(files)('%s validates against the GitHub workflow schema', (file) => {
    const { errors } = validateWorkflow(text(file));
    expect(errors).toEqual([]);
  });

  it('the schema check is real: a misspelt key fails it', () => {
    const broken = text('ci.yml').replace('runs-on:', 'run-on:');
    expect(validateWorkflow(broken).errors).not.toEqual([]);
  });

  it.each(files)('%s pins every third-party action to a full commit SHA, with the version in a comment', (file) => {
    const lines = usesLines(file).filter(({ ref }) => !ref.startsWith('./') && !ref.startsWith('docker://'));
    expect(lines.length).toBeGreaterThan(0);
    for (const { line, ref, comment } of lines) {
      expect(ref, `${file}:${line}`).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
      expect(comment, `${file}:${line}: the version the SHA is`).toMatch(/^v\d+(\.\d+){0,2}\b/);
    }
  });

  it('pin each action to one commit, the same in every workflow', () => {
    const shaOf = new Map<string, Set<string>>();
    for (const file of files) {
      for (const { ref } of usesLines(file).filter((entry) => entry.ref.includes('@'))) {
        const [action, sha] = ref.split('@') as [string, string];
        const repository = action.split('/').slice(0, 2).join('/');
        shaOf.set(repository, (shaOf.get(repository) ?? new Set()).add(sha));
      }
    }
    for (const [repository, shas] of shaOf) expect([...shas], repository).toHaveLength(1);
  });

  it.each(files)('%s grants least privilege: contents: read at the top, writes only where a job needs them', (file) => {
    const workflow = workflows[file] as Workflow;
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const allowedWrites: Record<string, string[]> = {
      'codeql.yml': ['security-events'], // upload the results
      'release.yml': ['contents'], // create the release, move the major tag
    };
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(['write-all', 'read-all'], `${file} job ${name}`).not.toContain(job.permissions);
      const writes = Object.entries(typeof job.permissions === 'object' ? job.permissions : {})
        .filter(([, level]) => level === 'write')
        .map(([scope]) => scope);
      expect(allowedWrites[file] ?? [], `${file} job ${name} writes ${writes.join(', ')}`).toEqual(expect.arrayContaining(writes));
    }
  });
});

describe("CI's self-test, the action run by the runner (uses: ./)", () => {
  const ci = workflows['ci.yml'] as Workflow;
  const ownSteps = Object.entries(ci.jobs).flatMap(([job, { steps = [] }]) => steps.filter((step) => step.uses === './').map((step) => ({ job, step })));
  const modeOf = (step: Step) => String(step.with?.['mode'] ?? 'provision');

  it('passes only inputs that action.yml declares', () => {
    expect(ownSteps.length).toBeGreaterThanOrEqual(3);
    for (const { job, step } of ownSteps) {
      expect(
        Object.keys(step.with ?? {}).filter((name) => !inputNames.includes(name)),
        `${job}: ${step.name ?? step.id}`,
      ).toEqual([]);
    }
  });

  it('passes the inputs each mode requires', () => {
    for (const { job, step } of ownSteps) {
      const mode = modeOf(step);
      if (!(MODES as readonly string[]).includes(mode)) continue; // a mode built elsewhere (teardown): its inputs are checked above
      for (const required of MODE_INPUTS[mode as Mode].required) expect(step.with, `${job}: mode ${mode}`).toHaveProperty([required]);
    }
  });

  it('provisions, tears down, and unseals in a later job what a job output carried', () => {
    expect(ownSteps.map(({ step }) => modeOf(step)).sort()).toEqual(['provision', 'teardown', 'unseal']);
    const provisioning = ownSteps.find(({ step }) => modeOf(step) === 'provision');
    const unsealing = ownSteps.find(({ step }) => modeOf(step) === 'unseal');
    const tearingDown = ownSteps.find(({ step }) => modeOf(step) === 'teardown');
    if (!provisioning || !unsealing || !tearingDown) throw new Error('a mode is missing');
    const providerJob = ci.jobs[provisioning.job] as Job;
    const [outputName, outputValue] = Object.entries(providerJob.outputs ?? {}).find(([, value]) => value.includes('sealed-access-token')) ?? [];
    expect(outputValue).toBe(`\${{ steps.${provisioning.step.id}.outputs.sealed-access-token }}`);
    expect(unsealing.job).not.toBe(provisioning.job);
    expect([(ci.jobs[unsealing.job] as Job).needs].flat()).toContain(provisioning.job);
    expect(unsealing.step.with?.['sealed-access-token']).toBe(`\${{ needs.${provisioning.job}.outputs.${outputName} }}`);
    // Teardown runs last in the job that has the emulator, after the provisioning step.
    expect(tearingDown.job).toBe(provisioning.job);
    const steps = providerJob.steps ?? [];
    expect(steps.indexOf(tearingDown.step)).toBeGreaterThan(steps.indexOf(provisioning.step));
  });

  it('runs where users run: the self-test and the unseal job on Linux, Windows and macOS, in bash', () => {
    const ciText = text('ci.yml');
    for (const job of ['self-test', 'unseal']) {
      const definition = ci.jobs[job] as Job & { 'runs-on'?: string; strategy?: { matrix?: { os?: string[] }; 'fail-fast'?: boolean } };
      expect(definition['runs-on'], job).toBe('${{ matrix.os }}');
      expect(definition.strategy?.matrix?.os, job).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
      expect(definition.strategy?.['fail-fast'], job).toBe(false);
    }
    expect((workflows['ci.yml'] as Workflow & { defaults?: { run?: { shell?: string } } }).defaults?.run?.shell).toBe('bash');
    // GNU-only tools would fail on macOS or Windows: the scripts hash and compare dates with node.
    expect(ciText).not.toMatch(/\bsha256sum\b|date -u -d|\breadlink -f\b/);
  });

  it('checks that the gateway check passed', () => {
    const provisioning = ownSteps.find(({ step }) => modeOf(step) === 'provision');
    expect(text('ci.yml')).toContain(`CHECK_STATUS: \${{ steps.${provisioning?.step.id}.outputs.check-status }}`);
    expect(text('ci.yml')).toMatch(/test "\$CHECK_STATUS" = passed/);
  });
});

describe('dependabot.yml', () => {
  const config = parse(readFileSync(join(root, '.github', 'dependabot.yml'), 'utf8')) as {
    version: number;
    updates: Array<{ 'package-ecosystem': string; directory: string; groups?: Record<string, unknown> }>;
  };

  it('updates npm and the GitHub Actions, each grouped', () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((update) => update['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
    for (const update of config.updates) expect(Object.keys(update.groups ?? {}).length, update['package-ecosystem']).toBeGreaterThan(0);
  });
});

// The README documents what action.yml declares, and its example workflows use real inputs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MODE_INPUTS, MODES, type Mode } from '../../src/inputs/modes.js';
import { actionPath, readmePath, withTables } from '../../scripts/readme-tables.js';

const readme = readFileSync(readmePath, 'utf8');
const actionYaml = readFileSync(actionPath, 'utf8');
const action = parse(actionYaml) as {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
};
const inputNames = Object.keys(action.inputs);
const outputNames = Object.keys(action.outputs);

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on'?: unknown;
  uses?: string;
  needs?: string | string[];
  outputs?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on?: unknown;
  jobs?: Record<string, Job>;
}

const yamlBlocks = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
const parsed = yamlBlocks.map((block): { workflow: Workflow; error?: string } => {
  try {
    return { workflow: parse(block) as Workflow };
  } catch (error) {
    return { workflow: {}, error: `${(error as Error).message}\n${block}` };
  }
});
const workflows = parsed.map((result) => result.workflow);
const isOurs = (step: Step) => /(^|\/)kong-identity-oidc-action(@|$)/.test(step.uses ?? '');
const ourSteps = workflows.flatMap((workflow) => Object.values(workflow.jobs ?? {}).flatMap((job) => (job.steps ?? []).filter(isOurs)));

describe('README', () => {
  it('has the inputs and outputs tables that action.yml generates (run `npm run docs`)', () => {
    expect(readme).toBe(withTables(readme, actionYaml));
  });

  it('has example workflows that parse as workflows: on, and jobs with runs-on and steps', () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(5);
    expect(parsed.flatMap((result) => result.error ?? [])).toEqual([]);
    for (const workflow of workflows) {
      expect(workflow.on).toBeDefined();
      expect(Object.keys(workflow.jobs ?? {}).length).toBeGreaterThan(0);
      for (const job of Object.values(workflow.jobs ?? {})) {
        expect(job['runs-on']).toBeDefined();
        expect(job.steps?.length).toBeGreaterThan(0);
      }
    }
  });

  it('uses the action in every mode, with inputs action.yml declares and the ones each mode requires', () => {
    const modes = new Set<Mode>();
    for (const step of ourSteps) {
      const given = Object.keys(step.with ?? {});
      expect(inputNames, `${step.uses}`).toEqual(expect.arrayContaining(given));
      const mode = String(step.with?.['mode'] ?? 'provision') as Mode;
      expect(MODES).toContain(mode);
      modes.add(mode);
      expect(given, `mode ${mode}`).toEqual(expect.arrayContaining([...MODE_INPUTS[mode].required]));
      const requiredEverywhere = inputNames.filter((name) => action.inputs[name]?.required === true);
      expect(given).toEqual(expect.arrayContaining(requiredEverywhere));
    }
    expect([...modes].sort()).toEqual([...MODES].sort());
  });

  it('reads only outputs that exist: steps.<id>.outputs of the action, needs.<job>.outputs of the job', () => {
    let references = 0;
    workflows.forEach((workflow, index) => {
      const text = yamlBlocks[index] ?? '';
      const jobs = workflow.jobs ?? {};
      const ourStepIds = new Set(Object.values(jobs).flatMap((job) => (job.steps ?? []).filter(isOurs).map((step) => step.id)));
      for (const [, id, output] of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        expect(ourStepIds.has(id), `step ${id}`).toBe(true);
        expect(outputNames).toContain(output);
        references += 1;
      }
      for (const [, job, output] of text.matchAll(/needs\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        expect(Object.keys(jobs[job ?? '']?.outputs ?? {}), `needs.${job}`).toContain(output);
        references += 1;
      }
    });
    expect(references).toBeGreaterThan(0);
  });

  it('pins the action in every example by commit SHA with the version in a comment, as Security recommends', () => {
    const usesLines = [...readme.matchAll(/^\s*(?:- )?uses: (kong-identity-oidc-action\/kong-identity-oidc-action@.*)$/gm)].map((match) => match[1]);
    expect(usesLines.length).toBe(ourSteps.length);
    expect(usesLines.filter((line) => !/@<sha-of-v(\d+\.\d+\.\d+)> # v\1$/.test(line ?? ''))).toEqual([]);
    expect(readme).toMatch(/Pin the action by commit SHA/);
  });

  it("keeps the quick start's client secret stable, and says what happens without one", () => {
    const [quickStart] = ourSteps;
    expect(quickStart?.with?.['client-secret']).toBe('${{ secrets.KONG_CLIENT_SECRET }}');
    expect(readme).toMatch(/Without\s+it, .* \*\*rotates\*\* it/s);
  });

  it('quotes troubleshooting messages the action really prints', () => {
    const section = /## Troubleshooting\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const quoted = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1] ?? '');
    expect(quoted.length).toBeGreaterThanOrEqual(10);
    const source = sourceFiles(resolve(actionPath, '../src'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    expect(quoted.filter((message) => !source.includes(message))).toEqual([]);
  });
});

describe('.env.example', () => {
  it('sets only inputs action.yml declares, and those mode provision requires', () => {
    const env = readFileSync(resolve(actionPath, '../.env.example'), 'utf8');
    const inputs = [...env.matchAll(/^INPUT_([A-Z0-9-]+)=/gm)].map((match) => (match[1] ?? '').toLowerCase());
    expect(inputNames).toEqual(expect.arrayContaining(inputs));
    expect(inputs).toEqual(expect.arrayContaining([...MODE_INPUTS.provision.required]));
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

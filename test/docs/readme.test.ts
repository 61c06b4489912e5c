// The README is a front page that stays true: at most 24 KiB, a table of contents in line with its
// headings, an inputs matrix in line with action.yml and the modes, and example workflows (there and
// in docs/) that are valid workflows using real inputs and outputs, pinned to the release. docs/ keeps
// the reference generated from action.yml, troubleshooting anchors the job summary can link to, and
// links that lead somewhere.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compareVersions, exampleFiles, pinExamples, pinsOf } from '../../scripts/pin-examples.js';
import { actionPath, readmePath, referencePath, withTables } from '../../scripts/readme-tables.js';
import { MODE_INPUTS, MODES, type Mode } from '../../src/inputs/modes.js';

const root = dirname(actionPath);
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');
const readme = readFileSync(readmePath, 'utf8');
const actionYaml = readFileSync(actionPath, 'utf8');
const action = parse(actionYaml) as {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
};
const inputNames = Object.keys(action.inputs);
const outputNames = Object.keys(action.outputs);
const pkg = JSON.parse(read('package.json')) as { version: string };

/**
 * Inputs of the v2 design contract that the README documents before action.yml declares them. Once
 * action.yml has one, every check below applies to it as to the others; then remove it from here.
 */

/** The anchors of docs/troubleshooting.md that the job summary's "What to do" may link to: keep them. */
const TROUBLESHOOTING_ANCHORS = [
  'invalid-input',
  'fork-pull-request',
  'konnect-token-refused',
  'missing-permission',
  'control-plane-not-found',
  'service-or-route-not-found',
  'plugin-trusts-another-issuer',
  'not-ours',
  'audience-in-use',
  'token-verification-failed',
  'gateway-open',
  'gateway-refuses-token',
  'proxy-unreachable',
  'scopes-not-proven',
  'run-timed-out',
  'network-errors',
  'rate-limited',
  'limit-reached',
  'api-url',
  'concurrent-runs',
  'post-step',
  'teardown-kept',
  'teardown-incomplete',
  'seal-key-refused',
  'unseal-failed',
  'token-mode-refused',
] as const;

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
interface Example {
  file: string;
  text: string;
  workflow: Workflow;
  error?: string;
}

/** Fenced blocks of a language, at any indentation (a block inside a list item is indented), dedented. */
function fencedBlocks(markdown: string, language: string): string[] {
  const fence = new RegExp(`^( *)\`\`\`${language}\\n([\\s\\S]*?)^\\1\`\`\`$`, 'gm');
  return [...markdown.matchAll(fence)].map(([, indent = '', body = '']) =>
    body
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join('\n'),
  );
}

/** The markdown without its fenced code blocks (whose `#` lines are not headings). */
const withoutCode = (markdown: string) => markdown.replace(/^( *)```[\s\S]*?^\1```$/gm, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a markdown file offers: its headings' and its explicit `<a id>`s. */
function anchorsOf(markdown: string): string[] {
  const text = withoutCode(markdown);
  const headings = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1] ?? ''));
  const explicit = [...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1] ?? '');
  return [...headings, ...explicit];
}

const markdownFiles = exampleFiles(root);
const examples: Example[] = markdownFiles.flatMap((file) =>
  fencedBlocks(read(file), 'yaml').map((text): Example => {
    try {
      return { file, text, workflow: parse(text) as Workflow };
    } catch (error) {
      return { file, text, workflow: {}, error: `${file}: ${(error as Error).message}\n${text}` };
    }
  }),
);
const isOurs = (step: Step) => /(^|\/)kong-identity-oidc-action(@|$)/.test(step.uses ?? '');
const ourSteps = (workflows: readonly Workflow[]) =>
  workflows.flatMap((workflow) => Object.values(workflow.jobs ?? {}).flatMap((job) => (job.steps ?? []).filter(isOurs)));

describe('README as a front page', () => {
  it('is at most 24 KiB, also once the release workflow has pinned the examples to a 40-character SHA', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(24 * 1024);
    expect(Buffer.byteLength(pinExamples(readme, pkg.version, 'f'.repeat(40)))).toBeLessThanOrEqual(24 * 1024);
  });

  it('has a table of contents that lists every heading after it, in order, with its anchor', () => {
    const contents = /^## Contents\n\n((?:[ ]*- .*\n)+)/m.exec(readme)?.[1] ?? '';
    const entries = [...contents.matchAll(/^( *)- \[(.+)\]\(#([^)]+)\)$/gm)].map(([, indent = '', title, anchor]) => ({
      level: indent.length === 0 ? 2 : 3,
      title,
      anchor,
    }));
    const after = withoutCode(readme.slice(readme.indexOf('## Contents') + '## Contents'.length));
    const headings = [...after.matchAll(/^(#{2,3}) (.+)$/gm)].map(([, hashes = '', title = '']) => ({
      level: hashes.length,
      title,
      anchor: slug(title),
    }));
    expect(headings.length).toBeGreaterThanOrEqual(10);
    expect(entries).toEqual(headings);
  });

  it('keeps the order the front page promises', () => {
    const order = [
      '## Prerequisites',
      '## Quick start',
      '## Common uses',
      '## What the action creates, changes and deletes',
      '## Teardown',
      '## Inputs',
      '## Outputs',
      '## Versioning',
      '## Limits and costs',
      '## Security',
      '## Supported Konnect and Gateway versions',
    ];
    const positions = order.map((heading) => readme.indexOf(`\n${heading}\n`));
    expect(positions.filter((position) => position < 0)).toEqual([]);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(readme.indexOf('![')).toBeLessThan(readme.indexOf('## Contents'));
    expect(readme).toMatch(/\]\(docs\/images\/job-summary\.png\)/);
  });

  it("keeps the quick start's client secret stable, and says what happens without one", () => {
    const [quickStart] = ourSteps(examples.filter((example) => example.file === 'README.md').map((example) => example.workflow));
    expect(quickStart?.with?.['client-secret']).toBe('${{ secrets.KONG_CLIENT_SECRET }}');
    expect(readme).toMatch(/Without it, .* \*\*rotates\*\* it/s);
  });

  it("names the least-privilege roles by Kong's names, and recommends spat_ tokens", () => {
    for (const role of ['Control Planes: `Viewer`', 'Control Planes: `Plugin Admin`', 'Control Planes: `Consumer Admin`', 'Auth Servers: `Admin`'])
      expect(readme).toContain(role);
    expect(readme).toMatch(/`spat_…`/);
    expect(readme).toMatch(/Secrets do not reach workflows from forks/);
  });
});

describe("README's inputs matrix", () => {
  const block = /<!-- matrix:start -->\n([\s\S]*?)\n<!-- matrix:end -->/.exec(readme)?.[1] ?? '';
  const header = block.split('\n')[0] ?? '';
  const rows = [...block.matchAll(/^\| `([\w-]+)` \|(.*)\|$/gm)].map(([, name = '', rest = '']) => {
    const cells = rest.split('|').map((cell) => cell.trim());
    return { name, defaultCell: cells[0] ?? '', modes: cells.slice(1, 1 + MODES.length), description: cells[1 + MODES.length] ?? '' };
  });
  const columns = header
    .split('|')
    .map((cell) => cell.trim())
    .filter(Boolean)
    .slice(2, 2 + MODES.length);

  it('has a column per mode and a row per input: every input of action.yml but mode, and the design inputs', () => {
    expect([...columns].sort()).toEqual([...MODES].sort());
    const names = rows.map((row) => row.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(inputNames.filter((name) => name !== 'mode')));
    expect(names.filter((name) => !inputNames.includes(name))).toEqual([]);
    expect(names).not.toContain('mode');
  });

  it("says R where a mode requires the input, – where it ignores it, ✓ where it uses it, as the modes' code does", () => {
    for (const row of rows.filter((entry) => inputNames.includes(entry.name))) {
      columns.forEach((mode, index) => {
        const { required, used } = MODE_INPUTS[mode as Mode];
        const expected = (required as readonly string[]).includes(row.name) ? '**R**' : (used as readonly string[]).includes(row.name) ? '✓' : '–';
        expect(row.modes[index], `${row.name} in mode ${mode}`).toBe(expected);
      });
    }
    for (const row of rows) {
      expect(
        row.modes.every((cell) => ['**R**', '✓', '–'].includes(cell)),
        row.name,
      ).toBe(true);
      expect(row.description, row.name).not.toBe('');
    }
  });

  it("gives each input action.yml's default", () => {
    for (const row of rows.filter((entry) => inputNames.includes(entry.name))) {
      const fallback = action.inputs[row.name]?.default;
      expect(row.defaultCell, row.name).toBe(fallback === undefined || fallback === '' ? '' : `\`${fallback}\``);
    }
  });
});

describe('the example workflows of the README and docs/', () => {
  it('parse, and validate against the GitHub workflow schema: on, and jobs with runs-on and steps', () => {
    expect(examples.filter((example) => example.file === 'README.md').length).toBeGreaterThanOrEqual(5);
    expect(examples.flatMap((example) => example.error ?? [])).toEqual([]);
    for (const { file, text, workflow } of examples) {
      expect(validateWorkflow(text).errors, `${file}:\n${text}`).toEqual([]);
      expect(workflow.on).toBeDefined();
      expect(Object.keys(workflow.jobs ?? {}).length).toBeGreaterThan(0);
      for (const job of Object.values(workflow.jobs ?? {})) {
        expect(job['runs-on']).toBeDefined();
        expect(job.steps?.length).toBeGreaterThan(0);
      }
    }
  });

  it('use the action with inputs action.yml declares and the ones each mode requires; the README in every mode', () => {
    const requiredEverywhere = inputNames.filter((name) => action.inputs[name]?.required === true);
    for (const { file, workflow } of examples) {
      for (const step of ourSteps([workflow])) {
        const given = Object.keys(step.with ?? {});
        expect(inputNames, `${file}: ${step.uses}`).toEqual(expect.arrayContaining(given));
        const mode = String(step.with?.['mode'] ?? 'provision') as Mode;
        expect(MODES).toContain(mode);
        expect(given, `${file}: mode ${mode}`).toEqual(expect.arrayContaining([...MODE_INPUTS[mode].required]));
        expect(given).toEqual(expect.arrayContaining(requiredEverywhere));
      }
    }
    const readmeModes = ourSteps(examples.filter((example) => example.file === 'README.md').map((example) => example.workflow)).map((step) =>
      String(step.with?.['mode'] ?? 'provision'),
    );
    expect([...new Set(readmeModes)].sort()).toEqual([...MODES].sort());
  });

  it('read only outputs that exist: steps.<id>.outputs of the action, needs.<job>.outputs of the job', () => {
    let references = 0;
    for (const { file, text, workflow } of examples) {
      const jobs = workflow.jobs ?? {};
      const ourStepIds = new Set(Object.values(jobs).flatMap((job) => (job.steps ?? []).filter(isOurs).map((step) => step.id)));
      for (const [, id, output] of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        expect(ourStepIds.has(id), `${file}: step ${id}`).toBe(true);
        expect(outputNames).toContain(output);
        references += 1;
      }
      for (const [, job, output] of text.matchAll(/needs\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        expect(Object.keys(jobs[job ?? '']?.outputs ?? {}), `${file}: needs.${job}`).toContain(output);
        references += 1;
      }
    }
    expect(references).toBeGreaterThan(0);
  });

  it('pin the action by commit SHA with the version in a comment: the release, and its tag where git knows it', () => {
    const usesLines = markdownFiles.flatMap((file) => [
      ...read(file).matchAll(/^\s*(?:- )?uses: (kong-identity-oidc-action\/kong-identity-oidc-action@.*)$/gm),
    ]);
    const steps = examples.flatMap((example) => ourSteps([example.workflow]));
    expect(usesLines.length).toBe(steps.length);
    const pins = markdownFiles.flatMap((file) => pinsOf(read(file)));
    expect(pins.length).toBe(steps.length);
    // One release everywhere: package.json's (before the release workflow pins its SHA, the ref is
    // a placeholder, as no commit can name its own SHA), or the one before it (until it does).
    const distinct = [...new Set(pins.map((pin) => `${pin.ref} # v${pin.version}`))];
    expect(distinct).toHaveLength(1);
    const [{ ref, version } = { ref: '', version: '' }] = pins;
    expect(compareVersions(version, pkg.version)).toBeLessThanOrEqual(0);
    if (version === pkg.version) expect(ref).toMatch(new RegExp(`^(<sha-of-v${version.replace(/\./g, '\\.')}>|[0-9a-f]{40})$`));
    else expect(ref).toMatch(/^[0-9a-f]{40}$/);
    // Where git knows the tag, the examples pin its commit; but not in the tagged commit itself (the
    // release workflow's tests run there), which cannot name its own SHA.
    const tagged = gitCommit(`refs/tags/v${version}^{commit}`);
    if (tagged !== undefined && tagged !== gitCommit('HEAD')) expect(ref, `the examples must pin v${version}'s commit`).toBe(tagged);
  });
});

describe('docs/', () => {
  it('has the inputs and outputs reference that action.yml generates (run `npm run docs`)', () => {
    const reference = readFileSync(referencePath, 'utf8');
    expect(reference).toBe(withTables(reference, actionYaml));
  });

  it('has the troubleshooting anchors the job summary links to, each once', () => {
    const text = read('docs/troubleshooting.md');
    for (const anchor of TROUBLESHOOTING_ANCHORS) expect(text.split(`<a id="${anchor}"></a>`).length - 1, anchor).toBe(1);
    const explicit = [...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1]);
    expect(explicit.sort()).toEqual([...TROUBLESHOOTING_ANCHORS].sort());
  });

  it('quotes in troubleshooting only messages the action really prints', () => {
    const quoted = [...read('docs/troubleshooting.md').matchAll(/^\*\*The log says:\*\* (.*)$/gm)].flatMap((match) =>
      [...(match[1] ?? '').matchAll(/`([^`]+)`/g)].map((quote) => quote[1] ?? ''),
    );
    expect(quoted.length).toBeGreaterThanOrEqual(20);
    const source = sourceFiles(resolve(root, 'src'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    expect(quoted.filter((message) => !source.includes(message))).toEqual([]);
  });

  it('links only to files that exist, and to anchors they have', () => {
    const broken: string[] = [];
    for (const file of [...markdownFiles, 'CONTRIBUTING.md', 'SECURITY.md', 'CHANGELOG.md']) {
      const text = withoutCode(read(file));
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
        const [path = '', anchor] = target.split('#');
        const resolved = path === '' ? resolve(root, file) : resolve(root, dirname(file), path);
        if (!existsSync(resolved)) {
          broken.push(`${file}: ${target}`);
          continue;
        }
        if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).includes(anchor)) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('.env.example', () => {
  it('sets only inputs action.yml declares, and those mode provision requires', () => {
    const env = read('.env.example');
    const inputs = [...env.matchAll(/^INPUT_([A-Z0-9-]+)=/gm)].map((match) => (match[1] ?? '').toLowerCase());
    expect(inputNames).toEqual(expect.arrayContaining(inputs));
    expect(inputs).toEqual(expect.arrayContaining([...MODE_INPUTS.provision.required]));
  });
});

/** The commit a revision names, when this clone knows it (a shallow CI checkout may not know a tag). */
function gitCommit(revision: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', revision], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

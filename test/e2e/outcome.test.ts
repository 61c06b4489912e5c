// What a user sees, through the bundled action: the job summary as GitHub renders it (GFM through
// `marked`, then the elements read from the HTML), the log's phase groups and `check-status`, on a
// success, a rerun, a failed lookup, a failed gateway check, invalid inputs and a dry run.
import { randomBytes } from 'node:crypto';
import { marked } from 'marked';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { howToInputs } from '../harness/how-to.js';
import { runAction, type ActionRun } from '../harness/run-action.js';
import { errorMessages } from './resilience-kit.js';

/** The phases of a run, in the pipeline's order, as their group titles begin. */
const PHASE_TITLES = ['Control plane', 'Kong Identity', 'openid-connect plugin', 'Client secret and access token', 'Gateway check'];

interface RenderedSummary {
  /** The first element's text: the outcome. */
  heading: string;
  /** Every paragraph's text. */
  paragraphs: string[];
  table: string[][];
  items: string[];
  text: string;
}

/** The summary as GitHub shows it: markdown (with its inline HTML) rendered, then read element by element. */
function render(summary: string): RenderedSummary {
  const html = marked.parse(summary, { async: false, gfm: true });
  const root = parse(html);
  const elements = root.childNodes.filter((node): node is HTMLElement => node.nodeType === 1);
  const rows = root.querySelectorAll('tr').map((row) => row.querySelectorAll('th, td').map((cell) => cell.text.replace(/\u00a0/g, '').trim()));
  return {
    heading: elements[0]?.tagName === 'H3' ? elements[0].text : `(first element is ${elements[0]?.tagName})`,
    paragraphs: root.querySelectorAll('p').map((p) => p.text),
    table: rows,
    items: root.querySelectorAll('li').map((li) => li.text),
    text: root.text,
  };
}

/** The log as groups: each title and its lines; lines outside any group are collected apart. */
function groupsOf(run: ActionRun): { titles: string[]; lines: Map<string, string[]>; outside: string[] } {
  const titles: string[] = [];
  const lines = new Map<string, string[]>();
  const outside: string[] = [];
  let current: string[] | undefined;
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('::group::')) {
      const title = line.slice('::group::'.length);
      titles.push(title);
      current = [];
      lines.set(title, current);
    } else if (line === '::endgroup::') {
      current = undefined;
    } else if (current) {
      current.push(line);
    } else if (line !== '') {
      outside.push(line);
    }
  }
  return { titles, lines, outside };
}

/** What may stand outside the groups: masks, and the step's one error. */
function expectEveryLineInAGroup(run: ActionRun): void {
  const { outside } = groupsOf(run);
  expect(outside.filter((line) => !line.startsWith('::add-mask::') && !line.startsWith('::error::'))).toEqual([]);
}

function expectNothingPrintedTwice(run: ActionRun): void {
  const { titles, lines } = groupsOf(run);
  const printed = [...titles, ...[...lines.values()].flat().filter((line) => !line.startsWith('::debug::'))];
  expect(printed.filter((line, index) => printed.indexOf(line) !== index)).toEqual([]);
}

function phaseNames(titles: readonly string[]): string[] {
  return titles.map((title) => title.slice(0, title.indexOf(':')));
}

const debug = { env: { RUNNER_DEBUG: '1' }, timeoutMs: 60_000 };

describe('a first run and a rerun', () => {
  let emulator: Emulator;
  let first: ActionRun;
  let rerun: ActionRun;
  let dryRun: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 300 });
    const inputs = howToInputs(emulator, { 'proxy-url': emulator.proxyUrl });
    first = await runAction(inputs, debug);
    // A second scope: the client's allow_scopes and the claim's include_in_scopes change.
    rerun = await runAction({ ...inputs, scopes: 'my-scope\nother-scope' }, debug);
    dryRun = await runAction({ ...inputs, scopes: 'my-scope\nother-scope\nthird-scope', 'dry-run': 'true' }, debug);
  });
  afterAll(async () => emulator?.stop());

  it('open the summary with a passed mark', () => {
    for (const run of [first, rerun]) {
      expect(run.exitCode).toBe(0);
      expect(run.summary.split('\n')[0]).toBe('<h3>✅ Kong Identity OIDC: passed</h3>');
      expect(render(run.summary).heading).toBe('✅ Kong Identity OIDC: passed');
      expect(run.outputs['check-status']).toBe('passed');
    }
  });

  it('log one group per phase, in the pipeline order, with the outcome in the title', () => {
    expect(phaseNames(groupsOf(first).titles)).toEqual(PHASE_TITLES);
    expect(phaseNames(groupsOf(rerun).titles)).toEqual(PHASE_TITLES);
    expect(groupsOf(first).titles).toEqual([
      'Control plane: found',
      'Kong Identity: 4 created',
      'openid-connect plugin: created',
      'Client secret and access token: secret created, token verified',
      'Gateway check: passed',
    ]);
    expect(groupsOf(rerun).titles).toEqual([
      'Control plane: found',
      'Kong Identity: 2 unchanged, 1 created, 2 updated',
      'openid-connect plugin: unchanged',
      'Client secret and access token: secret rotated, token verified',
      'Gateway check: passed',
    ]);
  });

  it('keep every line of a phase, debug lines included, inside its group, and print nothing twice', () => {
    for (const run of [first, rerun, dryRun]) {
      expectEveryLineInAGroup(run);
      expectNothingPrintedTwice(run);
    }
    // Each request's debug line sits in the group of the phase that sent it.
    const { lines } = groupsOf(first);
    const debugLines = (title: string) => (lines.get(title) ?? []).filter((line) => line.startsWith('::debug::'));
    expect(debugLines('Control plane: found')).toEqual([expect.stringMatching(/^::debug::GET \/v2\/control-planes\?/)]);
    expect(debugLines('openid-connect plugin: created').every((line) => line.includes('/core-entities/plugins'))).toBe(true);
    expect(debugLines('Kong Identity: 4 created').some((line) => line.startsWith('::debug::POST /v1/auth-servers '))).toBe(true);
    expect(debugLines('Client secret and access token: secret created, token verified').some((line) => line.includes('/oauth/token'))).toBe(true);
    expect(lines.get('Gateway check: passed')?.some((line) => line.includes('with and without the token'))).toBe(true);
  });

  it('show scope ids in changes as scope names, and leave out a column nothing fills', () => {
    const { table } = render(rerun.summary);
    const changes = Object.fromEntries(table.slice(1).map((row) => [`${row[0]} ${row[1]}`, row[4]]));
    expect(changes['client Client']).toBe('allow_scopes: ["my-scope"] -> ["my-scope","other-scope"]');
    expect(changes['claim test-claim']).toBe('include_in_scopes: ["my-scope"] -> ["my-scope","other-scope"]');
    // The first run changed nothing: no Changes column.
    expect(render(first.summary).table[0]).toEqual(['Resource', 'Name', 'Result', 'ID']);
  });

  it('a dry run sets the ids of what exists, says how long it took, and renders without escaped quotes', () => {
    expect(dryRun.exitCode).toBe(0);
    for (const output of ['control-plane-id', 'auth-server-id', 'issuer-url', 'client-id', 'plugin-id']) {
      expect(dryRun.outputs[output], output).toBe(rerun.outputs[output]);
    }
    expect(JSON.parse(dryRun.outputs['scope-ids'] ?? '{}')).toEqual(JSON.parse(rerun.outputs['scope-ids'] ?? ''));
    expect(dryRun.outputs['client-secret']).toBeUndefined();
    expect(dryRun.outputs['check-status']).toBe('skipped');
    const summary = render(dryRun.summary);
    expect(summary.heading).toBe('📝 Kong Identity OIDC: plan (dry run, nothing changed)');
    expect(summary.items).toContainEqual(expect.stringMatching(/^Dry run took \d+\.\d s$/));
    expect(summary.text).not.toContain('\\"');
    const changes = Object.fromEntries(summary.table.slice(1).map((row) => [`${row[0]} ${row[1]}`, row[4]]));
    expect(changes['client Client']).toBe('allow_scopes: ["my-scope","other-scope"] -> ["my-scope","other-scope","third-scope"]');
    expect(groupsOf(dryRun).titles).toEqual(['Plan (dry run, nothing changed): 1 found, 4 unchanged, 1 to create, 2 to update, 1 to rotate']);
  });
});

describe('a failed lookup', () => {
  let emulator: Emulator;
  let run: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator();
    run = await runAction(howToInputs(emulator, { 'control-plane-name': 'no-such-control-plane', 'proxy-url': emulator.proxyUrl }), debug);
  });
  afterAll(async () => emulator?.stop());

  it('opens the summary with a failed mark, then the error once with what to do', () => {
    expect(run.exitCode).toBe(1);
    const summary = render(run.summary);
    expect(run.summary.split('\n')[0]).toBe('<h3>❌ Kong Identity OIDC: failed</h3>');
    expect(summary.heading).toBe('❌ Kong Identity OIDC: failed');
    // The API is named, and so are the control planes that exist there (issue 23); then what changed: nothing.
    expect(summary.paragraphs).toEqual([
      `Could not find control plane "no-such-control-plane": No control plane is named "no-such-control-plane" in api-url ${emulator.apiUrl}. Control planes there include "quickstart".`,
      'What to do: Check control-plane-name (exact, case-sensitive) and region / api-url.',
      'Nothing was changed.',
    ]);
    expect(summary.text.split('No control plane is named')).toHaveLength(2);
  });

  it('lists the resource that failed, and what was not reached in one line; no empty ID column', () => {
    const summary = render(run.summary);
    const [header, ...rows] = summary.table;
    expect(header).toEqual(['Resource', 'Name', 'Result']);
    expect(rows.map((row) => row.join(' | '))).toEqual(['control plane | no-such-control-plane | failed']);
    expect(summary.items).toContain(
      'Not reached: auth server "Appointments Dev", scope "my-scope", claim "test-claim", client "Client", plugin "openid-connect (global)", client secret "Client"',
    );
  });

  it('sets check-status to skipped, and logs every phase in order', () => {
    expect(run.outputs['check-status']).toBe('skipped');
    expect(groupsOf(run).titles).toEqual([
      'Control plane: failed',
      expect.stringMatching(/^Kong Identity: (stopped|not reached)$/),
      'openid-connect plugin: not reached',
      'Client secret and access token: not reached',
      'Gateway check: not reached',
    ]);
    expectEveryLineInAGroup(run);
    expectNothingPrintedTwice(run);
    expect(errorMessages(run)).toHaveLength(1);
  });
});

describe('a failed gateway check', () => {
  let emulator: Emulator;
  let run: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    // A gateway that answers, but not through the plugin: no route matches the path.
    run = await runAction(howToInputs(emulator, { 'proxy-url': emulator.proxyUrl, 'check-path': '/no-such-route', 'check-timeout': '2' }), debug);
  });
  afterAll(async () => emulator?.stop());

  it('opens the summary with a failed mark, the error once and what to do', () => {
    expect(run.exitCode).toBe(1);
    const summary = render(run.summary);
    expect(summary.heading).toBe('❌ Kong Identity OIDC: failed');
    expect(summary.paragraphs[0]).toMatch(/^Gateway check failed: /);
    expect(summary.paragraphs[1]).toMatch(/^What to do: /);
    const [error] = errorMessages(run);
    const firstLine = error?.split('\n')[0] ?? '';
    expect(summary.text.split(firstLine)).toHaveLength(2);
    expect(summary.items).toContain('Gateway check: failed');
  });

  it('sets check-status to failed, with every resource done in the table', () => {
    expect(run.outputs['check-status']).toBe('failed');
    const rows = render(run.summary).table.slice(1);
    expect(rows.map((row) => row[2])).toEqual(['found', 'created', 'created', 'created', 'created', 'created', 'created']);
    expect(groupsOf(run).titles.at(-1)).toBe('Gateway check: failed');
    expectEveryLineInAGroup(run);
    expectNothingPrintedTwice(run);
  });
});

describe('invalid inputs', () => {
  let emulator: Emulator;
  let run: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator();
    // Two inputs wrong on their own, and two that conflict (check-timeout above the default timeout).
    run = await runAction(howToInputs(emulator, { audience: '', scopes: 'a b', 'proxy-url': emulator.proxyUrl, 'check-timeout': '700' }));
  });
  afterAll(async () => emulator?.stop());

  it('write a summary that lists every problem, the conflict included, and what to do', () => {
    expect(run.exitCode).toBe(1);
    const summary = render(run.summary);
    expect(summary.heading).toBe('❌ Kong Identity OIDC: failed (invalid inputs)');
    expect(summary.items).toEqual([
      expect.stringMatching(/^"audience" is required/),
      expect.stringMatching(/^"scopes": scope "a b" contains whitespace/),
      expect.stringMatching(/^"check-timeout" \(700 s\) must be shorter than "timeout" \(600 s\)/),
    ]);
    expect(summary.paragraphs).toEqual(['3 input problems; nothing was changed:', 'What to do: Fix the inputs listed above in the workflow step.']);
    expect(emulator.requests()).toEqual([]);
  });

  it('set check-status to skipped', () => {
    expect(run.outputs['check-status']).toBe('skipped');
  });
});

describe('a failed step in mode unseal', () => {
  it('opens the summary with a failed mark, the error once and what to do', async () => {
    const sealKey = randomBytes(32).toString('base64');
    const run = await runAction({ mode: 'unseal', 'sealed-access-token': 'not-a-sealed-token', 'seal-key': sealKey });
    expect(run.exitCode).toBe(1);
    const summary = render(run.summary);
    expect(summary.heading).toBe('❌ Kong Identity OIDC: failed');
    const [what, hint] = (errorMessages(run)[0] ?? '').split('\nWhat to do: ');
    expect(what).toMatch(/is not a token sealed by this action/);
    expect(summary.paragraphs).toEqual([what, `What to do: ${hint}`, 'Nothing was changed.']);
    expect(run.outputs).toEqual({}); // check-status belongs to mode provision
  });
});

describe('outside text in the summary', () => {
  it('never becomes an element, even across blank lines that would end the HTML block', async () => {
    const emulator = await startEmulator();
    try {
      const name = 'no-such\n\n[click](https://evil.example) <img src=x onerror=alert(1)>\n\n# heading';
      const run = await runAction(howToInputs(emulator, { 'control-plane-name': name }), { timeoutMs: 30_000 });
      expect(run.exitCode).toBe(1);
      const root = parse(marked.parse(run.summary, { async: false, gfm: true }));
      expect(root.querySelectorAll('a, img, script, h1').map((element) => element.outerHTML)).toEqual([]);
      expect(render(run.summary).table[1]?.[1]).toBe(name.replace(/\n/g, '\\n')); // shown as text, its line breaks as visible escapes
    } finally {
      await emulator.stop();
    }
  });
});

describe('a failed plugin target lookup', () => {
  it('shows on the plugin: its row and its phase failed, what waited for it not reached', async () => {
    const emulator = await startEmulator();
    try {
      const run = await runAction(howToInputs(emulator, { service: 'no-such-service' }), debug);
      expect(run.exitCode).toBe(1);
      const rows = Object.fromEntries(
        render(run.summary)
          .table.slice(1)
          .map((row) => [row[0], row[2]]),
      );
      expect(rows).toEqual({ 'control plane': 'found', plugin: 'failed' });
      expect(render(run.summary).items[0]).toMatch(/^Not reached: auth server "Appointments Dev", .*client secret "Client"$/);
      expect(groupsOf(run).titles).toEqual([
        'Control plane: found',
        'Kong Identity: not reached',
        'openid-connect plugin: failed',
        'Client secret and access token: not reached',
        'Gateway check: skipped (no proxy-url)',
      ]);
      expect(run.outputs['check-status']).toBe('skipped');
      expectEveryLineInAGroup(run);
    } finally {
      await emulator.stop();
    }
  });
});

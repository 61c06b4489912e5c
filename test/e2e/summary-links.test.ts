// The job summaries of issue 23, point 3, through the bundle: a first run, a rerun, a teardown that
// deletes everything and one that keeps the plugin, a failure at the first step (no such control
// plane) and one at the gateway check; rendered as GitHub renders them. Each id in the table links to
// Konnect's web app for the run's region, and is a plain <code> with any other api-url.
//
// Why this length: the links exist only when api-url is Konnect's own (https://<region>.api.konghq.com,
// no port; src/konnect/region.ts), so the action must really talk to that host. konnect-front.ts
// makes it do so on loopback: HTTPS_PROXY tunnels us.api.konghq.com:443 to a local TLS server (its
// certificate signed by a CA made for the test) in front of the emulator. The same sequence then
// runs against the emulator's own api-url, where no id may be a link.
import { marked } from 'marked';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { addControlPlane } from '../emulator/seed.js';
import type { EmulatorStateDump } from '../emulator/store.js';
import { howToInputs } from '../harness/how-to.js';
import { startKonnectFront, type KonnectFront } from '../harness/konnect-front.js';
import { errorAnnotations, runAction, type ActionRun } from '../harness/run-action.js';

const WEB_APP = 'https://cloud.konghq.com';
const CLIENT = 'Client';
const AUTH_SERVER = 'Appointments Dev';
const KINDS = ['control plane', 'auth server', 'scope', 'claim', 'client', 'plugin', 'client secret', 'consumer'];

interface Cell {
  text: string;
  /** The href of the cell's link, if it has one. */
  href?: string;
  /** The text of the cell's <code>, if it has one. */
  code?: string;
}

interface Rendered {
  heading: string;
  paragraphs: string[];
  header: string[];
  /** The table's rows, each a cell per header. */
  rows: Array<Record<string, Cell>>;
  items: string[];
  text: string;
  /** Every link in the summary. */
  links: string[];
}

/** The summary as GitHub shows it: markdown with its inline HTML rendered, then read element by element. */
function render(summary: string): Rendered {
  const root = parse(marked.parse(summary, { async: false, gfm: true }));
  const clean = (text: string) => text.replace(/\u00a0/g, '').trim();
  const [headerRow, ...bodyRows] = root.querySelectorAll('tr');
  const header = (headerRow?.querySelectorAll('th') ?? []).map((cell) => clean(cell.text));
  const rows = bodyRows.map((row) =>
    Object.fromEntries(
      row.querySelectorAll('td').map((cell, index): [string, Cell] => {
        const href = cell.querySelector('a')?.getAttribute('href');
        const code = cell.querySelector('code')?.text;
        return [header[index] ?? `#${index}`, { text: clean(cell.text), ...(href === undefined ? {} : { href }), ...(code === undefined ? {} : { code }) }];
      }),
    ),
  );
  return {
    heading: root.querySelector('h3')?.text ?? '',
    paragraphs: root.querySelectorAll('p').map((p) => p.text),
    header,
    rows,
    items: root.querySelectorAll('li').map((li) => li.text),
    text: root.text,
    links: root.querySelectorAll('a').map((a) => a.getAttribute('href') ?? ''),
  };
}

const results = (summary: Rendered) => summary.rows.map((row) => `${row['Resource']?.text} ${row['Name']?.text}: ${row['Result']?.text}`);

/** A run with the emulator's state before and after it: the ids a link must name come from there, not from the summary. */
interface Step {
  run: ActionRun;
  before: EmulatorStateDump;
  after: EmulatorStateDump;
}

/** The page each kind links to, from ids the test knows (Konnect's web-app paths: src/report/konnect-links.ts). */
function expectedLink(region: string, kind: string, id: string, step: Step): string {
  const quickstart = step.after.controlPlanes.find((cp) => cp.name === 'quickstart')?.id;
  const server = [step.after, step.before].flatMap((state) => state.authServers).find((candidate) => candidate.name === AUTH_SERVER)?.id;
  switch (kind) {
    case 'control plane':
      return `${WEB_APP}/${region}/gateway-manager/${id}`;
    case 'plugin':
      return `${WEB_APP}/${region}/gateway-manager/${quickstart}/plugins/openid-connect/${id}`;
    case 'consumer':
      return `${WEB_APP}/${region}/gateway-manager/${quickstart}/consumers/${id}`;
    case 'auth server':
      return `${WEB_APP}/${region}/identity/auth-servers/${id}`;
    default:
      // A scope, a claim, a client and a client secret have no page of their own: their auth server's lists them.
      return `${WEB_APP}/${region}/identity/auth-servers/${server}`;
  }
}

/**
 * With Konnect's API (`region` given): every id in the table is a link to its page, but for what a
 * teardown deleted (its page is gone), and the table's ids are the summary's only links. With another
 * api-url: ids are plain <code>, and nothing links.
 */
function expectIdsLinked(step: Step, region: string | undefined): void {
  const summary = render(step.run.summary);
  const withId = summary.rows.filter((row) => row['ID']?.code !== undefined);
  expect(withId.length).toBeGreaterThan(0);
  const linked = withId.filter((row) => row['Result']?.text !== 'deleted');
  for (const row of withId) {
    const kind = row['Resource']?.text ?? '';
    const id = row['ID']?.code ?? '';
    expect(KINDS).toContain(kind);
    expect(row['ID']?.text).toBe(id);
    const expected = region === undefined || row['Result']?.text === 'deleted' ? undefined : expectedLink(region, kind, id, step);
    expect(row['ID']?.href, `${kind} ${id}`).toBe(expected);
  }
  expect(summary.links).toEqual(region === undefined ? [] : linked.map((row) => row['ID']?.href));
}

/** The first run's ids, as the emulator holds them, by kind. */
function knownIds(step: Step): Record<string, string | undefined> {
  const state = step.after.authServers.length > 0 ? step.after : step.before;
  const server = state.authServers.find((candidate) => candidate.name === AUTH_SERVER);
  const client = server?.clients.find((candidate) => candidate.name === CLIENT);
  return {
    'control plane': state.controlPlanes.find((cp) => cp.name === 'quickstart')?.id,
    'auth server': server?.id,
    scope: server?.scopes[0]?.id,
    claim: server?.claims[0]?.id,
    client: client?.id,
    plugin: state.plugins.find((plugin) => plugin.name === 'openid-connect')?.id,
    consumer: state.consumers[0]?.id,
  };
}

interface Api {
  title: string;
  /** The inputs that name the API: api-url, or region. */
  inputs: (emulator: Emulator) => Record<string, string>;
  /** The region whose web app the ids link to; undefined when the API is not Konnect's. */
  region?: string;
  /** How the summary names the API. */
  apiName: (emulator: Emulator) => string;
  /** Starts what the child needs to reach the API, and returns its environment. */
  reach: (emulator: Emulator) => Promise<{ env: Record<string, string>; front?: KonnectFront }>;
}

const KONNECT_US: Api = {
  title: "Konnect's own API, https://us.api.konghq.com (tunnelled to the emulator on loopback)",
  inputs: () => ({ 'api-url': 'https://us.api.konghq.com' }),
  region: 'us',
  apiName: () => 'Konnect US (us.api.konghq.com)',
  reach: async (emulator) => {
    const front = await startKonnectFront(emulator, ['us.api.konghq.com']);
    return { env: front.env, front };
  },
};

const EMULATOR_API_URL: Api = {
  title: "an emulator's api-url",
  inputs: (emulator) => ({ 'api-url': emulator.apiUrl }),
  apiName: (emulator) => `api-url ${emulator.apiUrl}`,
  reach: async () => ({ env: {} }),
};

describe.each([KONNECT_US, EMULATOR_API_URL])('the job summary, with $title', (api) => {
  let emulator: Emulator;
  let front: KonnectFront | undefined;
  let first: Step;
  let rerun: Step;
  let teardownAll: Step;
  let gatewayFailure: Step;
  let teardownKeeping: Step;
  let firstStepFailure: Step;
  /** The first run's client secret, which the rerun must name as deleted. */
  let firstSecretIds: string[];

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const reached = await api.reach(emulator);
    front = reached.front;
    const inputs = { ...howToInputs(emulator, { 'proxy-url': emulator.proxyUrl, 'create-consumer': 'true' }), ...api.inputs(emulator) };
    const step = async (extra: Record<string, string>): Promise<Step> => {
      const before = emulator.store.dump();
      const run = await runAction({ ...inputs, ...extra }, { env: reached.env, timeoutMs: 60_000 });
      return { run, before, after: emulator.store.dump() };
    };
    first = await step({});
    firstSecretIds = first.after.authServers[0]?.clients[0]?.secrets.map((secret) => secret.id) ?? [];
    rerun = await step({});
    teardownAll = await step({ mode: 'teardown', 'leave-target-open': 'true' });
    // A gateway that answers, but not through the plugin: no route serves this path.
    gatewayFailure = await step({ 'check-path': '/no-such-route', 'check-timeout': '2' });
    teardownKeeping = await step({ mode: 'teardown' });
    // More control planes than a message names.
    for (const name of ['staging', 'production', 'pr-41', 'pr-42', 'sandbox']) addControlPlane(emulator.store, name, emulator.proxyUrl);
    firstStepFailure = await step({ 'control-plane-name': 'quickstrat' });
  }, 180_000);
  afterAll(async () => {
    await front?.stop();
    await emulator?.stop();
  });

  it.runIf(api.region !== undefined)('reaches the API only through the tunnel the test made', () => {
    if (front === undefined) throw new Error('no front');
    // Every https request of the six runs went through the proxy's tunnel to us.api.konghq.com, and nothing else did.
    expect(front.proxy.tunnels.length).toBeGreaterThanOrEqual(6);
    expect(new Set(front.proxy.tunnels)).toEqual(new Set(['us.api.konghq.com:443']));
    expect(front.proxy.forwarded).toEqual([]);
  });

  it('of a first run: every resource with its id, the API named, the expiry readable', () => {
    expect(first.run.exitCode, first.run.stdout).toBe(0);
    const summary = render(first.run.summary);
    expect(summary.heading).toBe('✅ Kong Identity OIDC: passed');
    expect(results(summary)).toEqual([
      'control plane quickstart: found',
      'auth server Appointments Dev: created',
      'scope my-scope: created',
      'claim test-claim: created',
      'client Client: created',
      'plugin openid-connect (global): created',
      'consumer Client: created',
      'client secret Client: created',
    ]);
    const ids = knownIds(first);
    for (const row of summary.rows) {
      const kind = row['Resource']?.text ?? '';
      // A new client's secret comes without an id from Konnect, so its row has none (src/resources/client-secret.ts).
      if (kind !== 'client secret') expect(row['ID']?.code, kind).toBe(ids[kind]);
    }
    expect(summary.items).toContain(`API: ${api.apiName(emulator)}`);
    expect(summary.items).toContainEqual(expect.stringMatching(/^Access token expires \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in [^)]+\)$/));
    expectIdsLinked(first, api.region);
  });

  it('of a rerun: the secret rotated, and which older secrets it deleted', () => {
    expect(rerun.run.exitCode, rerun.run.stdout).toBe(0);
    const summary = render(rerun.run.summary);
    expect(results(summary)).toContain('client secret Client: rotated');
    expect(firstSecretIds).toHaveLength(1);
    expect(summary.items).toContain(`Older client secrets deleted (the one handed out replaces them): ${firstSecretIds.join(', ')}`);
    // The rotated secret is the one the client keeps, and its row shows its id.
    const kept = rerun.after.authServers[0]?.clients[0]?.secrets.map((secret) => secret.id);
    const secretRow = summary.rows.find((row) => row['Resource']?.text === 'client secret');
    expect(kept).toEqual([secretRow?.['ID']?.code]);
    expect(kept).not.toContain(firstSecretIds[0]);
    expectIdsLinked(rerun, api.region);
  });

  it('of a teardown that deletes everything: no "Why" column', () => {
    expect(teardownAll.run.exitCode, teardownAll.run.stdout).toBe(0);
    const summary = render(teardownAll.run.summary);
    expect(summary.heading).toBe('✅ Kong Identity OIDC: teardown done');
    expect(summary.header).toEqual(['Resource', 'Name', 'Result', 'ID']);
    expect(summary.rows.map((row) => row['Result']?.text)).toEqual(summary.rows.map(() => 'deleted'));
    expect(summary.rows.map((row) => row['Resource']?.text).sort()).toEqual(['auth server', 'claim', 'client', 'consumer', 'plugin', 'scope']);
    expect(teardownAll.after.authServers).toEqual([]);
    expect(summary.items).toContain(`API: ${api.apiName(emulator)}`);
    expectIdsLinked(teardownAll, api.region);
  });

  it('of a failure at the gateway check: the error once, and what the run had created', () => {
    const { run } = gatewayFailure;
    expect(run.exitCode).toBe(1);
    expect(run.outputs['check-status']).toBe('failed');
    const summary = render(run.summary);
    expect(summary.heading).toBe('❌ Kong Identity OIDC: failed');
    const [error, ...others] = errorAnnotations(run);
    expect(others).toEqual([]);
    const [what, hint] = (error ?? '').split('\nWhat to do: ');
    expect(what).toMatch(/^Gateway check failed: /);
    expect(summary.paragraphs).toEqual([
      what,
      `What to do: ${hint}`,
      `Changed before the failure: created auth server "${AUTH_SERVER}", created scope "my-scope", created claim "test-claim", created client "${CLIENT}", created plugin "openid-connect (global)", created consumer "${CLIENT}", created client secret "${CLIENT}".`,
    ]);
    // Stated once: not again in the table or the list.
    expect(summary.text.split(what ?? '')).toHaveLength(2);
    expect(summary.items).toContain('Gateway check: failed');
    expect(summary.items.some((item) => item.startsWith('Not reached'))).toBe(false);
    expectIdsLinked(gatewayFailure, api.region);
  });

  it('of a teardown that keeps the plugin: why it is kept, and an empty cell for the rest', () => {
    expect(teardownKeeping.run.exitCode, teardownKeeping.run.stdout).toBe(0);
    const summary = render(teardownKeeping.run.summary);
    expect(summary.header).toEqual(['Resource', 'Name', 'Result', 'ID', 'Why']);
    const why = Object.fromEntries(summary.rows.map((row) => [`${row['Resource']?.text}: ${row['Result']?.text}`, row['Why']?.text]));
    expect(why).toEqual({
      'consumer: deleted': '',
      'client: deleted': '',
      'plugin: kept': `deleting it would leave every route of the control plane open without a token; it stays and refuses every token once auth server "${AUTH_SERVER}" is gone (leave-target-open: true deletes it)`,
      'claim: deleted': '',
      'scope: deleted': '',
      'auth server: deleted': '',
    });
    expectIdsLinked(teardownKeeping, api.region);
  });

  it('of a failure at the first step: the API and the control planes there named, nothing changed, the error once', () => {
    const { run } = firstStepFailure;
    expect(run.exitCode).toBe(1);
    expect(run.outputs['check-status']).toBe('skipped');
    const summary = render(run.summary);
    expect(summary.heading).toBe('❌ Kong Identity OIDC: failed');
    // A few of the control planes that exist (five of six), so the one meant is likely among them.
    const error = `No control plane is named "quickstrat" in ${api.apiName(emulator)}. Control planes there include "quickstart", "staging", "production", "pr-41", "pr-42".`;
    expect(summary.paragraphs).toEqual([
      `Could not find control plane "quickstrat": ${error}`,
      'What to do: Check control-plane-name (exact, case-sensitive) and region / api-url.',
      'Nothing was changed.',
    ]);
    expect(errorAnnotations(run)).toEqual([expect.stringContaining(error)]);
    expect(summary.text.split('No control plane is named')).toHaveLength(2);
    // The failed step is the one row; what the run did not reach is one line, not a row each.
    expect(summary.header).toEqual(['Resource', 'Name', 'Result']);
    expect(results(summary)).toEqual(['control plane quickstrat: failed']);
    const notReached = summary.items.filter((item) => item.startsWith('Not reached'));
    expect(notReached).toEqual([
      `Not reached: auth server "${AUTH_SERVER}", scope "my-scope", claim "test-claim", client "${CLIENT}", plugin "openid-connect (global)", consumer "${CLIENT}", client secret "${CLIENT}"`,
    ]);
    expect(summary.items).toContain('Gateway check: not reached');
    expect(summary.links).toEqual([]);
    expect(firstStepFailure.after).toEqual(firstStepFailure.before);
  });
});

describe('the job summary, with region: eu (no api-url)', () => {
  let emulator: Emulator;
  let front: KonnectFront;
  let step: Step;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    front = await startKonnectFront(emulator, ['eu.api.konghq.com']);
    const { 'api-url': _emulatorUrl, ...inputs } = howToInputs(emulator, { region: 'eu' });
    const before = emulator.store.dump();
    const run = await runAction(inputs, { env: front.env, timeoutMs: 60_000 });
    step = { run, before, after: emulator.store.dump() };
  }, 120_000);
  afterAll(async () => {
    await front?.stop();
    await emulator?.stop();
  });

  it("links every id to the EU region's pages and names the region", () => {
    expect(step.run.exitCode, step.run.stdout).toBe(0);
    expect(new Set(front.proxy.tunnels)).toEqual(new Set(['eu.api.konghq.com:443']));
    const summary = render(step.run.summary);
    expect(summary.items).toContain('API: Konnect EU (eu.api.konghq.com)');
    expectIdsLinked(step, 'eu');
    expect(summary.links.every((link) => link.startsWith(`${WEB_APP}/eu/`))).toBe(true);
  });

  it('is a real TLS peer: without the test CA, the action refuses its certificate', async () => {
    const { 'api-url': _emulatorUrl, ...inputs } = howToInputs(emulator, { region: 'eu', 'retry-max-attempts': '1' });
    const run = await runAction(inputs, { env: { HTTPS_PROXY: front.env['HTTPS_PROXY'] ?? '' }, timeoutMs: 60_000 });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotations(run)).toEqual([expect.stringMatching(/GET \/v2\/control-planes\S* failed: UNABLE_TO_VERIFY_LEAF_SIGNATURE/)]);
  });
});

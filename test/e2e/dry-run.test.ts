// Plan mode: `dry-run: true` run as the runner runs it. Only GET requests reach the emulator, nothing
// changes, and the plan (create, update with field-level differences, unchanged) is in the log and
// the job summary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { EmulatorStateDump } from '../emulator/store.js';
import { clientFor } from '../emulator/testing.js';
import { runAction, type ActionRun } from '../harness/run-action.js';
import { describeRequests, expectSuccess, convergenceInputs } from './convergence-kit.js';

const PLAN_LINE = /^\s+(create|update|unchanged|found|rotate|verify|install)\s+(control plane|auth server|scope|claim|client secret|client|plugin) "([^"]*)"/;

/** The plan as the log shows it: `kind "name"` to its action and its change lines. */
function planFromLog(stdout: string): Record<string, { action: string; changes: string[] }> {
  const plan: Record<string, { action: string; changes: string[] }> = {};
  let current: { action: string; changes: string[] } | undefined;
  for (const line of stdout.split('\n')) {
    const match = PLAN_LINE.exec(line);
    if (match) {
      current = { action: match[1] ?? '', changes: [] };
      plan[`${match[2]} "${match[3]}"`] = current;
    } else if (current && /^\s{8,}\S/.test(line)) {
      current.changes.push(line.trim());
    } else {
      current = undefined;
    }
  }
  return plan;
}

/** The summary's table rows as [resource, name, plan] cells. */
function summaryRows(summary: string): string[][] {
  return [...summary.matchAll(/<tr>(.*?)<\/tr>/gs)].map((row) => [...(row[1] ?? '').matchAll(/<td>(.*?)<\/td>/gs)].map((cell) => cell[1] ?? '').slice(0, 3));
}

function expectOnlyReads(emulator: Emulator, before: EmulatorStateDump): void {
  const log = emulator.requests();
  expect(log.length).toBeGreaterThan(0);
  expect(describeRequests(log.filter((entry) => entry.method !== 'GET'))).toBe('');
  expect(emulator.store.dump()).toEqual(before);
}

describe('dry-run on an empty org', () => {
  let emulator: Emulator;
  let before: EmulatorStateDump;
  let run: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    before = emulator.store.dump();
    run = await runAction(convergenceInputs(emulator, { 'dry-run': 'true', 'proxy-url': emulator.proxyUrl }), { timeoutMs: 60_000 });
  });
  afterAll(async () => emulator?.stop());

  it('exits 0 after GET requests only, and changes nothing', () => {
    expectSuccess(run);
    expectOnlyReads(emulator, before);
    expect(run.outputs['check-status']).toBe('skipped');
  });

  it('plans to create every resource, with the fields it would set', () => {
    const plan = planFromLog(run.stdout);
    expect(Object.fromEntries(Object.entries(plan).map(([key, item]) => [key, item.action]))).toEqual({
      'control plane "quickstart"': 'found',
      'auth server "Appointments Dev"': 'create',
      'scope "my-scope"': 'create',
      'scope "other-scope"': 'create',
      'claim "test-claim"': 'create',
      'claim "team"': 'create',
      'client "Client"': 'create',
      'client secret "Client"': 'create',
      'plugin "openid-connect (global)"': 'create',
    });
    expect(plan['auth server "Appointments Dev"']?.changes).toContain('audience: (unset) -> "http://myhttpbin.dev"');
    expect(plan['client "Client"']?.changes).toContain('access_token_duration: (unset) -> 3600');
    expect(plan['plugin "openid-connect (global)"']?.changes).toContain('config.audience_required: (unset) -> ["http://myhttpbin.dev"]');
  });

  it('puts the same plan in the job summary', () => {
    expect(run.summary).toMatch(/plan \(dry run, nothing changed\)/);
    const rows = summaryRows(run.summary);
    expect(rows).toContainEqual(['auth server', 'Appointments Dev', 'create']);
    expect(rows).toContainEqual(['client', 'Client', 'create']);
    expect(rows).toContainEqual(['plugin', 'openid-connect (global)', 'create']);
    expect(run.summary).toMatch(/audience: \(unset\) -&gt; &quot;http:\/\/myhttpbin\.dev&quot;/);
  });
});

describe('dry-run on a drifted org', () => {
  let emulator: Emulator;
  let before: EmulatorStateDump;
  let run: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const first = await runAction(convergenceInputs(emulator), { timeoutMs: 60_000 });
    expectSuccess(first);
    const api = clientFor(emulator);
    const server = first.outputs['auth-server-id'];
    const pluginPath = `/v2/control-planes/${first.outputs['control-plane-id']}/core-entities/plugins/${first.outputs['plugin-id']}`;
    const plugin = (await api.get(pluginPath)).body;
    const drift = await Promise.all([
      api.patch(`/v1/auth-servers/${server}`, { audience: 'http://drifted.example' }),
      api.patch(`/v1/auth-servers/${server}/clients/${first.outputs['client-id']}`, { access_token_duration: 60 }),
      api.put(pluginPath, { name: plugin.name, enabled: plugin.enabled, tags: plugin.tags, config: { ...plugin.config, auth_methods: ['bearer', 'session'] } }),
    ]);
    for (const reply of drift) expect(reply.status).toBe(200);
    before = emulator.store.dump();
    emulator.resetLog();
    run = await runAction(convergenceInputs(emulator, { 'dry-run': 'true' }), { timeoutMs: 60_000 });
  });
  afterAll(async () => emulator?.stop());

  it('exits 0 after GET requests only, and changes nothing', () => {
    expectSuccess(run);
    expectOnlyReads(emulator, before);
  });

  it('plans updates with field-level differences, and leaves the rest unchanged', () => {
    const plan = planFromLog(run.stdout);
    expect(plan['auth server "Appointments Dev"']).toEqual({ action: 'update', changes: ['audience: "http://drifted.example" -> "http://myhttpbin.dev"'] });
    expect(plan['client "Client"']).toEqual({ action: 'update', changes: ['access_token_duration: 60 -> 3600'] });
    expect(plan['plugin "openid-connect (global)"']).toEqual({ action: 'update', changes: ['config.auth_methods: ["bearer","session"] -> ["bearer"]'] });
    for (const key of ['scope "my-scope"', 'scope "other-scope"', 'claim "test-claim"', 'claim "team"']) {
      expect(plan[key], key).toEqual({ action: 'unchanged', changes: [] });
    }
    expect(plan['client secret "Client"']?.action).toBe('rotate');
  });

  it('puts the same plan in the job summary', () => {
    const rows = summaryRows(run.summary);
    expect(rows).toContainEqual(['auth server', 'Appointments Dev', 'update']);
    expect(rows).toContainEqual(['client', 'Client', 'update']);
    expect(rows).toContainEqual(['scope', 'my-scope', 'unchanged']);
    expect(rows).toContainEqual(['plugin', 'openid-connect (global)', 'update']);
    expect(run.summary).toMatch(/audience: &quot;http:\/\/drifted\.example&quot; -&gt; &quot;http:\/\/myhttpbin\.dev&quot;/);
    expect(run.summary).toMatch(/access_token_duration: 60 -&gt; 3600/);
  });
});

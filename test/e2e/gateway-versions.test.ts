// The bundled action on Kong Gateway 3.13 and 3.15 control planes (the emulator's `gatewayVersion`):
// Konnect stores the consumer mapping as `consumer_claim` on 3.13 and as `consumer_claims` on 3.14+,
// where `consumer_claim` is a write-only shorthand and disagreeing forms are refused. For each
// version: a first run succeeds, a rerun makes no plugin write, a changed consumer-claim is one PUT,
// fields set by someone else survive, and a Consumer-mapped token passes the gateway check.
import { describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type RequestLogEntry } from '../emulator/index.js';
import { clientFor, quickstart, type Json } from '../emulator/testing.js';
import type { GatewayVersion } from '../emulator/v2/openid-connect.js';
import { isMutation } from '../harness/request-log.js';
import { runAction, type ActionRun } from '../harness/run-action.js';
import { convergenceInputs, describeRequests, expectSuccess } from './convergence-kit.js';

const PLUGIN_PATH = /\/core-entities\/(?:(?:services|routes)\/[^/]+\/)?plugins(\/|$)/;
const pluginWrites = (log: readonly RequestLogEntry[]) => log.filter((entry) => PLUGIN_PATH.test(entry.path) && isMutation(entry));

/** Fields of another tool's making: 3.15-only ones where the control plane knows them. */
const FOREIGN: Record<GatewayVersion, Record<string, unknown>> = {
  '3.15': {
    upstream_headers: [{ header: 'x-user', path: ['sub'] }],
    principals: { enabled: false, directory: 'default', error_on_miss: true },
    bearer_token_header_name: 'x-token',
    token_exchange: { subject_token_issuers: [{ issuer: 'https://other.example/auth' }] },
    scopes_required: ['my-scope'],
    cache_ttl: 600,
  },
  '3.13': {
    upstream_headers_claims: ['sub'],
    upstream_headers_names: ['x-user'],
    scopes_required: ['my-scope'],
    cache_ttl: 600,
  },
};

/** The stored consumer mapping in the form the version reads back. */
function storedMapping(version: GatewayVersion, claim: string | null): Record<string, unknown> {
  if (version === '3.13') return { consumer_claim: claim === null ? null : [claim] };
  return { consumer_claims: claim === null ? null : [[claim]] };
}

function thePlugin(emulator: Emulator): Json {
  const plugins = emulator.store.dump().plugins.filter((plugin) => plugin.name === 'openid-connect');
  expect(plugins).toHaveLength(1);
  return plugins[0];
}

interface Runs {
  emulator: Emulator;
  runs: { run: ActionRun; log: RequestLogEntry[] }[];
}

/** Runs the action once per input set on a fresh emulator of `version`, keeping each run's own request log. */
async function runInTurn(version: GatewayVersion, inputSets: Record<string, string>[], before?: (emulator: Emulator) => Promise<void>): Promise<Runs> {
  const emulator = await startEmulator({ propagationMs: 200, gatewayVersion: version });
  try {
    await before?.(emulator);
    const runs: Runs['runs'] = [];
    for (const extra of inputSets) {
      emulator.resetLog();
      const run = await runAction(convergenceInputs(emulator, extra), { timeoutMs: 60_000 });
      expectSuccess(run);
      runs.push({ run, log: emulator.requests() });
    }
    expect(emulator.violations()).toEqual([]);
    return { emulator, runs };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}

describe.each(['3.13', '3.15'] as const)('Kong Gateway %s', (version) => {
  it('without consumer-claim: the plugin maps no Consumer, and a rerun writes no plugin', async () => {
    const { emulator, runs } = await runInTurn(version, [{}, {}]);
    try {
      expect(pluginWrites(runs[0]?.log ?? [])).toHaveLength(1);
      expect(describeRequests(pluginWrites(runs[1]?.log ?? []))).toBe('');
      expect(thePlugin(emulator).config).toMatchObject(storedMapping(version, null));
    } finally {
      await emulator.stop();
    }
  });

  it('with consumer-claim: stored in the version’s form, and a rerun writes no plugin', async () => {
    const { emulator, runs } = await runInTurn(version, [{ 'consumer-claim': 'sub' }, { 'consumer-claim': 'sub' }]);
    try {
      expect(describeRequests(pluginWrites(runs[1]?.log ?? []))).toBe('');
      const { config } = thePlugin(emulator);
      expect(config).toMatchObject(storedMapping(version, 'sub'));
      expect(config).not.toHaveProperty(version === '3.13' ? 'consumer_claims' : 'consumer_claim');
      expect(runs[1]?.run.summary).not.toMatch(/openid-connect[^\n]*updated/);
    } finally {
      await emulator.stop();
    }
  });

  it('with consumer-claim changed between runs: one PUT applies it, and the next rerun writes nothing', async () => {
    const { emulator, runs } = await runInTurn(version, [{ 'consumer-claim': 'sub' }, { 'consumer-claim': 'client_id' }, { 'consumer-claim': 'client_id' }]);
    try {
      const change = pluginWrites(runs[1]?.log ?? []);
      expect(change.map((entry) => `${entry.method} ${entry.status}`)).toEqual(['PUT 200']);
      expect(thePlugin(emulator).config).toMatchObject(storedMapping(version, 'client_id'));
      expect(describeRequests(pluginWrites(runs[2]?.log ?? []))).toBe('');
    } finally {
      await emulator.stop();
    }
  });

  it('on a plugin someone else set up with other fields: one PUT repairs it, their fields survive, a rerun writes nothing', async () => {
    let original: Json;
    // Its issuer is an external identity provider's: taking it over needs replace-plugin-issuer (issue 20).
    const takeOver = { 'consumer-claim': 'sub', 'replace-plugin-issuer': 'true' };
    const { emulator, runs } = await runInTurn(version, [takeOver, takeOver], async (emulator) => {
      const api = clientFor(emulator);
      const config = {
        issuer: 'https://old.example/auth',
        ...FOREIGN[version],
        ...(version === '3.13' ? { consumer_claim: ['email'] } : { consumer_claims: [['email']] }),
      };
      const created = await api.post(`${quickstart(emulator).core}/plugins`, { name: 'openid-connect', config, tags: ['team-a'] });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      original = created.body;
    });
    try {
      expect(pluginWrites(runs[0]?.log ?? []).map((entry) => `${entry.method} ${entry.status}`)).toEqual(['PUT 200']);
      const plugin = thePlugin(emulator);
      expect(plugin.id).toBe(original.id);
      expect(plugin.tags).toEqual(['team-a', 'kong-identity-oidc-action']);
      expect(plugin.config).toMatchObject(storedMapping(version, 'sub'));
      const owned = new Set(['issuer', 'auth_methods', 'audience', 'audience_required', 'consumer_claim', 'consumer_claims']);
      const others = (config: Record<string, unknown>) => Object.fromEntries(Object.entries(config).filter(([key]) => !owned.has(key)));
      expect(others(plugin.config)).toEqual(others(original.config));
      expect(plugin.config).toMatchObject(FOREIGN[version]);
      expect(describeRequests(pluginWrites(runs[1]?.log ?? []))).toBe('');
    } finally {
      await emulator.stop();
    }
  });

  it('with consumer-claim: client_id and a Consumer whose custom_id is the client id: the gateway check passes and the upstream sees the Consumer', async () => {
    const { emulator, runs } = await runInTurn(version, [{ 'consumer-claim': 'client_id' }]);
    try {
      const clientId = runs[0]?.run.outputs['client-id'] ?? '';
      const consumer = await clientFor(emulator).post(`${quickstart(emulator).core}/consumers`, { username: 'ci-pipeline', custom_id: clientId });
      expect(consumer.status).toBe(201);
      const checked = await runAction(convergenceInputs(emulator, { 'consumer-claim': 'client_id', 'proxy-url': emulator.proxyUrl, 'check-timeout': '10' }), {
        timeoutMs: 60_000,
      });
      expectSuccess(checked);
      expect(checked.outputs['check-status']).toBe('passed');
      const response = await fetch(`${emulator.proxyUrl}/anything`, { headers: { authorization: `Bearer ${checked.outputs['access-token'] ?? ''}` } });
      expect(response.status).toBe(200);
      const echoed = (await response.json()) as { headers: Record<string, string> };
      expect(echoed.headers).toMatchObject({ 'X-Consumer-Id': consumer.body.id, 'X-Consumer-Username': 'ci-pipeline', 'X-Consumer-Custom-Id': clientId });
      expect(emulator.violations()).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { parseConfig, type InputName } from '../../src/inputs/config.js';
import { planTeardown, type TeardownState } from '../../src/engine/destroy.js';

const INPUTS: Partial<Record<InputName, string>> = {
  'konnect-token': 'kpat_0123456789abcdef',
  'control-plane-name': 'quickstart',
  'auth-server-name': 'Appointments Dev',
  scopes: 'my-scope',
  'client-name': 'pr-41',
};
const config = (extra: Partial<Record<InputName, string>> = {}) => parseConfig((name) => ({ ...INPUTS, ...extra })[name] ?? '', 'teardown');

const ISSUER = 'https://abc.us.identity.konghq.com/auth';
const MARK = { 'managed-by': 'kong-identity-oidc-action' };
const server = { id: 'as-1', name: 'Appointments Dev', description: '', audience: 'a', issuer: ISSUER, labels: MARK };
const client: NonNullable<TeardownState['client']> = {
  id: 'cl-1',
  name: 'pr-41',
  labels: MARK,
  grant_types: ['client_credentials'],
  response_types: ['token'],
  allow_all_scopes: false,
  allow_scopes: ['sc-1'],
  access_token_duration: 3600,
  id_token_duration: 3600,
};
const plugin = { id: 'pl-1', name: 'openid-connect', config: { issuer: `${ISSUER}/` }, tags: ['kong-identity-oidc-action'] };
const state = (over: Partial<TeardownState> = {}): TeardownState => ({
  controlPlaneId: 'cp-1',
  authServers: [server],
  server,
  client,
  counts: { clients: 1, scopes: 1, claims: 0 },
  scopes: [{ id: 'sc-1', name: 'my-scope', description: '', default: false, include_in_metadata: false, enabled: true }],
  claims: [],
  target: { label: 'global' },
  plugin,
  ...over,
});
const outcomes = (items: ReturnType<typeof planTeardown>) => items.map((item) => `${item.outcome} ${item.kind}${item.reason ? `: ${item.reason}` : ''}`);

describe('planTeardown', () => {
  it('deletes everything, in reverse order of provisioning, when this client is the last one', () => {
    expect(outcomes(planTeardown(config(), state()))).toEqual(['delete client', 'delete scope', 'delete plugin', 'delete auth server']);
  });

  it('keeps an auth server that holds scopes or claims the inputs do not name, unless force', () => {
    const crowded = state({ counts: { clients: 1, scopes: 3, claims: 1 } });
    expect(outcomes(planTeardown(config(), crowded)).at(-1)).toBe(
      'keep auth server: it still has 3 scopes or claims the inputs do not name (force: true deletes them with it)',
    );
    expect(outcomes(planTeardown(config({ force: 'true' }), crowded)).at(-1)).toBe('delete auth server');
  });

  it('keeps a Consumer that maps another client, even with force', () => {
    const consumer = { id: 'co-1', username: 'pr-41', custom_id: 'someone-else', tags: ['kong-identity-oidc-action'] };
    const [first] = planTeardown(config({ 'create-consumer': 'true', force: 'true' }), state({ consumer }));
    expect(first).toMatchObject({ kind: 'consumer', outcome: 'keep', reason: 'it maps another client (custom_id someone-else), not client "pr-41"' });
  });

  it("keeps a plugin when the auth server is already gone: nothing proves it was this one's", () => {
    const { server: _gone, ...rest } = state({ authServers: [] });
    const plan = outcomes(planTeardown(config(), { ...rest, counts: { clients: 0, scopes: 0, claims: 0 }, scopes: [] }));
    expect(plan).toContain('keep plugin: it trusts an issuer of no existing auth server, not auth server "Appointments Dev"');
    expect(plan).toContain('absent auth server');
  });
});

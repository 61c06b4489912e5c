import { describe, expect, it } from 'vitest';
import type { AuthServer, Claim, Client, Scope } from '../../src/konnect/identity.js';
import { planAuthServer } from '../../src/resources/auth-server.js';
import { desiredClaim, pickCanonicalClaim, planClaim } from '../../src/resources/claims.js';
import { desiredClient, planClient } from '../../src/resources/client.js';
import { formatChange, patchFrom, planFields } from '../../src/resources/diff.js';
import { planScope } from '../../src/resources/scopes.js';

describe('planFields', () => {
  it('plans a create with every desired field', () => {
    expect(planFields({ a: 1, b: 'x' }, undefined)).toEqual({
      action: 'create',
      changes: [
        { field: 'a', from: undefined, to: 1 },
        { field: 'b', from: undefined, to: 'x' },
      ],
    });
  });

  it('is unchanged when every desired field matches, whatever else the resource has', () => {
    expect(planFields({ a: [1, 2], o: { x: 1, y: 2 } }, { a: [1, 2], o: { y: 2, x: 1 }, extra: true })).toEqual({ action: 'unchanged', changes: [] });
  });

  it('lists only the drifted fields', () => {
    const plan = planFields({ a: 1, b: 2 }, { a: 1, b: 3 });
    expect(plan).toEqual({ action: 'update', changes: [{ field: 'b', from: 3, to: 2 }] });
    expect(patchFrom(plan)).toEqual({ b: 2 });
    expect(plan.changes.map(formatChange)).toEqual(['b: 3 -> 2']);
  });

  it('ignores order only for set-like fields', () => {
    expect(planFields({ ids: ['a', 'b'] }, { ids: ['b', 'a'] }, ['ids']).action).toBe('unchanged');
    expect(planFields({ ids: ['a', 'b'] }, { ids: ['b', 'a'] }).action).toBe('update');
    expect(planFields({ ids: ['a', 'b'] }, { ids: ['a'] }, ['ids']).action).toBe('update');
  });

  it('treats a missing field as drift', () => {
    expect(planFields({ a: false }, {}).changes).toEqual([{ field: 'a', from: undefined, to: false }]);
  });
});

const server: AuthServer = {
  id: 'as-1',
  name: 'Dev',
  description: 'old',
  audience: 'http://myhttpbin.dev',
  issuer: 'https://abc.us.identity.konghq.com/auth',
};

describe('planAuthServer', () => {
  it('leaves the description alone when the input is not given', () => {
    expect(planAuthServer({ name: 'Dev', audience: 'http://myhttpbin.dev' }, server).action).toBe('unchanged');
  });

  it('updates audience and a given description', () => {
    expect(planAuthServer({ name: 'Dev', audience: 'api://x', description: 'new' }, server).changes).toEqual([
      { field: 'audience', from: 'http://myhttpbin.dev', to: 'api://x' },
      { field: 'description', from: 'old', to: 'new' },
    ]);
  });

  it('creates with name and audience (labels are not planned fields)', () => {
    const plan = planAuthServer({ name: 'Dev', audience: 'a', labels: { 'managed-by': 'x' } }, undefined);
    expect(plan.action).toBe('create');
    expect(plan.changes.map((c) => c.field)).toEqual(['audience']);
  });
});

describe('planScope', () => {
  const scope: Scope = { id: 's1', name: 'read', description: 'anything', default: false, include_in_metadata: false, enabled: true };

  it('owns the flags, not the description', () => {
    expect(planScope('read', scope).action).toBe('unchanged');
    expect(planScope('read', { ...scope, enabled: false, default: true }).changes).toEqual([
      { field: 'default', from: true, to: false },
      { field: 'enabled', from: false, to: true },
    ]);
  });

  it('creates as the how-to does', () => {
    const fields = Object.fromEntries(planScope('read', undefined).changes.map((c) => [c.field, c.to]));
    expect(fields).toMatchObject({ name: 'read', default: false, include_in_metadata: false, enabled: true });
  });
});

describe('planClaim', () => {
  const existing: Claim = {
    id: 'c1',
    name: 'team',
    value: 'payments',
    include_in_token: true,
    include_in_all_scopes: false,
    include_in_scopes: ['s2', 's1'],
    enabled: true,
  };

  it('puts the claim in the token for any of the action scopes', () => {
    expect(desiredClaim({ name: 'team', value: 'payments' }, ['s1', 's2'])).toEqual({
      name: 'team',
      value: 'payments',
      include_in_token: true,
      include_in_all_scopes: false,
      include_in_scopes: ['s1', 's2'],
      enabled: true,
    });
  });

  it('is unchanged when only the scope order differs', () => {
    expect(planClaim(desiredClaim({ name: 'team', value: 'payments' }, ['s1', 's2']), existing).action).toBe('unchanged');
  });

  it('updates the value and the scopes', () => {
    expect(planClaim(desiredClaim({ name: 'team', value: 'billing' }, ['s1']), existing).changes.map((c) => c.field)).toEqual(['value', 'include_in_scopes']);
  });

  it('picks the same claim among duplicates in every run: the oldest, then the smallest id', () => {
    const a = { ...existing, id: 'b', created_at: '2026-01-01T00:00:01Z' };
    const b = { ...existing, id: 'a', created_at: '2026-01-01T00:00:01Z' };
    const c = { ...existing, id: 'c', created_at: '2026-01-01T00:00:00Z' };
    expect(pickCanonicalClaim([a, b, c])?.id).toBe('c');
    expect(pickCanonicalClaim([a, b])?.id).toBe('a');
    expect(pickCanonicalClaim([])).toBeUndefined();
  });
});

describe('planClient', () => {
  const desired = desiredClient('ci', ['s1', 's2'], 3600);
  const existing: Client = {
    id: 'k1',
    name: 'ci',
    grant_types: ['client_credentials'],
    response_types: ['token'],
    allow_all_scopes: false,
    allow_scopes: ['s2', 's1'],
    access_token_duration: 3600,
    id_token_duration: 3600,
    token_endpoint_auth_method: 'client_secret_post',
  };

  it('asks for client credentials with the action scopes only', () => {
    expect(desired).toMatchObject({ grant_types: ['client_credentials'], response_types: ['token'], allow_all_scopes: false, allow_scopes: ['s1', 's2'] });
  });

  it('is unchanged when only the order of the scopes differs', () => {
    expect(planClient(desired, existing).action).toBe('unchanged');
  });

  it('repairs allowed scopes, durations and the auth method', () => {
    const drifted: Client = { ...existing, allow_all_scopes: true, allow_scopes: [], access_token_duration: 300, token_endpoint_auth_method: 'none' };
    expect(planClient(desired, drifted).changes.map((c) => c.field)).toEqual([
      'allow_all_scopes',
      'allow_scopes',
      'access_token_duration',
      'token_endpoint_auth_method',
    ]);
  });
});

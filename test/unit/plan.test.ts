import { describe, expect, it } from 'vitest';
import type { AuthServer, Claim, Client, Scope } from '../../src/konnect/identity.js';
import { planAuthServer } from '../../src/resources/auth-server.js';
import { desiredClaim, pickCanonicalClaim, planClaim } from '../../src/resources/claims.js';
import { desiredClient, planClient } from '../../src/resources/client.js';
import { consumerId, consumerUsername, desiredConsumer, planConsumer } from '../../src/resources/consumer.js';
import { formatChange, patchFrom, planFields } from '../../src/resources/diff.js';
import { createdTag, type RunOrigin } from '../../src/resources/ownership.js';
import { planScope } from '../../src/resources/scopes.js';

const origin: RunOrigin = { repository: 'acme/payments', workflow: 'deploy' };

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
    expect(planAuthServer({ audience: 'http://myhttpbin.dev' }, server).action).toBe('unchanged');
  });

  it('updates audience and a given description', () => {
    expect(planAuthServer({ audience: 'api://x', description: 'new' }, server).changes).toEqual([
      { field: 'audience', from: 'http://myhttpbin.dev', to: 'api://x' },
      { field: 'description', from: 'old', to: 'new' },
    ]);
  });

  it('creates with the audience (the name and the creation labels are not planned fields)', () => {
    const plan = planAuthServer({ audience: 'a' }, undefined);
    expect(plan.action).toBe('create');
    expect(plan.changes.map((c) => c.field)).toEqual(['audience']);
  });
});

describe('planScope', () => {
  const ours: Scope = {
    id: 's1',
    name: 'read',
    description: 'Created by kong-identity-oidc-action for acme/payments',
    default: false,
    include_in_metadata: false,
    enabled: true,
  };

  it('owns the flags of a scope that is ours, not the description', () => {
    expect(planScope('read', ours, origin, false).action).toBe('unchanged');
    expect(planScope('read', { ...ours, enabled: false, default: true }, origin, false).changes).toEqual([
      { field: 'default', from: true, to: false },
      { field: 'enabled', from: false, to: true },
    ]);
  });

  // Issue 20: a scope found that is not ours serves other users: only `enabled` is converged.
  it('only enables a scope that is not ours, leaving its default and metadata flags to its other users', () => {
    const handMade = { ...ours, description: 'anything', enabled: false, default: true, include_in_metadata: true };
    expect(planScope('read', handMade, origin, true).changes).toEqual([{ field: 'enabled', from: false, to: true }]);
    const otherRepository = { ...handMade, description: 'Created by kong-identity-oidc-action for acme/billing' };
    expect(planScope('read', otherRepository, origin, true).changes).toEqual([{ field: 'enabled', from: false, to: true }]);
  });

  it("takes v1's description as ours only on an auth server that is ours", () => {
    const v1 = { ...ours, description: 'Managed by kong-identity-oidc-action', default: true };
    expect(planScope('read', v1, origin, true).changes.map((c) => c.field)).toEqual(['default']);
    expect(planScope('read', v1, origin, false).action).toBe('unchanged');
  });

  it('creates as the how-to does, with the mark of the repository in the description', () => {
    const fields = Object.fromEntries(planScope('read', undefined, origin, false).changes.map((c) => [c.field, c.to]));
    expect(fields).toEqual({
      name: 'read',
      description: 'Created by kong-identity-oidc-action for acme/payments',
      default: false,
      include_in_metadata: false,
      enabled: true,
    });
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
    expect(desiredClaim({ name: 'team', value: 'payments' }, ['s1', 's2'], undefined)).toEqual({
      name: 'team',
      value: 'payments',
      include_in_token: true,
      include_in_all_scopes: false,
      include_in_scopes: ['s1', 's2'],
      enabled: true,
    });
  });

  it('is unchanged when only the scope order differs', () => {
    const team = { name: 'team', value: 'payments' };
    expect(planClaim(desiredClaim(team, ['s1', 's2'], existing), existing).action).toBe('unchanged');
  });

  // Issue 20: clients of one repository share a claim: its scopes become the union, none is taken away.
  it("adds the run's scope ids and keeps those of the other clients", () => {
    const desired = desiredClaim({ name: 'team', value: 'payments' }, ['s3'], existing);
    expect(desired.include_in_scopes).toEqual(['s2', 's1', 's3']);
    expect(planClaim(desired, existing).changes).toEqual([{ field: 'include_in_scopes', from: ['s2', 's1'], to: ['s2', 's1', 's3'] }]);
  });

  it('keeps include_in_all_scopes as found', () => {
    const everywhere = { ...existing, include_in_all_scopes: true };
    expect(desiredClaim({ name: 'team', value: 'payments' }, ['s1'], everywhere).include_in_all_scopes).toBe(true);
    expect(planClaim(desiredClaim({ name: 'team', value: 'payments' }, ['s1'], everywhere), everywhere).action).toBe('unchanged');
  });

  it('updates the value', () => {
    expect(planClaim(desiredClaim({ name: 'team', value: 'billing' }, ['s1'], existing), existing).changes).toEqual([
      { field: 'value', from: 'payments', to: 'billing' },
    ]);
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

describe('planConsumer', () => {
  const client = { id: 'k1', name: 'CI client/α' };
  const desired = desiredConsumer(client, origin);

  it('names the Consumer after its client, safe for Kong, and maps it by the client id', () => {
    expect(desired).toEqual({ username: 'CI-client-k1', custom_id: 'k1', tags: ['kong-identity-oidc-action', 'kio-created:acme:payments'] });
    expect(consumerUsername({ id: 'k1', name: '///' })).toBe('client-k1');
  });

  it('derives the same UUID for the same control plane and client, and another for another', () => {
    expect(consumerId('cp', 'k1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(consumerId('cp', 'k1')).toBe(consumerId('cp', 'k1'));
    expect(consumerId('cp', 'k2')).not.toBe(consumerId('cp', 'k1'));
    expect(consumerId('cp2', 'k1')).not.toBe(consumerId('cp', 'k1'));
  });

  it('creates with the creation tags', () => {
    const plan = planConsumer(desired, undefined, origin);
    expect(plan.action).toBe('create');
    expect(plan.changes.find((c) => c.field === 'tags')?.to).toEqual(['kong-identity-oidc-action', createdTag(origin)]);
  });

  it('converges username and custom_id of a Consumer that is ours, never its tags', () => {
    const ours = { id: 'u1', username: 'old', custom_id: 'k1', tags: [createdTag(origin), 'team'] };
    expect(planConsumer(desired, ours, origin).changes).toEqual([{ field: 'username', from: 'old', to: 'CI-client-k1' }]);
  });

  // Issue 20: a Consumer that maps our client but is not ours (made by hand) is used as it is.
  it('leaves a Consumer that is not ours as it is', () => {
    const handMade = { id: 'u1', username: 'someone', custom_id: 'k1', tags: ['kong-identity-oidc-action'] };
    expect(planConsumer(desired, handMade, origin)).toEqual({ action: 'unchanged', changes: [] });
  });
});

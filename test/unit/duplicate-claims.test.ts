// The duplicateClaimIds description (src/resources/claims.ts), its apply step run against a scripted
// identity API: copies of the claims a run manages, left by concurrent runs, are deleted (a copy another
// run deleted first counts as gone); same-named claims set up differently stay; a claim this run created
// is deleted when a concurrent run's copy is the canonical one. The end-to-end side (a rerun after a
// killed run) is test/e2e/duplicate-claims.test.ts.
import { describe, expect, it } from 'vitest';
import { KonnectApiError } from '../../src/konnect/errors.js';
import type { Claim, IdentityApi } from '../../src/konnect/identity.js';
import { duplicateClaimIds, type FoundClaims } from '../../src/resources/claims.js';
import type { RunContext } from '../../src/resources/description.js';
import type { Applied, Found } from '../../src/resources/registry.js';

const kept: Claim = {
  id: 'kept',
  name: 'team',
  value: 'payments',
  include_in_token: true,
  include_in_all_scopes: false,
  include_in_scopes: ['s1', 's2'],
  enabled: true,
  created_at: '2026-01-01T00:00:00Z',
};

/** The identity API the step calls: claims by name (as Konnect lists them) and their deletion. */
function fakeApi(options: { deleteClaim?: (id: string) => Promise<void>; claims?: Claim[] } = {}): { api: IdentityApi; deleted: string[] } {
  const deleted: string[] = [];
  const api = {
    findClaims: async (serverId: string, name: string) => {
      expect(serverId).toBe('server');
      return (options.claims ?? [kept]).filter((claim) => claim.name === name);
    },
    deleteClaim: async (serverId: string, id: string) => {
      expect(serverId).toBe('server');
      deleted.push(id);
      await options.deleteClaim?.(id);
    },
  } as unknown as IdentityApi;
  return { api, deleted };
}

/** Runs the step as the engine does: the claims found at lookup (with their duplicates), and the claims applied. */
function removeDuplicates(api: IdentityApi, duplicates: Claim[], applied: Array<{ resource: Claim; created: boolean }> = [{ resource: kept, created: false }]) {
  const ctx = { identity: api } as unknown as RunContext;
  const claims: FoundClaims = Object.assign(new Map([[kept.name, kept]]), { duplicates });
  const found = { claims } as unknown as Found;
  const done = {
    authServer: { plan: { action: 'unchanged', changes: [] }, resource: { id: 'server' }, created: false },
    claims: applied.map(({ resource, created }) => ({ plan: { action: created ? 'create' : 'unchanged', changes: [] }, resource, created })),
  } as unknown as Applied;
  return duplicateClaimIds.apply.run(ctx, found, done);
}

describe('duplicateClaimIds', () => {
  it('deletes the copies found at lookup that carry the same settings (scopes in any order), and no other claim', async () => {
    const { api, deleted } = fakeApi();
    const copy = { ...kept, id: 'copy', include_in_scopes: ['s2', 's1'], created_at: '2026-01-01T00:00:05Z' };
    const someoneElses = { ...kept, id: 'other', value: 'billing' };
    expect(await removeDuplicates(api, [copy, someoneElses])).toEqual(['copy']);
    expect(deleted).toEqual(['copy']);
  });

  it('deletes nothing when the lookup found no duplicate', async () => {
    const { api, deleted } = fakeApi();
    expect(await removeDuplicates(api, [])).toEqual([]);
    expect(deleted).toEqual([]);
  });

  it('a copy a concurrent run deleted first (404) is gone as wanted; other failures still fail', async () => {
    const copy = { ...kept, id: 'copy' };
    const gone = fakeApi({
      deleteClaim: async () => {
        throw new KonnectApiError('DELETE', '/claims/copy', 404, JSON.stringify({ status: 404, title: 'Not Found', detail: 'no claim' }));
      },
    });
    expect(await removeDuplicates(gone.api, [copy])).toEqual(['copy']);
    const refused = fakeApi({
      deleteClaim: async () => {
        throw new KonnectApiError('DELETE', '/claims/copy', 403, JSON.stringify({ status: 403, title: 'Forbidden', detail: 'no' }));
      },
    });
    await expect(removeDuplicates(refused.api, [copy])).rejects.toThrow(/delete duplicate claim "team".*403/);
  });

  it('deletes the claim this run created when a concurrent run created the canonical one (older), and keeps it otherwise', async () => {
    const ours = { ...kept, id: 'ours', created_at: '2026-01-01T00:00:05Z' };
    const older = { ...kept, id: 'theirs', created_at: '2026-01-01T00:00:01Z' };
    const lost = fakeApi({ claims: [ours, older] });
    expect(await removeDuplicates(lost.api, [], [{ resource: ours, created: true }])).toEqual(['ours']);
    expect(lost.deleted).toEqual(['ours']);

    const younger = { ...kept, id: 'theirs', created_at: '2026-01-01T00:00:09Z' };
    const won = fakeApi({ claims: [ours, younger] });
    expect(await removeDuplicates(won.api, [], [{ resource: ours, created: true }])).toEqual([]);
    expect(won.deleted).toEqual([]);
  });
});

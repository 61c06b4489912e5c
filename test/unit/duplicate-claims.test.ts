// removeDuplicateClaims: copies of the claims a run manages, left by concurrent runs, are deleted
// (a copy another run deleted first counts as gone); same-named claims set up differently stay.
import { describe, expect, it } from 'vitest';
import { KonnectApiError } from '../../src/konnect/errors.js';
import type { Claim, IdentityApi } from '../../src/konnect/identity.js';
import { removeDuplicateClaims } from '../../src/resources/claims.js';

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
const reconciled = [{ plan: { action: 'unchanged' as const, changes: [] }, resource: kept, created: false }];

function fakeApi(deleteClaim: (id: string) => Promise<void>): IdentityApi {
  return { deleteClaim: (_server: string, id: string) => deleteClaim(id), findClaims: async () => [kept] } as unknown as IdentityApi;
}

describe('removeDuplicateClaims', () => {
  it('deletes the copies found at lookup that carry the same settings (scopes in any order), and no other claim', async () => {
    const deleted: string[] = [];
    const api = fakeApi(async (id) => void deleted.push(id));
    const copy = { ...kept, id: 'copy', include_in_scopes: ['s2', 's1'], created_at: '2026-01-01T00:00:05Z' };
    const someoneElses = { ...kept, id: 'other', value: 'billing' };
    expect(await removeDuplicateClaims(api, 'server', reconciled, [copy, someoneElses])).toEqual(['copy']);
    expect(deleted).toEqual(['copy']);
  });

  it('a copy a concurrent run deleted first (404) is gone as wanted; other failures still fail', async () => {
    const copy = { ...kept, id: 'copy' };
    const gone = fakeApi(async () => {
      throw new KonnectApiError('DELETE', '/claims/copy', 404, JSON.stringify({ status: 404, title: 'Not Found', detail: 'no claim' }));
    });
    expect(await removeDuplicateClaims(gone, 'server', reconciled, [copy])).toEqual(['copy']);
    const refused = fakeApi(async () => {
      throw new KonnectApiError('DELETE', '/claims/copy', 403, JSON.stringify({ status: 403, title: 'Forbidden', detail: 'no' }));
    });
    await expect(removeDuplicateClaims(refused, 'server', reconciled, [copy])).rejects.toThrow();
  });
});

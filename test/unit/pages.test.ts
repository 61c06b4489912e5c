// Lists longer than a page are read whole, in both of Konnect's pagination styles, and no further
// than their last page. (Lists that never end are in test/e2e/hostile-peers.test.ts.)
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listCoreEntityPages, listPlatformPages } from '../../src/konnect/pages.js';
import { konnectClients } from '../harness/konnect-clients.js';
import { startHostileServer } from '../harness/hostile.js';

const konnect = konnectClients();
const clientFor = (baseUrl: string) => konnect.client({ baseUrl });

describe('a Kong Identity list (page[number])', () => {
  it('is followed to its last page: 130 claims in pages of 100 take two requests', async () => {
    const emulator = konnect.emulator();
    const stored = emulator.store.newAuthServer({ name: 'Paged', audience: 'http://paged.example' });
    const at = new Date().toISOString();
    for (let index = 0; index < 130; index += 1) {
      stored.claims.push({
        id: randomUUID(),
        name: `claim-${index}`,
        value: 'v',
        include_in_token: true,
        include_in_all_scopes: false,
        include_in_scopes: [],
        enabled: true,
        created_at: at,
        updated_at: at,
      });
    }
    emulator.store.addAuthServer(stored);
    const server = stored.authServer;

    emulator.resetLog();
    const paged = await listAll(server.id);
    expect(paged).toHaveLength(130);
    expect(new Set(paged.map((item) => item.id)).size).toBe(130);
    // The emulator's log has no query: two requests, the second for page 2 (else it would repeat page 1's claims).
    expect(emulator.requests().map((entry) => entry.path)).toEqual([`/v1/auth-servers/${server.id}/claims`, `/v1/auth-servers/${server.id}/claims`]);
  });
});

/** Every claim of the server, through the same paginator the identity API uses. */
function listAll(authServerId: string) {
  return listPlatformPages(konnect.client(), `/v1/auth-servers/${authServerId}/claims`, z.object({ id: z.string(), name: z.string() }), {
    'page[size]': 100,
  });
}

describe('a core-entity list (offset)', () => {
  it('follows each offset until there is none, keeping only what is asked for', async () => {
    const pages: Record<string, { data: Array<{ id: string; name: string }>; offset: string | null }> = {
      '': {
        data: [
          { id: '1', name: 'keep' },
          { id: '2', name: 'drop' },
        ],
        offset: 'b',
      },
      b: { data: [{ id: '3', name: 'keep' }], offset: 'c' },
      c: { data: [{ id: '4', name: 'keep' }], offset: null },
    };
    const konnect = await startHostileServer({
      handle: (req) => {
        const offset = new URL(req.path, 'http://x').searchParams.get('offset') ?? '';
        return { status: 200, body: JSON.stringify({ ...pages[offset], next: null }) };
      },
    });
    try {
      const kept = await listCoreEntityPages(
        clientFor(konnect.url),
        '/v2/things',
        z.object({ id: z.string(), name: z.string() }),
        { size: 2 },
        (item) => item.name === 'keep',
      );
      expect(kept.map((item) => item.id)).toEqual(['1', '3', '4']);
      expect(konnect.requests.map((request) => request.path)).toEqual(['/v2/things?size=2', '/v2/things?size=2&offset=b', '/v2/things?size=2&offset=c']);
    } finally {
      await konnect.close();
    }
  });
});

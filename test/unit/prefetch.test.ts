// The run's first two requests leave before the code that reads them has loaded (main.ts,
// opening-lookups.ts, KonnectClient.prefetch); the lookups then read those answers instead of
// asking again. Sent ahead or not, each lookup costs one request and fails the same way.
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { Config } from '../../src/config.js';
import { controlPlanesApi, findControlPlane } from '../../src/konnect/control-planes.js';
import { KonnectApiError } from '../../src/konnect/errors.js';
import { identityApi } from '../../src/konnect/identity.js';
import { prefetchOpeningLookups } from '../../src/opening-lookups.js';
import { lookUpAuthServers } from '../../src/reconcile/auth-server.js';
import type { Runtime } from '../../src/runtime.js';
import { konnectClients } from '../harness/konnect-clients.js';

const clients = konnectClients();

const page = z.object({ data: z.array(z.object({ id: z.string(), name: z.string() })) });

describe('KonnectClient.prefetch', () => {
  it('sends the GET once: the get of the same path and query reads its answer', async () => {
    const konnect = clients.client();
    const emulator = clients.emulator();
    emulator.resetLog();
    konnect.prefetch('/v2/control-planes', { 'filter[name][eq]': 'quickstart' });
    const answer = await konnect.get('/v2/control-planes', page, { 'filter[name][eq]': 'quickstart' });
    expect(answer.data.map((cp) => cp.name)).toEqual(['quickstart']);
    expect(emulator.requests()).toHaveLength(1);
    // Read once: the next get asks again.
    await konnect.get('/v2/control-planes', page, { 'filter[name][eq]': 'quickstart' });
    expect(emulator.requests()).toHaveLength(2);
  });

  it('leaves a get of another query to send its own request', async () => {
    const konnect = clients.client();
    const emulator = clients.emulator();
    emulator.resetLog();
    konnect.prefetch('/v2/control-planes', { 'filter[name][eq]': 'quickstart' });
    await konnect.get('/v2/control-planes', page, { 'filter[name][eq]': 'other' });
    expect(emulator.requests()).toHaveLength(2);
  });

  it("hands a refusal to the get that reads it, as the get's own refusal", async () => {
    const konnect = clients.client({ token: 'kpat_not-the-emulators-token-0000000000000000000000' });
    konnect.prefetch('/v2/control-planes', { 'filter[name][eq]': 'quickstart' });
    await new Promise((resolve) => setTimeout(resolve, 50)); // refused before anyone reads it: no unhandled rejection
    const refusal = await konnect.get('/v2/control-planes', page, { 'filter[name][eq]': 'quickstart' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(KonnectApiError);
    expect((refusal as KonnectApiError).status).toBe(401);
  });
});

describe('the opening lookups', () => {
  it('are the requests the control plane lookup and the auth server lookup make: two requests in all', async () => {
    const konnect = clients.client();
    const emulator = clients.emulator();
    emulator.resetLog();
    prefetchOpeningLookups({ controlPlaneName: 'quickstart' } as Config, { konnect } as Runtime);
    const [controlPlane, authServers] = await Promise.all([
      findControlPlane(controlPlanesApi(konnect), 'quickstart'),
      lookUpAuthServers(identityApi(konnect), 'Appointments Dev'),
    ]);
    expect(controlPlane.name).toBe('quickstart');
    expect(authServers.all).toBeInstanceOf(Array);
    expect(emulator.requests().map((entry) => `${entry.method} ${entry.path}`)).toEqual(['GET /v2/control-planes', 'GET /v1/auth-servers']);
  });
});

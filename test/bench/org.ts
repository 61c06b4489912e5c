// What the bench and the performance test run: the how-to's inputs, and an org grown to Kong
// Identity's limits.
import { HOW_TO } from '../harness/how-to.js';
import { isoNow, newClientId, type Store } from '../emulator/store.js';
import { AUTH_SERVER_LIMIT, CLIENT_LIMIT } from '../emulator/v1/identity.js';

/**
 * Fills the org up to Kong Identity's limits: 50 auth servers, and 5,000 clients on ours. Ours are
 * listed last, so that a lookup reading pages until it meets them would read every page. Call it
 * after a run has created the auth server and its client (the other clients are copies of it).
 */
export function growOrg(store: Store, authServerName: string = HOW_TO.authServerName): void {
  const ours = store.listAuthServers().find((stored) => stored.authServer.name === authServerName);
  const template = ours?.clients[0]?.client;
  if (!ours || !template) throw new Error(`grow the org once a run has created auth server "${authServerName}" and its client`);

  for (let i = store.listAuthServers().length; i < AUTH_SERVER_LIMIT; i++) {
    store.addAuthServer(store.newAuthServer({ name: `other-${i}`, audience: `https://other-${i}.example` }));
  }
  store.deleteAuthServer(ours.authServer.id);
  store.addAuthServer(ours);

  const now = isoNow();
  const others = Array.from({ length: CLIENT_LIMIT - ours.clients.length }, (_, i) => ({
    client: { ...template, id: newClientId(), name: `client-${i}`, created_at: now, updated_at: now },
    secrets: [],
  }));
  ours.clients.unshift(...others);
}

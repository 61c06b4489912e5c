import type { Query } from './client.js';

/**
 * The run's first two requests, as control-planes.ts and identity.ts send them: here, apart from
 * their response schemas, so that they can go out (KonnectClient.prefetch) before zod and the
 * schemas have loaded.
 */

/** Konnect's largest page: an exact-name match is one page (names are unique per server for all but claims). */
export const PAGE_SIZE = 100;

export const CONTROL_PLANES_PATH = '/v2/control-planes';

/** `eq`, not the how-to's `contains`, which matches "quickstart" and "quickstart-2" alike. */
export function controlPlanesNamed(name: string): Query {
  return { 'filter[name][eq]': name, 'page[size]': 10 };
}

export const AUTH_SERVERS_PATH = '/v1/auth-servers';

/** Every auth server of the region: one page (Konnect allows 50 per region). */
export const ALL_AUTH_SERVERS: Query = { 'page[size]': PAGE_SIZE };

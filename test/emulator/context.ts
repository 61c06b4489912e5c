// What every part of the emulator (API handlers, issuer, proxy) shares: the state, the realism
// knobs and the Konnect token. The knobs are mutable: `POST /_emulator/config` and tests change
// them while the emulator runs, so read them at request time, never copy them at start-up.
import type { Store } from './store.js';
import type { GatewayVersion } from './v2/openid-connect.js';

export interface EmulatorOptions {
  /** Delay added before every request on every port is handled (never to /_emulator/*). */
  latencyMs: number;
  /**
   * Default page size of every list, in both pagination styles (`page[size]` of the v1/v2 lists,
   * `size` of the core-entity lists) when the caller gives none. `null`: each API's own default
   * (`PAGE_SIZE_DEFAULT`, `CORE_ENTITY_SIZE_DEFAULT`).
   */
  pageSize: number | null;
  /** How long a published control-plane configuration takes to reach the data-plane proxy. */
  propagationMs: number;
  /** The control plane whose published configuration the data-plane proxy runs. */
  proxyControlPlaneName: string;
  /**
   * Requests per second per auth server (its identity API and its token endpoint); `null`: no limit.
   * Kong documents 100. Over it: 429 with Retry-After and RateLimit-* headers (http/rate-limits.ts).
   */
  rateLimitAuthServer: number | null;
  /** Management API (`/v1`, `/v2`) requests per second for the whole org; `null` (the default): no limit. */
  rateLimitOrg: number | null;
  /**
   * The Kong Gateway version the control planes and the data plane play: the openid-connect schema
   * plugin configs are checked against, and how the proxy maps Consumers (v2/openid-connect.ts).
   */
  gatewayVersion: GatewayVersion;
}

/** Konnect's default `page[size]` for the Kong Identity and control-plane lists. */
export const PAGE_SIZE_DEFAULT = 10;
/** The control-plane config spec's default and maximum `size` for core-entity lists. */
export const CORE_ENTITY_SIZE_DEFAULT = 100;

export function defaultOptions(): EmulatorOptions {
  return {
    latencyMs: 0,
    pageSize: null,
    // Konnect takes seconds to push a change to its data planes; a non-zero default keeps the
    // action's gateway check honest (it must poll), while staying short enough for tests.
    propagationMs: 1000,
    proxyControlPlaneName: 'quickstart',
    rateLimitAuthServer: 100,
    rateLimitOrg: null,
    // Konnect's control-plane config API is version 3.15.0.
    gatewayVersion: '3.15',
  };
}

export interface EmulatorContext {
  store: Store;
  options: EmulatorOptions;
  /** The only bearer token the management API accepts (a `kpat_…` personal access token). */
  konnectToken: string;
}

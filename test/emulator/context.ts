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

  // ---- Konnect's unknowns (issue 22): each answer the real service might give, the default the
  // ---- strongest public source supports (test/contract/specs/SOURCE.md, "The unknowns").
  /**
   * The `openid` scope asked for by a client whose `allow_all_scopes` is false, when the auth server
   * has no scope of that name: `granted` (a scope every client may ask for), or `refused` with
   * `invalid_scope`, as for any scope the client is not allowed. Default `refused`: no public source
   * shows Kong Identity granting it to such a client.
   */
  openidScope: OpenidScopeAnswer;
  /**
   * How a Consumer key in a path (`consumers/{id or username}`) and a Consumer's `username` and
   * `custom_id` are checked: `strict` as Konnect's open-source precursor (koko) did (a path key is a
   * UUID or `^[0-9a-zA-Z.\-_~]{1,128}$`, else 400 `invalid ID:'…'`; usernames and custom ids by its
   * patterns, at most 128 characters), or `lenient`: anything. Default `strict`.
   */
  consumerKeys: ConsumerKeyRules;
  /**
   * A Consumer whose `username` or `custom_id` (or `id`, on POST) is taken: 400 `data constraint
   * error` (Konnect for the entities it shares with the Admin API; koko), or 409 (the self-hosted
   * Admin API's unique violation). Default 400.
   */
  duplicateConsumerStatus: DuplicateConsumerStatus;
  /**
   * Whether a 429 of the emulator's rate limits carries `Retry-After` (and the `RateLimit-*`
   * headers); `false`: none of them, as Konnect has answered (Kong/kong-operator#809). Default true.
   */
  rateLimitRetryAfter: boolean;
  /**
   * The body of every 429 (the rate limits' and injected `429` faults'): `message`,
   * `{"message":"API rate limit exceeded"}` as captured from Konnect, or `problem`, a problem
   * document. Default `message`.
   */
  rateLimitBody: RateLimitBody;
}

export type OpenidScopeAnswer = 'granted' | 'refused';
export type ConsumerKeyRules = 'strict' | 'lenient';
export type DuplicateConsumerStatus = 400 | 409;
export type RateLimitBody = 'message' | 'problem';

export const OPENID_SCOPE_ANSWERS: readonly OpenidScopeAnswer[] = ['granted', 'refused'];
export const CONSUMER_KEY_RULES: readonly ConsumerKeyRules[] = ['strict', 'lenient'];
export const DUPLICATE_CONSUMER_STATUSES: readonly DuplicateConsumerStatus[] = [400, 409];
export const RATE_LIMIT_BODIES: readonly RateLimitBody[] = ['message', 'problem'];

/** The unknowns as the defaults answer them: the strictest reading the sources support. */
export const STRICT_UNKNOWNS = {
  openidScope: 'refused',
  consumerKeys: 'strict',
  duplicateConsumerStatus: 400,
  rateLimitRetryAfter: false,
  rateLimitBody: 'message',
} as const satisfies Partial<EmulatorOptions>;

/** The unknowns answered the most forgiving way (the emulator's behaviour before issue 22). */
export const LENIENT_UNKNOWNS = {
  openidScope: 'granted',
  consumerKeys: 'lenient',
  duplicateConsumerStatus: 409,
  rateLimitRetryAfter: true,
  rateLimitBody: 'problem',
} as const satisfies Partial<EmulatorOptions>;

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
    openidScope: 'refused',
    consumerKeys: 'strict',
    duplicateConsumerStatus: 400,
    rateLimitRetryAfter: true,
    rateLimitBody: 'message',
  };
}

export interface EmulatorContext {
  store: Store;
  options: EmulatorOptions;
  /** The only bearer token the management API accepts (a `kpat_…` personal access token). */
  konnectToken: string;
}

import type { GatewayCheckResult, NarrowToken } from '../check/check.js';
import type { ControlPlane } from '../konnect/control-planes.js';
import type { Consumer } from '../konnect/consumers.js';
import type { AuthServer, Claim, Client, Scope } from '../konnect/identity.js';
import type { JSONWebKeySet } from 'jose';
import type { IssuerMetadata } from '../oauth/discovery.js';
import type { AccessToken } from '../oauth/token.js';
import type { VerifiedToken } from '../oauth/verify.js';
import type { AuthServerLookup, OtherClient } from './auth-server.js';
import type { FoundClaims } from './claims.js';
import type { WorkingCredentials } from './client-secret.js';
import type { ReconciledClient } from './client.js';
import type { Phase, ResourceKind, ResourceReport, RunContext, TeardownItem } from './description.js';
import type { Reconciled } from './diff.js';
import type { FoundPlugin, PluginOutcome } from './plugin.js';

/**
 * The values a run passes between descriptions, by key: what each find gives (`Found`) and what each
 * apply gives (`Applied`). A description names the keys it reads (`needs`) and gets only those.
 */
export interface Found {
  controlPlane: ControlPlane;
  authServer: AuthServerLookup;
  scopes: ReadonlyMap<string, Scope>;
  claims: FoundClaims;
  client: Client | undefined;
  plugin: FoundPlugin;
  /** With create-consumer, the Consumer of the client found. */
  consumer: Consumer | undefined;
  /** Read only when a shared setting would change (auth-server.ts). */
  otherClients: OtherClient[] | undefined;
  /** Discovered from the auth server found, before any write (apply mode only). */
  issuerMetadata: IssuerMetadata | undefined;
}

export interface Applied {
  controlPlane: ControlPlane;
  authServer: Reconciled<AuthServer>;
  otherClients: undefined;
  scopes: Array<Reconciled<Scope>>;
  claims: Array<Reconciled<Claim>>;
  client: ReconciledClient;
  plugin: PluginOutcome;
  consumer: Reconciled<Consumer> | undefined;
  /** scopes_required serves every client of the auth server, this one included (plugin.ts). */
  scopeEntryKept: undefined;
  issuerMetadata: IssuerMetadata;
  jwks: JSONWebKeySet;
  credentials: WorkingCredentials<AccessToken>;
  /** A provisioning that created its client has seen no teardown deciding about the auth server meanwhile. */
  noTeardownRacing: undefined;
  token: VerifiedToken;
  /** With require-scopes: a token of the client without the action's scopes, or why none could be had. */
  narrowToken: NarrowToken | undefined;
  check: GatewayCheckResult | undefined;
  retiredSecretIds: string[];
  duplicateClaimIds: string[];
}

/** The modes of the engine: apply (provision), plan (dry run), destroy (teardown). */
export type EngineMode = 'apply' | 'plan' | 'destroy';

export interface FindPart<T> {
  needs: ReadonlyArray<keyof Found>;
  /** The modes it runs in; all by default. Where it does not run, its value is undefined. */
  modes?: readonly EngineMode[];
  /** Finds that must have succeeded first, whose values it does not read (to queue its requests behind theirs). */
  after?: ReadonlyArray<keyof Found>;
  run: (ctx: RunContext, found: Found) => Promise<T>;
}

export interface ApplyPart<T> {
  needs: ReadonlyArray<keyof Applied>;
  /** Applies that must have succeeded first, whose values it does not read (ordering only). */
  after?: ReadonlyArray<keyof Applied>;
  run: (ctx: RunContext, found: Found, applied: Applied) => Promise<T>;
}

/** One description: what the engine knows of a resource (or of a step of the run, such as the token). */
export interface Description<K extends keyof Applied = keyof Applied> {
  key: K;
  phase: Phase;
  /** The report row whose outcome its failure shows. */
  row?: ResourceKind;
  find?: FindPart<K extends keyof Found ? Found[K] : never>;
  /** Before any write, with everything found: throws when the inputs would change what is not ours to change. */
  check?: (ctx: RunContext, found: Found) => void;
  apply: ApplyPart<Applied[K]>;
  /** The dry run's rows. */
  plan?: (ctx: RunContext, found: Found) => ResourceReport[];
  teardown?: TeardownPart;
}

/**
 * What a teardown knows when it decides (engine/destroy.ts): everything found, whether the departing
 * client goes, and, once the auth server is marked, the clients left on it and, when none is, every
 * scope and claim it has.
 */
export interface TeardownState {
  found: Found;
  /** The departing client is deleted by this teardown, or was already gone. */
  clientGoes: boolean;
  /** Why every shared resource stays, whatever else holds (a client kept, no room for the mark). */
  sharedKept?: string;
  /** The clients left on the auth server, read after the mark. */
  remaining?: OtherClient[];
  /** With no client left: every scope and claim of the auth server. */
  serverScopes?: Scope[];
  serverClaims?: Claim[];
  /** The decisions made so far, in order (the auth server reads those of its children). */
  decided: TeardownItem[];
}

export interface TeardownPart {
  /** `client`: decided and removed before the mark, with the client; `shared`: after it. */
  stage: 'client' | 'shared';
  /** Pure: what becomes of each resource of this kind. */
  decide: (ctx: RunContext, state: TeardownState) => TeardownItem[];
  /** Removes (or, for `update`, changes) one item decided so; returns the item as done. */
  remove: (ctx: RunContext, state: TeardownState, item: TeardownItem) => Promise<TeardownItem>;
}

type FindSpec<K extends keyof Applied, N extends keyof Found> = {
  needs: readonly N[];
  modes?: readonly EngineMode[];
  after?: ReadonlyArray<keyof Found>;
  run: (ctx: RunContext, found: Pick<Found, N>) => Promise<K extends keyof Found ? Found[K] : never>;
};

type ApplySpec<K extends keyof Applied, N extends keyof Applied> = {
  needs: readonly N[];
  after?: ReadonlyArray<keyof Applied>;
  run: (ctx: RunContext, found: Found, applied: Pick<Applied, N>) => Promise<Applied[K]>;
};

/**
 * A description, typed: each part's function gets exactly the values its `needs` name. (The engine
 * passes objects that hold at least those.)
 */
export function define<K extends keyof Applied, const FN extends keyof Found, const AN extends keyof Applied>(description: {
  key: K;
  phase: Phase;
  row?: ResourceKind;
  find?: FindSpec<K, FN>;
  check?: (ctx: RunContext, found: Found) => void;
  apply: ApplySpec<K, AN>;
  plan?: (ctx: RunContext, found: Found) => ResourceReport[];
  teardown?: TeardownPart;
}): Description<K> {
  return description as Description<K>;
}

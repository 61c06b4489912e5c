import type { Config } from '../inputs/config.js';
import type { KonnectClient } from '../konnect/client.js';
import type { IdentityApi } from '../konnect/identity.js';
import type { IssuerClient } from '../oauth/issuer-client.js';
import type { Transport } from '../http/transport.js';
import type { FieldChange, PlanAction } from './diff.js';
import type { RunOrigin } from './ownership.js';

/**
 * What a resource description is. Each kind the action manages is described once, in its own file
 * of this folder: how to find it (GET requests only), what the inputs want of it and whose it is
 * (checked before any write), how to create or converge it, and how a teardown decides about it and
 * removes it. The engine (src/engine/) runs these descriptions in its three modes: apply
 * (provisioning), plan (dry run) and destroy (teardown).
 */

/** The phases of a run, in the log's order: one group each. */
export const PHASES = ['control plane', 'Kong Identity', 'plugin', 'secret and token', 'gateway check'] as const;
export type Phase = (typeof PHASES)[number];

/** A row of the report (log line, summary row): one kind of resource. */
export type ResourceKind = 'control plane' | 'auth server' | 'scope' | 'claim' | 'client' | 'client secret' | 'plugin' | 'consumer';

/** The phase each row kind belongs to. */
export const PHASE_OF_KIND: Record<ResourceKind, Phase> = {
  'control plane': 'control plane',
  'auth server': 'Kong Identity',
  scope: 'Kong Identity',
  claim: 'Kong Identity',
  client: 'Kong Identity',
  plugin: 'plugin',
  consumer: 'plugin',
  'client secret': 'secret and token',
};

/** What every description reads: the inputs, the API clients and where the run comes from. */
export interface RunContext {
  config: Config;
  konnect: KonnectClient;
  identity: IdentityApi;
  issuer: IssuerClient;
  transport: Transport;
  /** Aborted when the run times out or fails. */
  signal: AbortSignal;
  origin: RunOrigin;
}

/** What happened to a resource, or in a dry run would: a plan action, `found` for a lookup, what the secret policy did. */
export type ResourceAction = PlanAction | 'found' | 'rotate' | 'verify' | 'install' | 'failed' | 'stopped' | 'not reached';

/** One resource's outcome, for the log and the job summary. `id` is absent for what does not exist (yet). */
export interface ResourceReport {
  kind: ResourceKind;
  name: string;
  action: ResourceAction;
  id?: string;
  changes: FieldChange[];
  /** Ids that give a link to Konnect's web app (report/konnect-links.ts). */
  parents?: { controlPlaneId?: string; authServerId?: string };
}

/** What a teardown does with one resource, and why it keeps it. */
export type TeardownOutcome = 'delete' | 'update' | 'keep' | 'absent';

export interface TeardownItem {
  kind: ResourceKind;
  name: string;
  id?: string;
  outcome: TeardownOutcome;
  reason?: string;
  parents?: { controlPlaneId?: string; authServerId?: string };
}

export function teardownItem(kind: ResourceKind, name: string, outcome: TeardownOutcome, extra: Partial<TeardownItem> = {}): TeardownItem {
  return { kind, name, outcome, ...extra };
}

import { createHash } from 'node:crypto';
import type { Claim, Labels, Scope } from '../konnect/identity.js';

/**
 * Whose a resource is. What the action creates carries marks saying so, and for which repository:
 * labels on Kong Identity auth servers and clients, a description on scopes, tags on plugins and
 * Consumers (claims have none of these: a claim is ours when it serves only our scopes). Marks are
 * set at creation and never added to a resource found: adding the action's tag to a found plugin
 * (the deck selector) does not make it ours. "Ours" is always "created by the action for this
 * repository"; what is not ours is never deleted without `force` and never changed in a way that
 * breaks its other users.
 *
 * Konnect's label rules: at most 5 per resource (its labels page; the spec says 50), keys of 1 to 63
 * characters that begin and end with a letter or digit and do not start with kong, konnect, mesh, kic,
 * insomnia, kuma or _; values of at most 63 characters matching LABEL_VALUE_PATTERN. The action uses
 * four, and the fifth slot for the teardown mark (TEARDOWN_MARK).
 */

export const ACTION = 'kong-identity-oidc-action';
const MANAGED_BY = 'managed-by';
const OWNER = 'github-owner';
const REPOSITORY = 'github-repository';
const WORKFLOW = 'github-workflow';
/** The label a teardown sets on the auth server while it decides what no client needs any more. */
export const TEARDOWN_MARK = 'kio-teardown';
export const MAX_LABELS = 5;

export const LABEL_VALUE_PATTERN = /^[a-z0-9A-Z]([a-z0-9A-Z-._]*[a-z0-9A-Z]+)?$/;
const MAX_VALUE_LENGTH = 63;
/** Kong's tags: at most 128 characters each. */
const MAX_TAG_LENGTH = 128;

/** Where a run comes from: the runner's GITHUB_REPOSITORY and GITHUB_WORKFLOW. */
export interface RunOrigin {
  /** owner/repo */
  repository?: string | undefined;
  /** The workflow's name, or its file path when it has none. */
  workflow?: string | undefined;
}

/**
 * The origin of this run, from the variables every runner sets (as @actions/github's context reads
 * them: two variables do not need Octokit).
 */
export function runOrigin(env: NodeJS.ProcessEnv = process.env): RunOrigin {
  return { repository: env['GITHUB_REPOSITORY'] || undefined, workflow: env['GITHUB_WORKFLOW'] || undefined };
}

/** How messages name a repository: `acme/payments`, or "no repository" for a run outside GitHub Actions. */
export function repositoryName(origin: RunOrigin): string {
  return origin.repository ?? 'no repository (GITHUB_REPOSITORY unset)';
}

/**
 * `text` as a label value: characters Konnect refuses become `-`, runs of separators collapse,
 * it starts and ends with a letter or digit, and is cut to 63 characters. Undefined when nothing
 * is left (a name of emoji only, say).
 */
export function toLabelValue(text: string): string | undefined {
  const value = text
    .normalize('NFKD')
    .replace(/[^a-zA-Z0-9._-]+/g, '-')
    .replace(/([-._])[-._]+/g, '$1')
    .replace(/^[^a-zA-Z0-9]+/, '')
    .slice(0, MAX_VALUE_LENGTH)
    .replace(/[^a-zA-Z0-9]+$/, '');
  return LABEL_VALUE_PATTERN.test(value) ? value : undefined;
}

/**
 * The creation labels. The repository is split into owner and name (a label value cannot hold
 * `/`), which keeps both whole: GitHub owner names are at most 39 characters of [A-Za-z0-9-].
 */
export function creationLabels(origin: RunOrigin): Labels {
  const [owner, repo] = (origin.repository ?? '').split('/', 2);
  const labels: Labels = { [MANAGED_BY]: ACTION };
  const add = (key: string, raw: string | undefined) => {
    const value = raw === undefined ? undefined : toLabelValue(raw);
    if (value !== undefined) labels[key] = value;
  };
  add(OWNER, owner);
  add(REPOSITORY, repo);
  add(WORKFLOW, origin.workflow);
  return labels;
}

/** Whose a resource is, as its marks say. */
export type Owner = { ours: true } | { ours: false; owner: string };

/** An auth server's or client's owner, by its labels. */
export function ownerByLabels(labels: Labels | undefined, origin: RunOrigin): Owner {
  if (labels?.[MANAGED_BY] !== ACTION) return { ours: false, owner: 'not created by this action (no managed-by label)' };
  const mine = creationLabels(origin);
  if (labels[OWNER] === mine[OWNER] && labels[REPOSITORY] === mine[REPOSITORY]) return { ours: true };
  const theirs = labels[OWNER] && labels[REPOSITORY] ? `${labels[OWNER]}/${labels[REPOSITORY]}` : 'no repository';
  return { ours: false, owner: `created by this action for ${theirs}` };
}

/** The description a scope gets at creation: its mark. */
export function scopeDescription(origin: RunOrigin): string {
  return `Created by ${ACTION} for ${origin.repository ?? 'a run outside GitHub Actions'}`;
}

/** v1 described its scopes so, without the repository: such a scope is ours only on an auth server that is ours. */
const V1_SCOPE_DESCRIPTION = `Managed by ${ACTION}`;

export function ownerOfScope(scope: Pick<Scope, 'description'>, origin: RunOrigin, serverIsOurs: boolean): Owner {
  if (scope.description === scopeDescription(origin)) return { ours: true };
  if (scope.description === V1_SCOPE_DESCRIPTION && serverIsOurs) return { ours: true };
  if (scope.description.startsWith(`Created by ${ACTION} for `) || scope.description === V1_SCOPE_DESCRIPTION) {
    return { ours: false, owner: `created by this action for another repository ("${scope.description}")` };
  }
  return { ours: false, owner: 'not created by this action' };
}

/**
 * A claim is ours when it serves only scopes that are ours: the action creates its claims with
 * include_in_all_scopes false and include_in_scopes its own scope ids, and adds its scope ids to a
 * claim of the same name found, which then still serves another's scopes.
 */
export function ownerOfClaim(claim: Pick<Claim, 'include_in_all_scopes' | 'include_in_scopes'>, ourScopeIds: ReadonlySet<string>): Owner {
  if (!claim.include_in_all_scopes && claim.include_in_scopes.length > 0 && claim.include_in_scopes.every((id) => ourScopeIds.has(id))) {
    return { ours: true };
  }
  return { ours: false, owner: claim.include_in_all_scopes ? 'not created by this action (it serves every scope)' : 'it serves scopes that are not ours' };
}

/**
 * The tag that marks a plugin or a Consumer as created by the action for this repository. A name
 * that would make it longer than Kong allows is replaced by its SHA-256.
 */
export function createdTag(origin: RunOrigin): string {
  // Kong's tags take printable ASCII but `,` and `/`: owner:repo (neither name can hold a colon).
  const tag = `kio-created:${(origin.repository ?? '-').replace('/', ':')}`;
  if (tag.length <= MAX_TAG_LENGTH && /^[!-~]+$/.test(tag) && !/[,/]/.test(tag)) return tag;
  return `kio-created:sha256-${createHash('sha256')
    .update(origin.repository ?? '-')
    .digest('hex')
    .slice(0, 32)}`;
}

/** The tags a plugin or Consumer gets at creation: the deck selector and the creation mark. */
export function creationTags(origin: RunOrigin): string[] {
  return [ACTION, createdTag(origin)];
}

export function ownerByTags(tags: readonly string[] | null | undefined, origin: RunOrigin): Owner {
  const list = tags ?? [];
  if (list.includes(createdTag(origin))) return { ours: true };
  const other = list.find((tag) => tag.startsWith('kio-created:'));
  if (other !== undefined) return { ours: false, owner: `created by this action for another repository (tag ${other})` };
  return { ours: false, owner: list.includes(ACTION) ? 'not created by this action (tagged, not created, by it)' : 'not created by this action' };
}

/** Whether a labels map has room for one more label (the teardown mark). */
export function hasRoomForMark(labels: Labels | undefined): boolean {
  const keys = Object.keys(labels ?? {});
  return keys.includes(TEARDOWN_MARK) || keys.length < MAX_LABELS;
}

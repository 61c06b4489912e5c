import type { Labels } from './konnect/identity.js';

/**
 * Labels on what the action creates in Kong Identity (auth server, client): who manages it, and
 * the repository and workflow that created it, so that a resource found in Konnect leads back to
 * its workflow. Konnect's rules: keys of 1 to 63 characters not starting with kong, konnect, mesh,
 * kic or _; values of at most 63 characters matching VALUE_PATTERN.
 */

const MANAGED_BY = { 'managed-by': 'kong-identity-oidc-action' } as const;

export const LABEL_VALUE_PATTERN = /^[a-z0-9A-Z]([a-z0-9A-Z-._]*[a-z0-9A-Z]+)?$/;
const MAX_VALUE_LENGTH = 63;

/** Whether a Kong Identity resource carries the action's `managed-by` label (teardown deletes only those). */
export function hasActionLabel(labels: Labels | undefined): boolean {
  return labels?.['managed-by'] === MANAGED_BY['managed-by'];
}

/** Where a run comes from: the runner's GITHUB_REPOSITORY and GITHUB_WORKFLOW. */
export interface RunOrigin {
  /** owner/repo */
  repository?: string | undefined;
  /** The workflow's name, or its file path when it has none. */
  workflow?: string | undefined;
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
  const labels: Labels = { ...MANAGED_BY };
  const add = (key: string, raw: string | undefined) => {
    const value = raw === undefined ? undefined : toLabelValue(raw);
    if (value !== undefined) labels[key] = value;
  };
  add('github-owner', owner);
  add('github-repository', repo);
  add('github-workflow', origin.workflow);
  return labels;
}

/**
 * The creation labels of this run, from the variables every runner sets (as @actions/github's
 * context reads them, without loading Octokit for two variables). Async, so that the pipeline can
 * ask for them where it waits for a lookup anyway.
 */
export function labelsForThisRun(env: NodeJS.ProcessEnv = process.env): Promise<Labels> {
  return Promise.resolve(creationLabels({ repository: env['GITHUB_REPOSITORY'] || undefined, workflow: env['GITHUB_WORKFLOW'] || undefined }));
}

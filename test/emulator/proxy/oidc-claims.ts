// The openid-connect plugin's claims-based authorization: each `*_required` list is checked
// against the claim its `*_claim` path names (a path into nested objects). The claim's value is
// a space-separated string, an array, or a single value; a required entry is space-separated words
// that must all be present (AND), and any one entry satisfied is enough (OR).
import type { JWTPayload } from 'jose';
import type { PluginConfig } from './plugin-config.js';

interface Requirement {
  name: string;
  requiredField: string;
  claimField: string | undefined;
  defaultClaim: string[];
  /** An unaccepted issuer is an authentication failure; the rest are authorization failures. */
  status: 401 | 403;
}

/** In Kong's order of evaluation. */
const REQUIREMENTS: Requirement[] = [
  { name: 'issuers', requiredField: 'issuers_allowed', claimField: undefined, defaultClaim: ['iss'], status: 401 },
  { name: 'scopes', requiredField: 'scopes_required', claimField: 'scopes_claim', defaultClaim: ['scope'], status: 403 },
  { name: 'audience', requiredField: 'audience_required', claimField: 'audience_claim', defaultClaim: ['aud'], status: 403 },
  { name: 'groups', requiredField: 'groups_required', claimField: 'groups_claim', defaultClaim: ['groups'], status: 403 },
  { name: 'roles', requiredField: 'roles_required', claimField: 'roles_claim', defaultClaim: ['roles'], status: 403 },
];

export interface ClaimFailure {
  status: 401 | 403;
  reason: string;
}

export function claimRequirementFailure(payload: JWTPayload, config: PluginConfig): ClaimFailure | undefined {
  for (const requirement of REQUIREMENTS) {
    const required = config.optionalStrings(requirement.requiredField);
    if (!required) continue;
    const path = requirement.claimField ? config.strings(requirement.claimField, requirement.defaultClaim) : requirement.defaultClaim;
    const reason = unmetReason(requirement.name, required, findClaim(payload, path));
    if (reason) return { status: requirement.status, reason };
  }
  return undefined;
}

function unmetReason(name: string, required: string[], claim: string | undefined): string | undefined {
  if (claim === undefined) return `${name} required but no ${name} found`;
  const present = new Set(words(claim));
  const satisfied = required.some((entry) => words(entry).length > 0 && words(entry).every((word) => present.has(word)));
  return satisfied ? undefined : `required ${name} were not found [ ${[...present].join(', ')} ]`;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

/**
 * The claim at `path` as a string, the way Kong's Lua reads it: a missing, null or false value is
 * absent; an array is joined with spaces; an object (no array part) reads as empty.
 */
function findClaim(payload: JWTPayload, path: string[]): string | undefined {
  let value: unknown = payload;
  for (const name of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[name];
    if (value === undefined || value === null || value === false) return undefined;
  }
  if (Array.isArray(value)) return value.map(String).join(' ');
  if (typeof value === 'object') return '';
  return String(value);
}

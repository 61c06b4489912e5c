/**
 * Plans: what one resource needs (create, update with field-level changes, or nothing), computed
 * by pure functions from the desired and the existing state. Apply steps and dry runs share them.
 */

export type PlanAction = 'create' | 'update' | 'unchanged';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface Plan {
  action: PlanAction;
  changes: FieldChange[];
}

export interface Reconciled<T> {
  plan: Plan;
  resource: T;
  /** True when this run created the resource (so its children need no lookup). */
  created: boolean;
}

/**
 * Compares each desired field with the existing resource. Fields listed in `unordered` are sets:
 * their order does not count as drift (scope ids, grant types).
 */
export function planFields(
  desired: Readonly<Record<string, unknown>>,
  existing: Readonly<Record<string, unknown>> | undefined,
  unordered: readonly string[] = [],
): Plan {
  if (existing === undefined) {
    return { action: 'create', changes: Object.entries(desired).map(([field, to]) => ({ field, from: undefined, to })) };
  }
  const changes: FieldChange[] = [];
  for (const [field, to] of Object.entries(desired)) {
    const from = existing[field];
    const same = unordered.includes(field) ? sameSet(from, to) : sameValue(from, to);
    if (!same) changes.push({ field, from, to });
  }
  return changes.length === 0 ? { action: 'unchanged', changes } : { action: 'update', changes };
}

/** The changed fields with their desired values: the body of a PATCH. */
export function patchFrom(plan: Plan): Record<string, unknown> {
  return Object.fromEntries(plan.changes.map((change) => [change.field, change.to]));
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function sameSet(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return sameValue(a, b);
  const sortedA = [...new Set(a.map((item) => JSON.stringify(normalize(item))))].sort();
  const sortedB = [...new Set(b.map((item) => JSON.stringify(normalize(item))))].sort();
  return sameValue(sortedA, sortedB);
}

/** Object keys sorted, so that key order never counts as a difference. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, normalize((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** A short, log-safe rendering of a change: `audience: "a" -> "b"`. */
export function formatChange(change: FieldChange): string {
  const show = (value: unknown) => (value === undefined ? '(unset)' : JSON.stringify(value));
  return `${change.field}: ${show(change.from)} -> ${show(change.to)}`;
}

// List mechanics written once for every collection the emulator serves. Konnect has two styles:
// - platform lists (Kong Identity, control planes): `page[size]` / `page[number]`, filters
//   `filter[field][op]=value`, `sort=field [asc|desc],…`, and `meta.page {number, size, total}`;
// - core-entity lists (Kong Admin API): `size` / opaque `offset`, `tags` (`,` = AND, `/` = OR),
//   `filter[name][eq|contains]`, answering `{data, next, offset}`.
import { CORE_ENTITY_SIZE_DEFAULT, PAGE_SIZE_DEFAULT } from '../context.js';
import type { EmulatorReply } from '../http/types.js';
import { badRequest, coreBadRequest, type InvalidParameter } from './errors.js';
import type { ApiRequest } from './types.js';

// ---------------------------------------------------------------- platform lists: filters

export type StringOp = 'eq' | 'contains' | 'neq' | 'oeq';

/** How one `filter[<field>]` applies to an item: string operators, a boolean, or labels. */
export type FilterField<T> =
  | { kind: 'string'; ops: readonly StringOp[]; get: (item: T) => string }
  | { kind: 'boolean'; get: (item: T) => boolean }
  | { kind: 'labels'; get: (item: T) => Record<string, string> };

export type FilterFields<T> = Readonly<Record<string, FilterField<T>>>;

/** `filter[name][eq]=x` → field `name`, op `eq`; `filter[name]=x` → op undefined (an implicit `eq`). */
const FILTER_KEY = /^filter\[([^\][]+)\](?:\[([^\][]+)\])?$/;

/** Either what a list step kept, or why the query is refused. */
export type ListStep<T> = { items: T[] } | { problems: InvalidParameter[] };

/** The items every `filter[…]` parameter of the query keeps; the refusals when a filter is unknown or malformed. */
export function applyFilters<T>(items: readonly T[], query: URLSearchParams, fields: FilterFields<T>): ListStep<T> {
  const problems: InvalidParameter[] = [];
  let kept = [...items];
  for (const [key, value] of query) {
    const match = FILTER_KEY.exec(key);
    if (!match) continue;
    const [, fieldName = '', op] = match;
    const field = Object.hasOwn(fields, fieldName) ? fields[fieldName] : undefined;
    if (!field) {
      problems.push({ field: key, rule: 'unknown_property', source: 'query', reason: `cannot filter on ${fieldName}` });
      continue;
    }
    const predicate = filterPredicate(field, op, value);
    if (typeof predicate === 'string') {
      problems.push({ field: key, rule: 'invalid', source: 'query', reason: predicate });
      continue;
    }
    kept = kept.filter(predicate);
  }
  return problems.length > 0 ? { problems } : { items: kept };
}

function filterPredicate<T>(field: FilterField<T>, op: string | undefined, value: string): ((item: T) => boolean) | string {
  switch (field.kind) {
    case 'boolean': {
      if (op !== undefined && op !== 'eq') return `unsupported operator ${op}`;
      if (value !== 'true' && value !== 'false') return 'must be true or false';
      return (item) => field.get(item) === (value === 'true');
    }
    case 'labels': {
      if (op !== undefined && op !== 'eq') return `unsupported operator ${op}`;
      return (item) => labelsMatch(field.get(item), value);
    }
    case 'string': {
      const operator = (op ?? 'eq') as StringOp;
      if (!field.ops.includes(operator)) return `unsupported operator ${op ?? 'eq'}; use one of ${field.ops.join(', ')}`;
      return (item) => stringMatches(field.get(item), operator, value);
    }
  }
}

function stringMatches(actual: string, op: StringOp, value: string): boolean {
  switch (op) {
    case 'eq':
      return actual === value;
    case 'neq':
      return actual !== value;
    case 'contains':
      return actual.includes(value);
    case 'oeq':
      return value.split(',').includes(actual);
  }
}

/**
 * A label filter value is `key:value` (that label with that value) or `key` (the label is set).
 * Konnect documents the filter, not its value syntax: this is the emulator's reading.
 */
export function labelsMatch(labels: Record<string, string>, filter: string): boolean {
  const colon = filter.indexOf(':');
  if (colon === -1) return Object.hasOwn(labels, filter);
  const key = filter.slice(0, colon);
  return Object.hasOwn(labels, key) && labels[key] === filter.slice(colon + 1);
}

// ---------------------------------------------------------------- platform lists: sort

/** Applies `sort=field [asc|desc],…` over the attributes the spec allows; refusals for any other. */
export function applySort<T extends object>(items: T[], sort: string | null, allowed: readonly string[]): ListStep<T> {
  if (sort === null || sort.trim() === '') return { items };
  const keys: { field: string; descending: boolean }[] = [];
  for (const part of sort.split(',')) {
    const [field = '', direction = 'asc', ...extra] = part.trim().split(/\s+/);
    if (!allowed.includes(field) || (direction !== 'asc' && direction !== 'desc') || extra.length > 0) {
      const reason = `cannot sort by "${part.trim()}"; sortable: ${allowed.join(', ')}`;
      return { problems: [{ field: 'sort', rule: 'invalid', source: 'query', reason }] };
    }
    keys.push({ field, descending: direction === 'desc' });
  }
  const sorted = [...items].sort((a, b) => {
    for (const { field, descending } of keys) {
      const order = compare((a as Record<string, unknown>)[field], (b as Record<string, unknown>)[field]);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
  return { items: sorted };
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''));
}

// ---------------------------------------------------------------- platform lists: pages

/** The largest `page[size]` Konnect's platform APIs accept. */
export const PAGE_SIZE_MAX = 100;

export interface PageRequest {
  number: number;
  size: number;
}

export function readPageRequest(request: ApiRequest): PageRequest | { problems: InvalidParameter[] } {
  const problems: InvalidParameter[] = [];
  const size = readPositiveInteger(request.query, 'page[size]', request.ctx.options.pageSize ?? PAGE_SIZE_DEFAULT, problems);
  const number = readPositiveInteger(request.query, 'page[number]', 1, problems);
  if (size > PAGE_SIZE_MAX && request.query.has('page[size]')) {
    problems.push({ field: 'page[size]', rule: 'max', maximum: PAGE_SIZE_MAX, source: 'query', reason: `must be at most ${PAGE_SIZE_MAX}` });
  }
  return problems.length > 0 ? { problems } : { number, size };
}

function readPositiveInteger(query: URLSearchParams, name: string, fallback: number, problems: InvalidParameter[]): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback; // the spec's allowEmptyValue: an empty value is absent
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    problems.push({ field: name, rule: 'min', minimum: 1, source: 'query', reason: 'must be an integer of at least 1' });
    return fallback;
  }
  return Number(raw);
}

export interface PlatformPage<T> {
  data: T[];
  meta: { page: { number: number; size: number; total: number } };
}

export function pageOf<T>(items: readonly T[], page: PageRequest): PlatformPage<T> {
  const first = (page.number - 1) * page.size;
  return { data: items.slice(first, first + page.size), meta: { page: { number: page.number, size: page.size, total: items.length } } };
}

export interface PlatformListSpec<T> {
  filters: FilterFields<T>;
  sortable: readonly string[];
}

/** A whole platform list request: filters, then sort, then the page; 400 problem+json when the query is bad. */
export function platformList<T extends object>(request: ApiRequest, items: readonly T[], spec: PlatformListSpec<T>): EmulatorReply {
  const page = readPageRequest(request);
  if ('problems' in page) return badRequest(page.problems);
  const filtered = applyFilters(items, request.query, spec.filters);
  if ('problems' in filtered) return badRequest(filtered.problems);
  const sorted = applySort(filtered.items, request.query.get('sort'), spec.sortable);
  if ('problems' in sorted) return badRequest(sorted.problems);
  return { status: 200, body: pageOf(sorted.items, page) };
}

// ---------------------------------------------------------------- core-entity lists

export const CORE_ENTITY_SIZE_MAX = 1000;

interface Taggable {
  name?: string | null;
  tags: string[] | null;
}

/** The text fields a core-entity list filters with `filter[<field>][eq|contains]`, by field name. */
export type CoreFilterFields<T> = Readonly<Record<string, (item: T) => string | null>>;

const BY_NAME: CoreFilterFields<Taggable> = { name: (item) => item.name ?? null };

/**
 * `{data, next, offset}` for a core-entity collection; `next` is the path of the next page, or null on the last.
 * `filters` names the fields `filter[…]` may match (by default `name`).
 */
export function coreList<T extends Taggable>(request: ApiRequest, items: readonly T[], filters: CoreFilterFields<T> = BY_NAME): EmulatorReply {
  const size = readCoreSize(request);
  if (typeof size === 'string') return coreBadRequest(size);
  const start = readOffset(request.query.get('offset'));
  if (start === undefined) return coreBadRequest(`invalid offset '${request.query.get('offset') ?? ''}'`);
  const tagged = filterByTags(items, request.query.get('tags'));
  if (typeof tagged === 'string') return coreBadRequest(tagged);
  const named = filterByFields(tagged, request.query, filters);

  const data = named.slice(start, start + size);
  const nextStart = start + size;
  if (nextStart >= named.length) return { status: 200, body: { data, next: null } };
  const offset = encodeOffset(nextStart);
  const nextQuery = new URLSearchParams(request.query);
  nextQuery.set('offset', offset);
  return { status: 200, body: { data, next: `${request.path}?${nextQuery.toString()}`, offset } };
}

function readCoreSize(request: ApiRequest): number | string {
  const raw = request.query.get('size');
  if (raw === null || raw === '') return request.ctx.options.pageSize ?? CORE_ENTITY_SIZE_DEFAULT;
  const size = Number(raw);
  if (!/^\d+$/.test(raw) || size < 1 || size > CORE_ENTITY_SIZE_MAX) return `size must be an integer from 1 to ${CORE_ENTITY_SIZE_MAX}`;
  return size;
}

/** Offsets are opaque to clients (as Kong's are); inside they carry the index of the next item. */
function encodeOffset(start: number): string {
  return Buffer.from(JSON.stringify({ start })).toString('base64url');
}

function readOffset(raw: string | null): number | undefined {
  if (raw === null || raw === '') return 0;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    const start = typeof decoded === 'object' && decoded !== null ? (decoded as { start?: unknown }).start : undefined;
    return typeof start === 'number' && Number.isInteger(start) && start >= 0 ? start : undefined;
  } catch {
    return undefined;
  }
}

/** Kong's `tags` filter: `a,b` means both, `a/b` means either; the two cannot be mixed. */
function filterByTags<T extends Taggable>(items: readonly T[], tags: string | null): T[] | string {
  if (tags === null || tags === '') return [...items];
  if (tags.includes(',') && tags.includes('/')) return "invalid option (tags: cannot mix 'and' ',' with 'or' '/')";
  const any = tags.includes('/');
  const wanted = tags.split(any ? '/' : ',');
  if (wanted.length > 5) return 'invalid option (tags: cannot query more than 5 tags)';
  return items.filter((item) => {
    const have = item.tags ?? [];
    return any ? wanted.some((tag) => have.includes(tag)) : wanted.every((tag) => have.includes(tag));
  });
}

function filterByFields<T>(items: T[], query: URLSearchParams, filters: CoreFilterFields<T>): T[] {
  return Object.entries(filters).reduce((kept, [field, get]) => {
    const eq = query.get(`filter[${field}][eq]`);
    const contains = query.get(`filter[${field}][contains]`);
    return kept.filter((item) => (eq === null || get(item) === eq) && (contains === null || (get(item) ?? '').includes(contains)));
  }, items);
}

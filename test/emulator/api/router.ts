// The Konnect management API as one Handler: authenticate, route by the specs, validate the request,
// run the operation, validate the response. The specs are the single source of truth for which
// paths exist; the emulator only supplies behaviour per operationId.
//
// A response that violates the spec is an emulator bug: it is recorded (GET /_emulator/violations)
// and replaced by a 500 carrying the violations, so the test that provoked it fails loudly.
import { matchOperation, validateRequest, validateResponse, type Violation } from '../../contract/index.js';
import type { EmulatorContext } from '../context.js';
import { isDeepStrictEqual } from 'node:util';
import { stripTrailingSlash } from '../http/faults.js';
import { RATE_LIMIT_MESSAGE } from '../http/rate-limits.js';
import { traceId } from '../http/server.js';
import type { EmulatorReply, EmulatorRequest, Handler } from '../http/types.js';
import { badRequest, coreBadRequest, coreUnauthorized, coreValidationError, notFound, problem, type CoreErrorDetail, type InvalidParameter } from './errors.js';
import type { Operations } from './types.js';

export interface ResponseViolation {
  method: string;
  path: string;
  operationId: string;
  status: number;
  violations: Violation[];
  /** The reply the emulator meant to send. */
  body: unknown;
}

/** Every response violation of one emulator, for `GET /_emulator/violations` and `Emulator.violations()`. */
export class ViolationLog {
  private entries: ResponseViolation[] = [];

  add(entry: ResponseViolation): void {
    this.entries.push(entry);
  }

  list(): ResponseViolation[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}

export function createApiHandler(ctx: EmulatorContext, operations: Operations, violations: ViolationLog): Handler {
  return (request) => handle(ctx, operations, violations, request);
}

type Dialect = 'platform' | 'core';

/** `/v2/control-planes/{id}/core-entities/…` is Konnect's hosted Kong Admin API, with Kong's error shapes. */
function dialectOf(path: string): Dialect {
  return /^\/v2\/control-planes\/[^/]+\/core-entities(\/|$)/.test(path) ? 'core' : 'platform';
}

function handle(ctx: EmulatorContext, operations: Operations, violations: ViolationLog, request: EmulatorRequest): EmulatorReply {
  const path = stripTrailingSlash(request.url.pathname);
  const dialect = dialectOf(path);
  if (!path.startsWith('/v1/') && !path.startsWith('/v2/')) return notFound();
  // Konnect authenticates before it routes: an unknown path without a token is still a 401.
  if (!isAuthorised(request, ctx.konnectToken)) {
    return dialect === 'core' ? coreUnauthorized() : problem(401, 'Invalid credentials');
  }
  const operation = matchOperation(request.method, path);
  if (!operation) return notFound();

  const respond = (reply: EmulatorReply): EmulatorReply =>
    checkResponse(violations, { method: request.method, path, operationId: operation.operationId }, reply);

  const parsed = parseBody(request, dialect);
  if ('reply' in parsed) return respond(parsed.reply);

  const requestViolations = validateRequest(request.method, path, request.url.searchParams, parsed.body);
  if (requestViolations.length > 0) return respond(refuse(dialect, requestViolations));

  const implementation = operations[operation.operationId];
  if (!implementation) {
    return problem(501, `The Konnect emulator does not implement ${operation.operationId}`);
  }
  return respond(
    implementation({
      ctx,
      method: request.method,
      path,
      params: operation.pathParams,
      query: request.url.searchParams,
      body: parsed.body,
    }),
  );
}

function isAuthorised(request: EmulatorRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] === token;
}

function parseBody(request: EmulatorRequest, dialect: Dialect): { body: unknown } | { reply: EmulatorReply } {
  if (request.body.length === 0) return { body: undefined };
  const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
  if (!/^application\/([\w.+-]+\+)?json\b/.test(contentType)) {
    return { reply: problem(415, 'This API only supports requests with `Content-Type: application/json`') };
  }
  try {
    return { body: JSON.parse(request.body.toString('utf8')) as unknown };
  } catch {
    return {
      reply:
        dialect === 'core'
          ? coreBadRequest('invalid JSON in request body')
          : badRequest([{ field: 'body', rule: 'invalid', source: 'body', reason: 'request format is invalid' }], 'Invalid request format'),
    };
  }
}

// ---------------------------------------------------------------- request violations → Konnect's 400

function refuse(dialect: Dialect, found: Violation[]): EmulatorReply {
  if (dialect === 'core') return coreValidationError(toCoreDetails(found));
  return badRequest(found.map(toInvalidParameter));
}

/** The `rule` values the spec's `InvalidParameterStandard` allows. */
const STANDARD_RULES = new Set([
  'required',
  'is_array',
  'is_base64',
  'is_boolean',
  'is_date_time',
  'is_integer',
  'is_null',
  'is_number',
  'is_object',
  'is_string',
  'is_uuid',
  'is_fqdn',
  'is_arn',
  'unknown_property',
  'missing_reference',
  'is_label',
  'matches_regex',
  'invalid',
  'type',
]);
const MINIMUM_RULES = new Set(['min_length', 'min_digits', 'min_lowercase', 'min_uppercase', 'min_symbols', 'min_items', 'min']);
const MAXIMUM_RULES = new Set(['max_length', 'max_items', 'max']);

/**
 * One of the spec's `InvalidParameter*` shapes. A rule needing a companion value (`minimum`,
 * `maximum`, `choices`) keeps its rule only when the violation carries that value.
 */
function toInvalidParameter(violation: Violation): InvalidParameter {
  const extra = violation as Violation & { minimum?: unknown; maximum?: unknown; choices?: unknown };
  const base = { field: violation.field, source: violation.source, reason: violation.reason };
  const rule = violation.rule;
  if (STANDARD_RULES.has(rule)) return { ...base, rule };
  if (MINIMUM_RULES.has(rule) && typeof extra.minimum === 'number') return { ...base, rule, minimum: extra.minimum };
  if (MAXIMUM_RULES.has(rule) && typeof extra.maximum === 'number') return { ...base, rule, maximum: extra.maximum };
  if (rule === 'enum' && Array.isArray(extra.choices) && extra.choices.length > 0) return { ...base, rule, choices: extra.choices };
  return { ...base, rule: 'invalid' };
}

/** Kong's validation details: one `ERROR_TYPE_FIELD` per field, its reasons as messages. */
function toCoreDetails(found: Violation[]): CoreErrorDetail[] {
  const byField = new Map<string, string[]>();
  for (const violation of found) {
    const field = violation.field.replace(/^body\.?/, '') || violation.field;
    byField.set(field, [...(byField.get(field) ?? []), violation.reason]);
  }
  return [...byField].map(([field, messages]) => ({ type: 'ERROR_TYPE_FIELD', field, messages }));
}

// ---------------------------------------------------------------- response validation

/**
 * Where Konnect answers in ways the specs do not declare, the emulator answers like Konnect, and says
 * so here. Each gap names what it tolerates; everything else a response does must match the spec.
 */
interface SpecGap {
  why: string;
  /** The violations of `reply` this gap explains away. */
  explains(violation: Violation, reply: EmulatorReply): boolean;
}

const SPEC_GAPS: readonly SpecGap[] = [
  {
    why:
      'Konnect refuses a request that breaks the spec or its rules with a 400 on every operation (the brief, the facts ' +
      'file: e.g. the plugin unique-constraint 400), while many operations declare no 400. The body is then checked ' +
      'against the 400 that the same API declares elsewhere (see `siblingFor`).',
    explains: (violation, reply) => reply.status === 400 && violation.rule === 'undeclared_status',
  },
  {
    why:
      "Konnect's gateway throttles any operation with 429 (Kong Identity: 100 requests per second per auth server), " +
      'and neither the Kong Identity nor the control-plane specs declare a 429 on any operation, nor the Retry-After and ' +
      'RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset headers it carries (the contract layer checks no headers). ' +
      "The body is then checked against the API's 404 problem document (see `siblingFor`).",
    explains: (violation, reply) => reply.status === 429 && violation.rule === 'undeclared_status',
  },
  {
    why:
      'Konnect has been captured answering 429 with `{"message":"API rate limit exceeded"}` (Kong/deck#1364, ' +
      'Kong/kong-operator#2513 and #2856), no problem document: with the `rateLimitBody` knob at `message` (the ' +
      'default) that exact body is the whole answer.',
    explains: (_violation, reply) => reply.status === 429 && isDeepStrictEqual(reply.body, { message: RATE_LIMIT_MESSAGE }),
  },
  {
    why:
      "Kong answers a Consumer whose `username` or `custom_id` is taken with 409 (the Admin API's unique " +
      'violation), which the Consumer operations do not declare.',
    explains: (violation, reply) =>
      reply.status === 409 && violation.rule === 'undeclared_status' && (reply.body as { name?: unknown } | undefined)?.name === 'unique constraint violation',
  },
  {
    why: 'Konnect answers a body that is not JSON with 415, which no operation the emulator serves declares.',
    explains: (violation, reply) => reply.status === 415 && violation.rule === 'undeclared_status',
  },
  {
    why:
      "Core-entity lists: `next` is described as 'URI to the next page (may be null)' but typed as a non-nullable " +
      'string. Kong (and the brief) answer `next: null` on the last page.',
    explains: (violation, reply) =>
      violation.field === 'next' && typeof reply.body === 'object' && reply.body !== null && (reply.body as { next?: unknown }).next === null,
  },
];

/**
 * For a 400 or 429 on an operation that declares none: an operation of the same API that declares a
 * schema the emulator's body should match. A 400 is checked against that API's 400 (core entities
 * declare none for these operations: their legacy `{message}` 400 is the closest); a 429, which
 * Konnect's gateway writes before any API sees the request, against the platform's 404 problem document.
 */
function siblingFor(status: 400 | 429, path: string): { method: string; path: string; status: number } {
  const anyId = '00000000-0000-4000-8000-000000000000';
  if (status === 429) {
    if (path.startsWith('/v1/')) return { method: 'GET', path: `/v1/auth-servers/${anyId}`, status: 404 };
    return { method: 'GET', path: `/v2/control-planes/${anyId}`, status: 404 };
  }
  if (path.startsWith('/v1/')) return { method: 'POST', path: '/v1/auth-servers', status };
  const core = /^(\/v2\/control-planes\/[^/]+)\/core-entities(\/|$)/.exec(path);
  if (core?.[1] !== undefined) return { method: 'POST', path: `${core[1]}/dp-client-certificates`, status };
  return { method: 'GET', path: '/v2/control-planes', status };
}

/**
 * The contract check of a 429 the rate limiter answered for this request (an unknown path is left
 * alone: Konnect would have throttled it just the same).
 */
export function checkThrottledReply(violations: ViolationLog, request: EmulatorRequest, reply: EmulatorReply): EmulatorReply {
  const path = stripTrailingSlash(request.url.pathname);
  const operation = matchOperation(request.method, path);
  if (!operation) return reply;
  return checkResponse(violations, { method: request.method, path, operationId: operation.operationId }, reply);
}

function checkResponse(violations: ViolationLog, where: { method: string; path: string; operationId: string }, reply: EmulatorReply): EmulatorReply {
  const contentType = reply.body === undefined ? undefined : (headerValue(reply.headers, 'content-type') ?? 'application/json');
  let found = validateResponse(where.method, where.path, reply.status, contentType, reply.body);
  if ((reply.status === 400 || reply.status === 429) && found.some((violation) => violation.rule === 'undeclared_status')) {
    const sibling = siblingFor(reply.status, where.path);
    found = [...found, ...validateResponse(sibling.method, sibling.path, sibling.status, contentType, reply.body)];
  }
  found = found.filter((violation) => !SPEC_GAPS.some((gap) => gap.explains(violation, reply)));
  if (found.length === 0) return reply;
  violations.add({ ...where, status: reply.status, violations: found, body: reply.body });
  return {
    status: 500,
    headers: { 'content-type': 'application/problem+json' },
    body: {
      status: 500,
      title: 'Emulator response violates the spec',
      instance: `kong:trace:${traceId()}`,
      detail: `The emulator's ${reply.status} reply to ${where.method} ${where.path} (${where.operationId}) does not match the spec: this is an emulator bug.`,
      violations: found,
      reply: { status: reply.status, body: reply.body },
    },
  };
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

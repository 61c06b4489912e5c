import * as z from 'zod/mini';
import { ActionError } from '../errors/errors.js';
import { clip } from '../http/json-body.js';
import { describeNetworkError } from '../http/network-errors.js';

/**
 * Konnect's error bodies, made readable. Kong Identity and control planes answer with
 * application/problem+json (`title`, `detail`, `instance: kong:trace:…`, `invalid_parameters`);
 * core entities with `{message, …}` or `{code, message, details[]}`.
 */

export interface InvalidParameter {
  field: string;
  reason: string;
  rule?: string;
}

export class KonnectApiError extends ActionError {
  override readonly name = 'KonnectApiError';
  readonly title: string | undefined;
  readonly detail: string | undefined;
  /** `kong:trace:<id>`: what Kong support asks for. */
  readonly traceId: string | undefined;
  readonly invalidParameters: InvalidParameter[];

  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    body: string,
  ) {
    const parsed = parseErrorBody(body);
    super(describe(method, path, status, parsed), { hint: hintForStatus(status) });
    this.title = parsed.title;
    this.detail = parsed.detail;
    this.traceId = parsed.traceId;
    this.invalidParameters = parsed.invalidParameters;
  }

  /** Words from the whole error (detail, messages, reasons), for recognising a kind of refusal. */
  mentions(pattern: RegExp): boolean {
    return pattern.test(this.message);
  }
}

/** The API could not be reached at all (after retries). */
export class KonnectUnreachableError extends ActionError {
  override readonly name = 'KonnectUnreachableError';

  constructor(
    readonly method: string,
    readonly path: string,
    cause: unknown,
  ) {
    super(`${method} ${path} failed: ${describeNetworkError(cause)}`, {
      cause,
      hint: 'The connection to Konnect failed (after retries): check that the runner reaches the API (api-url / region, HTTPS_PROXY and NO_PROXY), then run again; retry-max-attempts allows more attempts.',
    });
  }
}

/**
 * Konnect answered, but not as Konnect answers: a body too large, not JSON or of the wrong shape,
 * or a list whose pages never end. Nothing the answer said was acted on.
 */
export class KonnectResponseError extends ActionError {
  override readonly name = 'KonnectResponseError';

  constructor(
    readonly method: string,
    readonly path: string,
    problem: string,
  ) {
    super(`${method} ${path} ${problem}.`, {
      hint: 'The answer is not one the Konnect API gives: set api-url to the API base URL itself (https://<region>.api.konghq.com), or leave it empty and set region, and check that no proxy answers in its place; if it persists, report it to Kong support.',
    });
  }
}

interface ParsedErrorBody {
  title?: string;
  detail?: string;
  traceId?: string;
  invalidParameters: InvalidParameter[];
}

/**
 * What the action reads of an error body, every part optional: a part of the wrong type counts as
 * absent (zod's catch), so a broken or hostile error body still gives a readable refusal, never a
 * crash. Everything else in it is ignored.
 */
const someText = z.catch(
  z.optional(
    z.pipe(
      z.string(),
      z.transform((text) => clip(text)),
    ),
  ),
  undefined,
);
const shownText = z.catch(
  z.optional(
    z.pipe(
      z.union([z.string(), z.number(), z.boolean()]),
      z.transform((value) => clip(String(value), 120)),
    ),
  ),
  undefined,
);
const errorBodySchema = z.object({
  title: someText,
  detail: someText,
  message: someText,
  instance: someText,
  // Kong Identity and control planes (problem+json).
  invalid_parameters: z.catch(z.array(z.catch(z.object({ field: shownText, reason: shownText, rule: someText }), {})), []),
  // Core entities: {code, message, details: [{field, messages[]}]}.
  details: z.catch(z.array(z.catch(z.object({ field: shownText, messages: z.catch(z.array(shownText), []), type: shownText }), { messages: [] })), []),
});

/** A refusal names a handful of fields; a body that lists more is cut short. */
const MAX_INVALID_PARAMETERS = 20;

export function parseErrorBody(body: string): ParsedErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const text = clip(body.trim(), 200);
    return text ? { detail: text, invalidParameters: [] } : { invalidParameters: [] };
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return { invalidParameters: [] }; // not an object
  const { title, detail, message, instance, invalid_parameters: problems, details } = parsed.data;
  const invalidParameters: InvalidParameter[] = [
    ...problems.map((item) => ({ field: item.field ?? '?', reason: item.reason ?? '', ...(item.rule === undefined ? {} : { rule: item.rule }) })),
    ...details.map((item) => ({ field: item.field ?? '?', reason: item.messages.filter((text) => text !== undefined).join('; ') || (item.type ?? '') })),
  ].slice(0, MAX_INVALID_PARAMETERS);
  const said = detail ?? message;
  return {
    ...(title === undefined ? {} : { title }),
    ...(said === undefined ? {} : { detail: said }),
    ...(instance?.startsWith('kong:trace:') ? { traceId: instance } : {}),
    invalidParameters,
  };
}

function describe(method: string, path: string, status: number, body: ParsedErrorBody): string {
  const parts = [`${method} ${path} returned HTTP ${status}${body.title ? ` ${body.title}` : ''}`];
  if (body.detail && body.detail !== body.title) parts.push(`: ${body.detail}`);
  if (body.invalidParameters.length > 0) {
    parts.push(` [${body.invalidParameters.map((p) => `${p.field}: ${p.reason}`).join('; ')}]`);
  }
  if (body.traceId) parts.push(` (trace id ${body.traceId})`);
  return parts.join('');
}

/** What to do about a refusal, by status. */
function hintForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'Konnect refused the request as invalid: check the inputs behind the fields listed above.';
    case 401:
      return 'Konnect did not accept konnect-token: check that the token is current and belongs to the region (region / api-url).';
    case 403:
      return 'konnect-token lacks a permission: give its system account the roles docs/security.md lists (on the control plane, Viewer, Plugin Admin and, with create-consumer, Consumer Admin; in Kong Identity, Auth Servers Admin), then run again.';
    case 404:
      return "Konnect has no such resource: if the run found it earlier, it was deleted meanwhile, so run the action again; if this was the run's first request, api-url is not the API's base URL (https://<region>.api.konghq.com, no path).";
    case 409:
      return 'A resource with this name already exists and could not be reused: run the action again; if it persists, rename it or remove the duplicate in Konnect.';
    case 429:
      return 'Konnect is throttling requests: run again later, or raise retry-max-attempts.';
    default:
      if (status >= 300 && status < 400) {
        return 'The action never follows a redirect with konnect-token: set api-url to the API base URL itself (https://<region>.api.konghq.com), or leave it empty and set region.';
      }
      if (status >= 500) return 'Konnect had a server error: run again later; if it persists, report the trace id to Kong support.';
      return 'Konnect refused the request: check the inputs behind the fields or detail named above; if it persists, report the trace id to Kong support.';
  }
}

/**
 * The HTTP status of the Konnect refusal behind `error`, whatever wraps it (a StepError's cause, a
 * cause's cause), or undefined when no refusal is in the chain.
 */
export function konnectStatus(error: unknown): number | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof KonnectApiError) return current.status;
  }
  return undefined;
}

/** The Konnect refusal behind `error`, when its status is one of `statuses`. */
export function konnectRefusal(error: unknown, ...statuses: number[]): KonnectApiError | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof KonnectApiError) return statuses.includes(current.status) ? current : undefined;
  }
  return undefined;
}

/**
 * Deletes, treating "not found" as done: a rerun after a crash, a retry after a lost answer, or a
 * concurrent run finds it already gone. Core entities answer 204 either way; Kong Identity 404.
 */
export async function deleteIfPresent(remove: () => Promise<void>): Promise<'deleted' | 'absent'> {
  try {
    await remove();
    return 'deleted';
  } catch (error) {
    if (konnectStatus(error) === 404) return 'absent';
    throw error;
  }
}

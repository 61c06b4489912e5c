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

export class KonnectApiError extends Error {
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
    super(describe(method, path, status, parsed));
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
export class KonnectUnreachableError extends Error {
  override readonly name = 'KonnectUnreachableError';

  constructor(
    readonly method: string,
    readonly path: string,
    cause: unknown,
  ) {
    super(`${method} ${path} failed: ${describeNetworkError(cause)}`, { cause });
  }

  readonly hint =
    'The connection to Konnect failed (after retries): check that the runner reaches the API (api-url / region, HTTPS_PROXY and NO_PROXY), then run again; retry-max-attempts allows more attempts.';
}

interface ParsedErrorBody {
  title?: string;
  detail?: string;
  traceId?: string;
  invalidParameters: InvalidParameter[];
}

export function parseErrorBody(body: string): ParsedErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const text = body.trim().slice(0, 200);
    return text ? { detail: text, invalidParameters: [] } : { invalidParameters: [] };
  }
  if (typeof json !== 'object' || json === null) return { invalidParameters: [] };
  const record = json as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);

  const invalidParameters: InvalidParameter[] = [];
  if (Array.isArray(record['invalid_parameters'])) {
    for (const item of record['invalid_parameters'] as Array<Record<string, unknown>>) {
      invalidParameters.push({
        field: asText(item['field']) ?? '?',
        reason: asText(item['reason']) ?? '',
        ...(typeof item['rule'] === 'string' ? { rule: item['rule'] } : {}),
      });
    }
  }
  // Core entities: {code, message, details: [{field, messages[]}]}.
  if (Array.isArray(record['details'])) {
    for (const item of record['details'] as Array<Record<string, unknown>>) {
      const messages = Array.isArray(item['messages']) ? (item['messages'] as unknown[]).flatMap((message) => asText(message) ?? []) : [];
      invalidParameters.push({ field: asText(item['field']) ?? '?', reason: messages.join('; ') || (asText(item['type']) ?? '') });
    }
  }
  const instance = text('instance');
  const title = text('title');
  const detail = text('detail') ?? text('message');
  return {
    ...(title === undefined ? {} : { title }),
    ...(detail === undefined ? {} : { detail }),
    ...(instance?.startsWith('kong:trace:') ? { traceId: instance } : {}),
    invalidParameters,
  };
}

/**
 * A value of an error body as text, at most 200 characters: strings, numbers and booleans as
 * written, anything else (an object, a list) as JSON rather than `[object Object]`; undefined for
 * null or absent.
 */
function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  if (text === undefined) return undefined;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
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
export function hintForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'Konnect refused the request as invalid: check the inputs behind the fields listed above.';
    case 401:
      return 'Konnect did not accept konnect-token: check that the token is current and belongs to the region (region / api-url).';
    case 403:
      return "konnect-token lacks a permission: give its system account the roles the action's SECURITY.md lists (on this control plane, Viewer and Plugin Admin; in Kong Identity, the role that manages auth servers), then run again.";
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
      if (status < 300) {
        return 'The answer is not one the Konnect API gives: set api-url to the API base URL itself (https://<region>.api.konghq.com), or leave it empty and set region.';
      }
      return 'Konnect refused the request: check the inputs behind the fields or detail named above; if it persists, report the trace id to Kong support.';
  }
}

// Konnect's error bodies. Two dialects live side by side:
// - the platform APIs (Kong Identity `/v1`, control planes `/v2/control-planes…`) answer with
//   `application/problem+json` documents: `status`, `title`, `type`, `instance` (`kong:trace:<id>`),
//   `detail`, and for a 400 `invalid_parameters[]`;
// - the core-entity API (`/v2/control-planes/{id}/core-entities/…`, Konnect's hosted Kong Admin API)
//   answers with plain JSON: `{code, message, details[]}` for 400s and `{message, status}` for 401s.
import { traceId } from '../http/server.js';
import type { EmulatorReply } from '../http/types.js';

// ---------------------------------------------------------------- platform problems

/** One entry of `invalid_parameters`, in one of the spec's `InvalidParameter*` shapes. */
export interface InvalidParameter {
  field: string;
  reason: string;
  rule?: string | null;
  source?: string;
  minimum?: number;
  maximum?: number;
  choices?: unknown[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  501: 'Not Implemented',
};

export function problem(status: number, detail: string, extra: Record<string, unknown> = {}): EmulatorReply {
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: {
      status,
      title: TITLES[status] ?? 'Error',
      type: `https://httpstatuses.com/${status}`,
      instance: `kong:trace:${traceId()}`,
      detail,
      ...extra,
    },
  };
}

export function badRequest(invalidParameters: InvalidParameter[], detail = 'Invalid request'): EmulatorReply {
  return problem(400, detail, { invalid_parameters: dedupe(invalidParameters) });
}

export const notFound = (detail = 'Not Found'): EmulatorReply => problem(404, detail);
export const conflict = (detail: string): EmulatorReply => problem(409, detail);
export const forbidden = (detail: string): EmulatorReply => problem(403, detail);

/** The spec's `invalid_parameters` is `uniqueItems`: one entry per distinct complaint. */
function dedupe(parameters: InvalidParameter[]): InvalidParameter[] {
  const seen = new Set<string>();
  return parameters.filter((parameter) => {
    const key = JSON.stringify(parameter);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------- core-entity (Kong Admin API) errors

export interface CoreErrorDetail {
  type: 'ERROR_TYPE_FIELD' | 'ERROR_TYPE_ENTITY' | 'ERROR_TYPE_REFERENCE';
  field?: string;
  messages: string[];
}

function coreError(status: number, code: number, message: string, details: CoreErrorDetail[] = []): EmulatorReply {
  return {
    status,
    body: {
      code,
      message,
      details: details.map((detail) => ({ '@type': 'type.googleapis.com/kong.admin.model.v1.ErrorDetail', ...detail })),
    },
  };
}

/** Schema-level refusal: `{"code":3,"message":"validation error","details":[…]}`. */
export const coreValidationError = (details: CoreErrorDetail[]): EmulatorReply => coreError(400, 3, 'validation error', details);

/** Uniqueness and foreign-key refusal: `{"code":3,"message":"data constraint error","details":[…]}`. */
export function coreConstraintError(field: string, message: string): EmulatorReply {
  return coreError(400, 3, 'data constraint error', [{ type: 'ERROR_TYPE_REFERENCE', field, messages: [message] }]);
}

/** The message Kong's data layer gives for a unique constraint, e.g. `name (type: unique) constraint failed for value 'x': `. */
export function uniqueMessage(constraint: string, value: string): string {
  return `${constraint} (type: unique) constraint failed for value '${value}': `;
}

/**
 * A foreign key given by an endpoint key (`{"name": …}`) that no entity has: Kong's message
 * (`kong/db/errors.lua`, foreign_keys_unresolved) in Konnect's constraint-error envelope.
 */
export function foreignKeyUnresolved(field: string, key: string, value: string, entity: string): EmulatorReply {
  return coreConstraintError(`${field}.${key}`, `the foreign key cannot be resolved with '{${key}="${value}"}' for an existing '${entity}' entity`);
}

export const coreNotFound = (): EmulatorReply => coreError(404, 5, 'not found');

/**
 * Kong's Admin API answers a duplicate Consumer `username` or `custom_id` with 409 and its
 * unique-violation body (`code` 5), e.g. `UNIQUE violation detected on '{username="bob"}'`.
 */
export function coreUniqueViolation(field: string, value: string): EmulatorReply {
  return {
    status: 409,
    body: {
      code: 5,
      name: 'unique constraint violation',
      message: `UNIQUE violation detected on '{${field}="${value}"}'`,
      fields: { [field]: value },
    },
  };
}

/** A request the core-entity API cannot parse at all (bad JSON, bad offset, bad ID). */
export const coreBadRequest = (message: string): EmulatorReply => ({ status: 400, body: { code: 3, message } });

/** Core-entity 401s are `{message, status}` (the spec's `GatewayUnauthorizedError`). */
export const coreUnauthorized = (): EmulatorReply => ({ status: 401, body: { message: 'Unauthorized', status: 401 } });

/** An unknown control plane under `/core-entities/`: answered by Konnect's platform layer, legacy shape. */
export const coreControlPlaneNotFound = (): EmulatorReply => ({ status: 404, body: { message: 'Not Found', status: 404 } });

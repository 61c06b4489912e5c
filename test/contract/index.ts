// Contract checks for Konnect HTTP traffic against Kong's published OpenAPI specs (see specs/SOURCE.md).
// Specs are parsed on first use and each schema is compiled the first time an operation needs it.
import { parameterViolations, requestBodyViolations } from './request-validation.js';
import { responseViolations } from './response-validation.js';
import { routeRequest } from './router.js';
import type { ApiName } from './spec-catalog.js';
import type { Violation, ViolationSource } from './violations.js';

export type { ApiName } from './spec-catalog.js';
export type { Violation, ViolationSource } from './violations.js';

export interface OperationMatch {
  api: ApiName;
  operationId: string;
  /** Full template including the API's base path, e.g. `/v1/auth-servers/{authServerId}/clients`. */
  pathTemplate: string;
  /** Decoded path segments by parameter name, e.g. `{ authServerId: '…' }`. */
  pathParams: Record<string, string>;
}

/** The operation `method pathname` calls, or undefined when no spec declares it (the emulator answers 404). */
export function matchOperation(method: string, pathname: string): OperationMatch | undefined {
  const routed = routeRequest(method, pathname);
  if (routed === undefined) return undefined;
  const { operation, pathParams } = routed;
  return { api: operation.spec.api, operationId: operation.operationId, pathTemplate: operation.pathTemplate, pathParams };
}

/**
 * Path parameters, declared query parameters and the JSON body (`body` is the parsed JSON, undefined when the
 * request had none). An empty list means the request honours the contract.
 */
export function validateRequest(method: string, pathname: string, query: URLSearchParams, body: unknown): Violation[] {
  const routed = routeRequest(method, pathname);
  if (routed === undefined) return [unknownOperation(method, pathname, 'path')];
  return [...parameterViolations(routed, query), ...requestBodyViolations(routed.operation, body)];
}

/** Status, content type and JSON body (parsed, or undefined when there is none) of the answer to `method pathname`. */
export function validateResponse(method: string, pathname: string, status: number, contentType: string | undefined, body: unknown): Violation[] {
  const routed = routeRequest(method, pathname);
  if (routed === undefined) return [unknownOperation(method, pathname, 'response')];
  return responseViolations(routed.operation, status, contentType, body);
}

function unknownOperation(method: string, pathname: string, source: ViolationSource): Violation {
  return { field: pathname, rule: 'unknown_operation', reason: `no Konnect operation matches ${method.toUpperCase()} ${pathname}`, source };
}

// What one Konnect API operation handler sees: the request already authenticated, routed by the
// spec (operationId + path parameters) and validated against it, its JSON body parsed.
import type { EmulatorContext } from '../context.js';
import type { EmulatorReply } from '../http/types.js';

export interface ApiRequest {
  ctx: EmulatorContext;
  method: string;
  /** The path without the query and without a trailing slash, e.g. `/v1/auth-servers/…`. */
  path: string;
  /** Path parameters named as in the spec (`authServerId`, `controlPlaneId`, `PluginId`, …), decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; `undefined` when the request had none. */
  body: unknown;
}

export type Operation = (request: ApiRequest) => EmulatorReply;

/** Operation handlers by the spec's operationId. */
export type Operations = Readonly<Record<string, Operation>>;

/** The JSON body as an object; the spec validation has already refused anything else where a body is required. */
export function bodyObject(request: ApiRequest): Record<string, unknown> {
  const { body } = request;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** A path parameter the router guarantees for this operation. */
export function param(request: ApiRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new Error(`emulator bug: path parameter ${name} missing for ${request.path}`);
  return value;
}

/** The success replies every operation shares (errors are in errors.ts). */
export const ok = (body: unknown): EmulatorReply => ({ status: 200, body });
export const created = (body: unknown): EmulatorReply => ({ status: 201, body });
export const noContent: EmulatorReply = { status: 204 };

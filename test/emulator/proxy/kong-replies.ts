// Responses that Kong itself produces (as opposed to the upstream's), with Kong's headers.
import { randomBytes } from 'node:crypto';
import type { EmulatorReply } from '../http/types.js';

/** The data-plane version the emulated gateway claims to be (Konnect's data planes run Enterprise). */
export const KONG_VERSION = '3.11.0.0-enterprise-edition';
export const KONG_SERVER = `kong/${KONG_VERSION}`;

/** One proxied request's bookkeeping: Kong's 32-hex-digit request id and when handling began. */
export interface Exchange {
  requestId: string;
  startedAt: number;
}

export function newExchange(): Exchange {
  return { requestId: randomBytes(16).toString('hex'), startedAt: Date.now() };
}

/** `kong.response.exit`: a body Kong writes itself, with Kong's latency and request-id headers. */
export function kongExit(exchange: Exchange, status: number, body: unknown, headers: Record<string, string> = {}): EmulatorReply {
  return {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      Server: KONG_SERVER,
      'X-Kong-Response-Latency': String(Date.now() - exchange.startedAt),
      'X-Kong-Request-Id': exchange.requestId,
      ...headers,
    },
    body,
  };
}

/** `kong.response.error` (router and core errors): since Kong 3.5 the body carries the request id. */
export function kongError(exchange: Exchange, status: number, message: string): EmulatorReply {
  return kongExit(exchange, status, { message, request_id: exchange.requestId });
}

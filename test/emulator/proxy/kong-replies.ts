// Responses that Kong itself produces (as opposed to the upstream's), with Kong's headers.
import { randomBytes } from 'node:crypto';
import type { EmulatorReply } from '../http/types.js';
import type { GatewayVersion } from '../v2/openid-connect.js';

/** One proxied request's bookkeeping: Kong's 32-hex-digit request id, when handling began, and the gateway's name. */
export interface Exchange {
  requestId: string;
  startedAt: number;
  /** `Server` and `Via` name the data plane's version (Konnect's data planes run Enterprise), e.g. `kong/3.15.0.0-enterprise-edition`. */
  server: string;
}

export function newExchange(gatewayVersion: GatewayVersion): Exchange {
  return { requestId: randomBytes(16).toString('hex'), startedAt: Date.now(), server: `kong/${gatewayVersion}.0.0-enterprise-edition` };
}

/** `kong.response.exit`: a body Kong writes itself, with Kong's latency and request-id headers. */
export function kongExit(exchange: Exchange, status: number, body: unknown, headers: Record<string, string> = {}): EmulatorReply {
  return {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      Server: exchange.server,
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

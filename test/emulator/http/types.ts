// What every handler of the emulator's three ports (API, issuer, proxy) sees and returns.
// The shared server in this folder reads the body, applies latency and faults, logs the request,
// calls the handler and writes its reply; handlers stay plain functions of request → reply.
import type { IncomingHttpHeaders } from 'node:http';

/** Faults that corrupt a minted token rather than the HTTP exchange (issue 5's token checks). */
export type TokenFault = 'wrong-aud' | 'wrong-iss' | 'bad-signature' | 'expired' | 'long-lived';

export interface EmulatorRequest {
  method: string;
  /** Full URL as received, on the port's own origin (`url.pathname`, `url.searchParams`). */
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Set when a token fault matches this request (only the token endpoint acts on it). */
  tokenFault?: TokenFault;
}

export interface EmulatorReply {
  status: number;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as it is; anything else is sent as JSON. */
  body?: unknown;
}

export type Handler = (request: EmulatorRequest) => EmulatorReply | Promise<EmulatorReply>;

// The one HTTP server factory behind all three ports (API, issuer, proxy). Per request it reads the
// body, waits the injected latency, applies the rate limits (rate-limits.ts), applies a matching
// fault, calls the port's handler, writes the reply and records the exchange in the emulator's
// single request log.
//
// `/_emulator/*` on a server given an `admin` handler bypasses all of that: no latency, no faults,
// no log entry (inspection must not disturb what it inspects).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EmulatorOptions } from '../context.js';
import type { FaultTable } from './faults.js';
import { throttledBody, throttledReply, type RateLimiter, type RateLimitScope } from './rate-limits.js';
import type { EmulatorReply, EmulatorRequest, Handler } from './types.js';

/** One line of `GET /_emulator/requests`: the fixed interface outside checks read. */
export interface RequestLogEntry {
  method: string;
  /** The path as received, without the query string. */
  path: string;
  /** The status sent; 0 when the connection was dropped without a reply (`reset`, `apply-then-drop`). */
  status: number;
  /** Milliseconds since the epoch: when the request arrived and when its reply was written. */
  start: number;
  end: number;
}

/**
 * What in-process listeners see of an exchange beyond its log entry (never served over HTTP): enough
 * to tell a repeated request from another one to the same path, and the throttling headers sent.
 */
export interface RequestExchange {
  /** The path with its query string, as received. */
  target: string;
  body: Buffer;
  /** The reply's headers, names in lower case; empty when the connection was dropped. */
  replyHeaders: Record<string, string>;
  /**
   * When the reply was handed to the socket (ms since the epoch): the client cannot have it earlier,
   * while the log's `end` (the write finished) may come later than the client reads it.
   */
  repliedAt: number;
}

export type RequestListener = (entry: RequestLogEntry, exchange: RequestExchange) => void;

/** The in-order log of every request on every port, ordered by arrival. */
export class RequestLog {
  private entries: { seq: number; entry: RequestLogEntry }[] = [];
  private seq = 0;
  private readonly listeners = new Set<RequestListener>();

  /** Reserves the request's place in arrival order; call the returned function once it is done. */
  begin(
    method: string,
    path: string,
    start: number,
    request: Pick<RequestExchange, 'target' | 'body'> = { target: path, body: Buffer.alloc(0) },
  ): (status: number, replyHeaders?: Record<string, string>, repliedAt?: number) => void {
    const seq = this.seq++;
    return (status, replyHeaders = {}, repliedAt) => {
      const entry = { method, path, status, start, end: Date.now() };
      this.entries.push({ seq, entry });
      const headers = Object.fromEntries(Object.entries(replyHeaders).map(([name, value]) => [name.toLowerCase(), value]));
      const exchange = { ...request, replyHeaders: headers, repliedAt: repliedAt ?? entry.end };
      this.listeners.forEach((listener) => listener({ ...entry }, exchange));
    };
  }

  /** Calls `listener` with each entry as it is logged (its reply written); returns the unsubscribe. */
  subscribe(listener: RequestListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): RequestLogEntry[] {
    return [...this.entries].sort((a, b) => a.seq - b.seq).map(({ entry }) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }
}

export interface ServerDeps {
  options: EmulatorOptions;
  faults: FaultTable;
  log: RequestLog;
  /** Answers `/_emulator/*` on this port; only the API port has one. */
  admin?: Handler;
  /** The emulator's rate limits, and the scopes a request to this port counts in. */
  rateLimits?: PortRateLimits;
}

export interface PortRateLimits {
  limiter: RateLimiter;
  scopesOf(request: EmulatorRequest): RateLimitScope[];
  /** Checks a 429 the limiter wrote against the port's contract (the API port's specs); returns what to send. */
  checkThrottled?(request: EmulatorRequest, reply: EmulatorReply): EmulatorReply;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  /** Installs the port's handler; requests before that get 503 (the emulator is still starting). */
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

export async function startServer(port: number, deps: ServerDeps): Promise<RunningServer> {
  let handler: Handler = () => ({ status: 503, body: { message: 'emulator starting' } });
  const server = createServer((req, res) => {
    void serve(req, res, deps, handler);
  });
  // The action and tests reuse connections; keep idle ones around long enough to matter.
  server.keepAliveTimeout = 10_000;
  await listen(server, port);
  const actualPort = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    setHandler(next) {
      handler = next;
    },
    close: () => close(server),
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, deps: ServerDeps, handler: Handler): Promise<void> {
  const start = Date.now();
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
  const method = (req.method ?? 'GET').toUpperCase();
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch {
    res.destroy();
    return;
  }
  const request: EmulatorRequest = { method, url, headers: req.headers, body };

  if (deps.admin && url.pathname.startsWith('/_emulator/')) {
    writeReply(res, await runHandler(deps.admin, request));
    return;
  }

  const done = deps.log.begin(method, url.pathname, start, { target: `${url.pathname}${url.search}`, body });
  if (deps.options.latencyMs > 0) await sleep(deps.options.latencyMs);

  const limits = deps.rateLimits;
  const decision = limits?.limiter.take(limits.scopesOf(request));
  if (decision?.allowed === false) {
    const throttled = throttledReply(decision.headers, `kong:trace:${traceId()}`, deps.options);
    const reply = limits?.checkThrottled?.(request, throttled) ?? throttled;
    const repliedAt = Date.now();
    writeReply(res, reply, () => done(reply.status, reply.headers, repliedAt));
    return;
  }
  const rateLimitHeaders = decision?.headers ?? {};

  const fault = deps.faults.take(method, url.pathname);
  if (fault?.type === 'status') {
    const headers: Record<string, string> = fault.status === 429 && fault.retryAfterSeconds !== null ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
    const { headers: contentType, body } = faultBody(fault.status, deps.options);
    const repliedAt = Date.now();
    writeReply(res, { status: fault.status, headers: { ...headers, ...contentType }, body }, () => done(fault.status, headers, repliedAt));
    return;
  }
  if (fault?.type === 'reset') {
    drop(res, () => done(0));
    return;
  }
  if (fault?.type === 'token') request.tokenFault = fault.fault;

  const reply = await runHandler(handler, request);
  if (fault?.type === 'apply-then-drop') {
    drop(res, () => done(0));
    return;
  }
  const headers = { ...rateLimitHeaders, ...reply.headers };
  const repliedAt = Date.now();
  writeReply(res, { ...reply, headers }, () => done(reply.status, headers, repliedAt));
}

/** A handler that throws is an emulator bug: answer 500 with the error so the test shows it. */
async function runHandler(handler: Handler, request: EmulatorRequest): Promise<EmulatorReply> {
  try {
    return await handler(request);
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { status: 500, body: { status: 500, title: 'Emulator handler crashed', detail } };
  }
}

/** An injected fault's body: a 429 as the `rateLimitBody` knob says, an outage a problem document. */
function faultBody(status: number, options: EmulatorOptions): { headers: Record<string, string>; body: unknown } {
  const instance = `kong:trace:${traceId()}`;
  if (status === 429) return throttledBody(options.rateLimitBody, instance, 'Injected fault');
  const titles: Record<number, string> = {
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return { headers: {}, body: { status, title: titles[status] ?? 'Error', instance, detail: 'Injected fault' } };
}

export function traceId(): string {
  // Konnect's correlation IDs are 19-digit decimal numbers.
  let id = String(1 + Math.floor(Math.random() * 9));
  while (id.length < 19) id += String(Math.floor(Math.random() * 10));
  return id;
}

function writeReply(res: ServerResponse, reply: EmulatorReply, onFinish?: () => void): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: Buffer | undefined;
  if (reply.body === undefined || reply.status === 204 || reply.status === 304) {
    payload = undefined;
  } else if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) {
    payload = Buffer.from(reply.body);
  } else {
    payload = Buffer.from(JSON.stringify(reply.body));
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
  }
  if (payload) headers['content-length'] = String(payload.length);
  if (onFinish) {
    res.once('finish', onFinish);
    res.once('close', () => {
      if (!res.writableFinished) onFinish();
    });
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Ends the exchange without a reply, as a broken connection or a crashed proxy would. */
function drop(res: ServerResponse, onClosed: () => void): void {
  res.socket?.once('close', onClosed);
  if (!res.socket) onClosed();
  res.socket?.destroy();
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

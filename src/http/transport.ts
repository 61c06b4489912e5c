import type { Dispatcher as DispatcherType } from 'undici';
import api from 'undici/lib/api/index.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import { ActionError } from '../errors/errors.js';
import { maskSecret } from '../runner/secrets.js';
import { clearTextProxyReason, displayUrl } from './url.js';

/**
 * The one place that talks HTTP. undici's EnvHttpProxyAgent honours HTTPS_PROXY (https origins,
 * through a CONNECT tunnel), HTTP_PROXY (plain-http origins, forwarded) and NO_PROXY, which alone
 * exempts a host: loopback is proxied too unless it is listed. Redirects are never followed
 * (undici's request does not), so a credential is only ever sent to the URL it was meant for.
 */

// The agent and the request API come from their own modules, since undici's index loads all of
// undici (fetch, WebSocket, caches, mocks). What that index does for them is done here: installing
// the API on every dispatcher (request, and connect, which the proxy agent's CONNECT tunnels use).
Object.assign(Dispatcher.prototype, api);

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** The run's signal: aborted when the run times out or another branch failed. */
  signal: AbortSignal;
  /** Bound on this single request (connect, headers, body). */
  timeoutMs: number;
  /** Bound on the response body; past it the body is abandoned unread. Default MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
  /** Only the status matters (the gateway check): the body is drained up to a small bound, never kept. */
  discardBody?: boolean;
}

/** No answer the action reads comes near this (Kong Identity and core-entity pages are tens of kB). */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** A discarded body longer than this closes the connection rather than being read to its end. */
const DISCARDED_BODY_BYTES = 128 * 1024;

export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
}

export class Transport {
  private readonly dispatcher: DispatcherType;

  constructor() {
    checkProxyVariables(process.env);
    this.dispatcher = new EnvHttpProxyAgent({ connect: { timeout: 10_000 } });
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    // The callers check their URLs first, with messages of their own; this is the last line.
    const clear = URL.canParse(req.url) ? clearTextProxyReason(new URL(req.url)) : undefined;
    if (clear) {
      throw new ActionError(`${req.method} ${displayUrl(new URL(req.url))} was not sent: ${clear}.`, {
        hint: 'Credentials travel only over https, or plain http that stays on this machine.',
      });
    }
    const timeout = AbortSignal.timeout(req.timeoutMs);
    try {
      const url = new URL(req.url);
      const response = await this.dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: req.method,
        ...(req.headers === undefined ? {} : { headers: req.headers }),
        ...(req.body === undefined ? {} : { body: req.body }),
        signal: AbortSignal.any([req.signal, timeout]),
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      let text = '';
      if (req.discardBody) await response.body.dump({ limit: DISCARDED_BODY_BYTES });
      else text = await readBounded(response, req.maxResponseBytes ?? MAX_RESPONSE_BYTES);
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers, text };
    } catch (error) {
      // A per-request timeout is a transient failure (retryable); the run's own abort is not.
      if (req.signal.aborted) throw req.signal.reason ?? error;
      if (error instanceof ResponseTooLargeError) throw error;
      if (timeout.aborted) throw new RequestTimeoutError(req.timeoutMs, error);
      throw error;
    }
  }

  /** Closes idle keep-alive sockets so the process can exit promptly. */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

/**
 * The body as text, read chunk by chunk: a peer that announces or sends more than `limit` bytes
 * costs at most `limit` bytes of memory, and the connection is dropped rather than drained.
 */
async function readBounded(response: DispatcherType.ResponseData, limit: number): Promise<string> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    response.body.destroy();
    throw new ResponseTooLargeError(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      response.body.destroy();
      throw new ResponseTooLargeError(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** A response body past the bound: a peer's answer that no Konnect or issuer endpoint gives. Never retried. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';

  constructor(readonly limitBytes: number) {
    super(`a body larger than ${formatBytes(limitBytes)} (not read further)`);
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(0)} MB` : `${bytes} bytes`;
}

/**
 * The proxy variables undici will read, as it reads them (lower case first). A malformed one would
 * otherwise crash the agent's constructor with a stack trace; the value is not echoed, since a
 * proxy URL can carry credentials, and a proxy password is masked like the action's own secrets.
 */
function checkProxyVariables(env: NodeJS.ProcessEnv): void {
  for (const [lower, upper] of [
    ['https_proxy', 'HTTPS_PROXY'],
    ['http_proxy', 'HTTP_PROXY'],
  ] as const) {
    const name = env[lower] !== undefined ? lower : upper;
    const value = env[name];
    if (!value) continue;
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (url === undefined || !/^(https?|socks5?):$/.test(url.protocol)) {
      throw new ActionError(`The ${name} environment variable is not a proxy URL.`, {
        hint: `Set ${name} to a URL such as http://proxy.example.com:3128 (with credentials: http://user:password@proxy.example.com:3128), or unset it.`,
      });
    }
    if (url.password) maskProxyPassword(url.password);
  }
}

/** Masks the password as written in the URL and as sent to the proxy (percent-decoded). */
function maskProxyPassword(encoded: string): void {
  maskSecret(encoded);
  try {
    maskSecret(decodeURIComponent(encoded));
  } catch {
    // a malformed %-escape: undici sends it as written, which is masked already
  }
}

/** A single request took longer than its bound. Carries ETIMEDOUT so the retry policy sees it as transient. */
class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  readonly code = 'ETIMEDOUT';

  constructor(timeoutMs: number, cause: unknown) {
    super(`no response within ${Math.round(timeoutMs / 1000)} s`, { cause });
  }
}

import type * as z from 'zod/mini';
import { Semaphore } from '../http/semaphore.js';
import { sendWithRetries } from '../http/send-with-retries.js';
import type { RetryPolicy } from '../http/retry.js';
import { ResponseTooLargeError, type HttpRequest, type HttpResponse, type Transport } from '../http/transport.js';
import { displayUrl } from '../http/url.js';
import { checkJsonBody } from '../http/json-body.js';
import { KonnectApiError, KonnectResponseError, KonnectUnreachableError } from './errors.js';

/** Kong's own clients (kongctl, kong-operator) keep about 4 requests in flight; so do we. */
const MAX_IN_FLIGHT = 4;
const REQUEST_TIMEOUT_MS = 30_000;

export type Query = Record<string, string | number | undefined>;
type Method = HttpRequest['method'];

export interface KonnectClientOptions {
  /** https://us.api.konghq.com or api-url; the token is sent to this origin only. */
  baseUrl: string;
  token: string;
  transport: Transport;
  policy: RetryPolicy;
  /** The run's signal (timeout, or another branch failed). */
  signal: AbortSignal;
}

/**
 * JSON over HTTP to the Konnect management API, with the bearer token, retries for requests that
 * are safe to repeat, and a cap on requests in flight. Every answer is checked against the schema of
 * the fields the action uses before anything reads it. Refusals become KonnectApiError; answers
 * Konnect does not give (too large, not JSON, of the wrong shape) KonnectResponseError.
 */
export class KonnectClient {
  private readonly limiter = new Semaphore(MAX_IN_FLIGHT);
  constructor(private readonly options: KonnectClientOptions) {}

  get<S extends z.core.$ZodType>(path: string, schema: S, query?: Query): Promise<z.output<S>> {
    return this.request('GET', path, schema, query);
  }

  post<S extends z.core.$ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    return this.request('POST', path, schema, undefined, body);
  }

  put<S extends z.core.$ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    return this.request('PUT', path, schema, undefined, body);
  }

  patch<S extends z.core.$ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    return this.request('PATCH', path, schema, undefined, body);
  }

  async delete(path: string, query?: Query): Promise<void> {
    await this.exchange('DELETE', path, query);
  }

  private async request<S extends z.core.$ZodType>(method: Method, path: string, schema: S, query?: Query, body?: unknown): Promise<z.output<S>> {
    const { target, status, text } = await this.exchange(method, path, query, body);
    const checked = checkJsonBody(text, schema);
    if (checked.ok) return checked.value;
    throw new KonnectResponseError(method, target, `returned HTTP ${status}, but its body ${checked.problem}`);
  }

  /** Sends the request; a refusal, a redirect or no answer at all throws. */
  private async exchange(method: Method, path: string, query?: Query, body?: unknown): Promise<Exchange> {
    const target = `${path}${formatQuery(query)}`;
    const label = `${method} ${target}`;
    let response: HttpResponse;
    try {
      response = await sendWithRetries(
        this.options.transport,
        {
          method,
          url: `${this.options.baseUrl}${target}`,
          headers: {
            authorization: `Bearer ${this.options.token}`,
            accept: 'application/json, application/problem+json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: this.options.signal,
          timeoutMs: REQUEST_TIMEOUT_MS,
        },
        {
          policy: this.options.policy,
          // PATCH bodies here set absolute values, so repeating one is as harmless as a PUT.
          idempotent: method !== 'POST',
          label,
          limiter: this.limiter,
        },
      );
    } catch (error) {
      if (this.options.signal.aborted) throw error;
      if (error instanceof ResponseTooLargeError) throw new KonnectResponseError(method, target, `returned ${error.message}`);
      throw new KonnectUnreachableError(method, target, error);
    }
    if (response.status >= 300) {
      if (response.status >= 400) throw new KonnectApiError(method, target, response.status, response.text);
      // A redirect is never followed: the token must not travel to another origin.
      const location = describeLocation(response.headers['location'], this.options.baseUrl);
      throw new KonnectApiError(method, target, response.status, `redirect to ${location} not followed`);
    }
    return { target, status: response.status, text: response.text };
  }
}

interface Exchange {
  target: string;
  status: number;
  text: string;
}

/** `?filter[name][eq]=a%20b&page[size]=10`: deepObject keys stay readable, values are encoded. */
export function formatQuery(query: Query | undefined): string {
  if (!query) return '';
  const pairs = Object.entries(query)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`);
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

/** A redirect's target for a message: without userinfo or query, which could carry a credential. */
function describeLocation(location: string | undefined, baseUrl: string): string {
  if (location === undefined) return '?';
  return URL.canParse(location, baseUrl) ? displayUrl(new URL(location, baseUrl)) : '(not a URL)';
}

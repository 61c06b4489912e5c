import { Semaphore } from '../http/semaphore.js';
import { sendWithRetries } from '../http/send-with-retries.js';
import type { RetryPolicy } from '../http/retry.js';
import type { HttpRequest, HttpResponse, Transport } from '../http/transport.js';
import { displayUrl } from '../http/url.js';
import { KonnectApiError, KonnectUnreachableError } from './errors.js';

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
 * are safe to repeat, and a cap on requests in flight. Errors become KonnectApiError.
 */
export class KonnectClient {
  private readonly limiter = new Semaphore(MAX_IN_FLIGHT);

  constructor(private readonly options: KonnectClientOptions) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, query);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, undefined, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, undefined, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, undefined, body);
  }

  async delete(path: string): Promise<void> {
    await this.request<unknown>('DELETE', path);
  }

  private async request<T>(method: Method, path: string, query?: Query, body?: unknown): Promise<T> {
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
      throw new KonnectUnreachableError(method, target, error);
    }
    if (response.status >= 400) throw new KonnectApiError(method, target, response.status, response.text);
    if (response.status >= 300) {
      // Never followed: the token must not travel to another origin.
      throw new KonnectApiError(method, target, response.status, `redirect to ${describeLocation(response.headers['location'], this.options.baseUrl)} not followed`);
    }
    if (response.text.trim() === '') return undefined as T;
    try {
      return JSON.parse(response.text) as T;
    } catch {
      throw new KonnectApiError(method, target, response.status, 'the response is not JSON');
    }
  }
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

/** A path segment from an id or name. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

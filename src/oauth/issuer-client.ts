import type * as z from 'zod/mini';
import { ActionError } from '../errors/errors.js';
import type { RetryPolicy } from '../http/retry.js';
import { checkJsonBody } from '../http/json-body.js';
import { describeNetworkError } from '../http/network-errors.js';
import { sendWithRetries } from '../http/send-with-retries.js';
import { ResponseTooLargeError, type HttpResponse, type Transport } from '../http/transport.js';
import { displayUrl, requireSecureUrl } from '../http/url.js';

const REQUEST_TIMEOUT_MS = 30_000;

/** For an answer no Kong Identity issuer gives: too large, not JSON, or of the wrong shape. */
export const NOT_AN_ISSUER_ANSWER =
  'Check that the issuer URL is the one Konnect reports for the auth server (the issuer-url output), and that no proxy answers in its place.';

/**
 * HTTP to the auth server (the issuer): its metadata, its keys, its token endpoint. Unlike the
 * Konnect client it sends no Konnect token. Every URL must be https unless it is loopback.
 */
export class IssuerClient {
  constructor(
    private readonly transport: Transport,
    private readonly policy: RetryPolicy,
    private readonly signal: AbortSignal,
  ) {}

  /** GETs a JSON document (discovery, JWKS) and checks it against `schema`; `what` names it in errors. */
  async getJson<S extends z.core.$ZodType>(url: string, what: string, schema: S): Promise<z.output<S>> {
    const target = requireSecureUrl(url, what);
    const label = `GET ${displayUrl(target)}`;
    const response = await this.send({ method: 'GET', url: target.href, headers: { accept: 'application/json' } }, label, what);
    if (response.status !== 200) {
      throw new ActionError(`${label} (the ${what}) returned HTTP ${response.status}.`, { hint: issuerHint(response.status) });
    }
    const checked = checkJsonBody(response.text, schema);
    if (!checked.ok) {
      throw new ActionError(`The ${what} at ${displayUrl(target)} ${checked.problem}.`, { hint: NOT_AN_ISSUER_ANSWER });
    }
    return checked.value;
  }

  /** POSTs a form; repeating it is harmless (a token request has no lasting effect). */
  async postForm(url: string, what: string, form: Record<string, string>): Promise<HttpResponse> {
    const target = requireSecureUrl(url, what);
    return this.send(
      {
        method: 'POST',
        url: target.href,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
      },
      `POST ${displayUrl(target)}`,
      what,
    );
  }

  private async send(req: { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body?: string }, label: string, what: string) {
    try {
      return await sendWithRetries(
        this.transport,
        { ...req, signal: this.signal, timeoutMs: REQUEST_TIMEOUT_MS },
        { policy: this.policy, idempotent: true, label },
      );
    } catch (error) {
      if (this.signal.aborted) throw error;
      if (error instanceof ResponseTooLargeError) {
        throw new ActionError(`${label} (the ${what}) returned ${error.message}.`, { hint: NOT_AN_ISSUER_ANSWER });
      }
      throw new ActionError(`${label} (the ${what}) failed: ${describeNetworkError(error)}`, {
        cause: error,
        hint: 'Check that the runner reaches the issuer (HTTPS_PROXY and NO_PROXY), then run again; retry-max-attempts allows more attempts.',
      });
    }
  }
}

/** What to do when the issuer answers `status` where 200 was expected. */
export function issuerHint(status: number): string {
  if (status === 429 || status >= 500) return 'The auth server is throttling or unavailable: run again later, or raise retry-max-attempts.';
  if (status >= 300 && status < 400)
    return 'The action never follows redirects from the issuer: the issuer URL Konnect reports must serve its endpoints itself.';
  return 'Check that the auth server exists and its issuer URL is reachable from the runner.';
}

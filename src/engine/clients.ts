import type { Config } from '../inputs/config.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../http/retry.js';
import { Transport } from '../http/transport.js';
import { requireSecureUrl } from '../http/url.js';
import { KonnectClient } from '../konnect/client.js';
import { IssuerClient } from '../oauth/issuer-client.js';

/** The inputs that bound a run's requests: retry-max-attempts and timeout. */
interface RunBounds {
  retryMaxAttempts: number;
  timeoutSeconds: number;
}

/** What talking to the issuer needs: one HTTP transport, the issuer client, and the run's signal. */
export interface IssuerRuntime {
  transport: Transport;
  issuer: IssuerClient;
  /** Aborted when `timeout` elapses or `cancel` is called. */
  signal: AbortSignal;
  cancel: (reason: unknown) => void;
  close: () => Promise<void>;
}

/** What every step of a provisioning run shares: the issuer side, plus the Konnect client. */
export interface Runtime extends IssuerRuntime {
  konnect: KonnectClient;
}

/** For mode token, which never talks to Konnect. Throws on a malformed HTTPS_PROXY / HTTP_PROXY. */
export function createIssuerRuntime(bounds: RunBounds): IssuerRuntime {
  const transport = new Transport();
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(bounds.timeoutSeconds * 1000)]);
  return {
    transport,
    issuer: new IssuerClient(transport, retryPolicy(bounds), signal),
    signal,
    cancel: (reason) => controller.abort(reason),
    close: () => transport.close(),
  };
}

/** Throws on a malformed proxy variable, or when api-url or proxy-url would travel in clear through a remote proxy. */
export function createRuntime(config: Config): Runtime {
  requireSecureUrl(config.apiBaseUrl, 'api-url');
  if (config.check !== undefined) requireSecureUrl(config.check.url, 'proxy-url');
  const base = createIssuerRuntime(config);
  const { transport, signal } = base;
  return { ...base, konnect: new KonnectClient({ baseUrl: config.apiBaseUrl, token: config.konnectToken, transport, policy: retryPolicy(config), signal }) };
}

function retryPolicy(bounds: RunBounds): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, maxAttempts: bounds.retryMaxAttempts };
}

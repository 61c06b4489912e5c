import type { Config } from '../inputs/config.js';
import { RunTimeoutError } from '../errors/errors.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../http/retry.js';
import { Transport } from '../http/transport.js';
import { requireSecureUrl } from '../http/url.js';
import { KonnectClient } from '../konnect/client.js';
import { identityApi } from '../konnect/identity.js';
import { IssuerClient } from '../oauth/issuer-client.js';
import type { RunContext } from '../resources/description.js';
import { runOrigin } from '../resources/ownership.js';

/** The inputs that bound a run's requests: retry-max-attempts and timeout. */
interface RunBounds {
  retryMaxAttempts: number;
  timeoutSeconds: number;
}

/** What talking to the issuer needs: one HTTP transport, the issuer client, and the run's signal. */
export interface IssuerClients {
  transport: Transport;
  issuer: IssuerClient;
  /** Aborted with a RunTimeoutError when `timeout` elapses. */
  signal: AbortSignal;
  close: () => Promise<void>;
}

/** For mode token, which never talks to Konnect. Throws on a malformed HTTPS_PROXY / HTTP_PROXY. */
export function createIssuerClients(bounds: RunBounds): IssuerClients {
  const transport = new Transport();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new RunTimeoutError(bounds.timeoutSeconds)), bounds.timeoutSeconds * 1000);
  timer.unref();
  return {
    transport,
    issuer: new IssuerClient(transport, retryPolicy(bounds), controller.signal),
    signal: controller.signal,
    close: async () => {
      clearTimeout(timer);
      await transport.close();
    },
  };
}

/**
 * Everything the engine's descriptions read (RunContext), and how to close it. Throws on a malformed
 * proxy variable, or when api-url or proxy-url would travel in clear through a remote proxy.
 */
export function createRunContext(config: Config): RunContext & { close: () => Promise<void> } {
  requireSecureUrl(config.apiBaseUrl, 'api-url');
  if (config.check !== undefined) requireSecureUrl(config.check.url, 'proxy-url');
  const base = createIssuerClients(config);
  const konnect = new KonnectClient({
    baseUrl: config.apiBaseUrl,
    token: config.konnectToken,
    transport: base.transport,
    policy: retryPolicy(config),
    signal: base.signal,
  });
  return { ...base, config, konnect, identity: identityApi(konnect), origin: runOrigin() };
}

function retryPolicy(bounds: RunBounds): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, maxAttempts: bounds.retryMaxAttempts };
}

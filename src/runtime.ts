import type { Config } from './config.js';
import { DEFAULT_RETRY_POLICY } from './http/retry.js';
import { Transport } from './http/transport.js';
import { KonnectClient } from './konnect/client.js';
import { IssuerClient } from './oauth/issuer-client.js';

/** What every step shares: one HTTP transport, the Konnect and issuer clients, and the run's signal. */
export interface Runtime {
  transport: Transport;
  konnect: KonnectClient;
  issuer: IssuerClient;
  /** Aborted when `timeout` elapses or `cancel` is called. */
  signal: AbortSignal;
  cancel: (reason: unknown) => void;
  close: () => Promise<void>;
}

export function createRuntime(config: Config): Runtime {
  const transport = new Transport();
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(config.timeoutSeconds * 1000)]);
  const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: config.retryMaxAttempts };
  return {
    transport,
    konnect: new KonnectClient({ baseUrl: config.apiBaseUrl, token: config.konnectToken, transport, policy, signal }),
    issuer: new IssuerClient(transport, policy, signal),
    signal,
    cancel: (reason) => controller.abort(reason),
    close: () => transport.close(),
  };
}

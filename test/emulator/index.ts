// The Konnect emulator in one call: three HTTP ports sharing one state, one request log and one
// fault table.
//   API     Kong Identity v1, control planes v2, core entities v2, plus /_emulator/* (admin.ts)
//   issuer  one OpenID provider per auth server at <issuerOrigin>/<slug>/auth (issuer/)
//   proxy   the data plane of the `quickstart` control plane (proxy/)
//
//   const emulator = await startEmulator({ latencyMs: 20 });
//   …  fetch(`${emulator.apiUrl}/v1/auth-servers`, { headers: { authorization: `Bearer ${emulator.konnectToken}` } })
//   await emulator.stop();
import { randomBytes } from 'node:crypto';
import { createAdminHandler } from './admin.js';
import { matchOperation } from '../contract/index.js';
import { checkThrottledReply, createApiHandler, ViolationLog, type ResponseViolation } from './api/router.js';
import type { Operations } from './api/types.js';
import { defaultOptions, type EmulatorContext, type EmulatorOptions } from './context.js';
import { FaultTable, type Fault } from './http/faults.js';
import { apiScopes, issuerScopes, RateLimiter } from './http/rate-limits.js';
import { RequestLog, startServer, type RequestListener, type RequestLogEntry, type RunningServer } from './http/server.js';
import { createIssuerHandler } from './issuer/index.js';
import { createProxyHandler, warmUpProxy } from './proxy/index.js';
import { seedQuickstart } from './seed.js';
import { Store } from './store.js';
import { identityOperations } from './v1/identity.js';
import { controlPlaneOperations } from './v2/control-planes.js';
import { coreEntityOperations } from './v2/core-entities.js';
import { openIdConnectDefaults, type GatewayVersion } from './v2/openid-connect.js';

export type { EmulatorContext, EmulatorOptions } from './context.js';
export type { Fault } from './http/faults.js';
export type { RequestExchange, RequestListener, RequestLogEntry } from './http/server.js';
export type { ResponseViolation } from './api/router.js';

export interface StartEmulatorOptions extends Partial<EmulatorOptions> {
  /** API port; 0 (the default) takes any free port. */
  port?: number;
  /** Data-plane proxy port; 0 (the default) takes any free port. */
  proxyPort?: number;
  /** Issuer port; 0 (the default) takes any free port. */
  issuerPort?: number;
  /** Fault specs to install at start (grammar: http/faults.ts). */
  faults?: readonly string[];
  /** The Konnect token to accept; a fresh `kpat_…` by default. */
  konnectToken?: string;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT`: the Konnect API base (paths start with /v1, /v2), and /_emulator/*. */
  apiUrl: string;
  /** `http://127.0.0.1:PORT`: the data plane of the proxied control plane. */
  proxyUrl: string;
  /** `http://127.0.0.1:PORT`: issuers live at `<issuerOrigin>/<slug>/auth`. */
  issuerOrigin: string;
  konnectToken: string;
  store: Store;
  /** The live knobs: assign to change them while the emulator runs. */
  options: EmulatorOptions;
  /** The request log of all three ports, in arrival order (as `GET /_emulator/requests`). */
  requests(): RequestLogEntry[];
  /** Responses that broke the spec (emulator bugs), as `GET /_emulator/violations`. */
  violations(): ResponseViolation[];
  /** Installs a fault (grammar: http/faults.ts); throws FaultSpecError on a bad spec. */
  addFault(spec: string): Fault;
  clearFaults(): void;
  /** Empties the request log. */
  resetLog(): void;
  /**
   * Calls `listener` with each request-log entry the moment its reply has been written (or its
   * connection dropped), e.g. to kill the action right after its k-th request; its second argument
   * has the query, the body and the reply's headers. Returns the unsubscribe.
   */
  onRequest(listener: RequestListener): () => void;
  stop(): Promise<void>;
}

const API_OPERATIONS: Operations = { ...identityOperations, ...controlPlaneOperations, ...coreEntityOperations };

export async function startEmulator(start: StartEmulatorOptions = {}): Promise<Emulator> {
  const { port = 0, proxyPort = 0, issuerPort = 0, faults: faultSpecs = [], konnectToken: givenToken, ...knobs } = start;
  const options: EmulatorOptions = { ...defaultOptions(), ...definedOnly(knobs) };
  const faults = new FaultTable();
  faultSpecs.forEach((spec) => faults.add(spec));
  const log = new RequestLog();
  const violations = new ViolationLog();
  const limiter = new RateLimiter();
  // The issuer's limits need the store (slug → auth server), which needs the issuer's origin first.
  let storeOfIssuer: Store | undefined;
  const authServerIdOfSlug = (slug: string) => storeOfIssuer?.findAuthServerByIssuerSlug(slug)?.authServer.id;

  // The store needs the issuer's origin and the seed the proxy's, so the ports are bound first and
  // the handlers installed once everything exists (the servers answer 503 until then).
  const servers: RunningServer[] = [];
  try {
    const issuer = await startServer(issuerPort, {
      options,
      faults,
      log,
      rateLimits: { limiter, scopesOf: (request) => issuerScopes(options, request, authServerIdOfSlug) },
    });
    servers.push(issuer);
    const proxy = await startServer(proxyPort, { options, faults, log });
    servers.push(proxy);
    const store = new Store(issuer.origin);
    storeOfIssuer = store;
    const ctx: EmulatorContext = { store, options, konnectToken: givenToken ?? `kpat_${randomBytes(33).toString('base64url')}` };
    const admin = createAdminHandler({ ctx, log, faults, violations });
    const api = await startServer(port, {
      options,
      faults,
      log,
      admin,
      rateLimits: {
        limiter,
        scopesOf: (request) => apiScopes(options, request),
        checkThrottled: (request, reply) => checkThrottledReply(violations, request, reply),
      },
    });
    servers.push(api);

    seedQuickstart(store, proxy.origin);
    api.setHandler(createApiHandler(ctx, API_OPERATIONS, violations));
    issuer.setHandler(createIssuerHandler(ctx));
    proxy.setHandler(createProxyHandler(ctx));
    setImmediate(() => {
      warmContract(options.gatewayVersion);
      warmUpProxy(`${api.origin}/_emulator/config`).catch(() => undefined); // stopped meanwhile: nothing to warm
    });

    return {
      apiUrl: api.origin,
      proxyUrl: proxy.origin,
      issuerOrigin: issuer.origin,
      konnectToken: ctx.konnectToken,
      store,
      options,
      requests: () => log.list(),
      violations: () => violations.list(),
      addFault: (spec) => faults.add(spec),
      clearFaults: () => faults.clear(),
      resetLog: () => log.clear(),
      onRequest: (listener) => log.subscribe(listener),
      stop: async () => {
        await Promise.all(servers.map((server) => server.close()));
      },
    };
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
}

/**
 * Parses the specs (once per process, ~0.5 s) and compiles the plugin schema (~0.3 s) right after
 * start rather than inside the first API request; after the ready line, so start-up stays fast. The
 * proxy warms up beside it (warmUpProxy).
 */
function warmContract(gatewayVersion: GatewayVersion): void {
  matchOperation('GET', '/v1/auth-servers');
  matchOperation('GET', '/v2/control-planes');
  openIdConnectDefaults(gatewayVersion);
}

/** `exactOptionalPropertyTypes`: drop knobs given as undefined so they do not erase the defaults. */
function definedOnly(knobs: Partial<EmulatorOptions>): Partial<EmulatorOptions> {
  return Object.fromEntries(Object.entries(knobs).filter(([, value]) => value !== undefined)) as Partial<EmulatorOptions>;
}

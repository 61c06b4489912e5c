// The data-plane proxy port: a Kong gateway attached to the control plane named
// `ctx.options.proxyControlPlaneName`. At each request it runs the configuration that control
// plane published at least `propagationMs` ago (so a new or changed plugin takes effect only after
// the propagation delay), routes by that configuration's routes, applies the openid-connect plugin
// that applies to the route, and answers from the built-in echo upstream. Other plugins are not
// run: the emulated gateway knows only openid-connect.
import { CompactSign, compactVerify, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import type { EmulatorContext } from '../context.js';
import type { EmulatorRequest, Handler } from '../http/types.js';
import { emptyCoreEntities, type CoreEntities } from '../store.js';
import { echoUpstream } from './echo.js';
import { kongError, kongExit, newExchange } from './kong-replies.js';
import { runOpenIdConnect, type IssuerStatus, type UpstreamChanges } from './openid-connect.js';
import { applicablePlugin } from './plugins.js';
import { ProviderCache } from './provider-cache.js';
import { findRoute, upstreamPath } from './router.js';

export function createProxyHandler(ctx: EmulatorContext): Handler {
  // Per handler, not per module: two emulators in one process must not share cached keys.
  const providers = new ProviderCache();

  return async (request) => {
    const exchange = newExchange(ctx.options.gatewayVersion);
    const config = dataPlaneConfig(ctx, Date.now());
    const match = findRoute(config, { method: request.method, host: requestHost(request), path: request.url.pathname });
    if (!match) return kongError(exchange, 404, 'no Route matched with those values');
    if (!match.route.protocols.includes('http')) {
      return kongExit(exchange, 426, { message: 'Please use HTTPS protocol' }, { Connection: 'Upgrade', Upgrade: 'TLS/1.2, HTTP/1.1' });
    }

    let changes: UpstreamChanges = { setHeaders: {}, removeHeaders: [], removeQueryArgs: [] };
    const plugin = applicablePlugin('openid-connect', config.plugins, match.route, match.service);
    if (plugin) {
      const result = await runOpenIdConnect({
        config: plugin.config,
        request,
        exchange,
        providers,
        consumers: config.consumers,
        issuerStatus: (issuer) => issuerStatus(ctx, issuer),
      });
      if (result.outcome === 'exit') return result.reply;
      changes = result.upstream;
    }

    const { service } = match;
    // A route without a service still runs its plugins; then Kong has nowhere to send the request.
    if (!service) return kongExit(exchange, 503, { message: 'no Service found with those values' });
    return echoUpstream({
      request,
      exchange,
      match: { ...match, service },
      upstreamPath: upstreamPath(match, request.url.pathname),
      changes,
    });
  };
}

/** When each plugin's current version takes effect on this data plane: `dataPlane` in `GET /_emulator/state`. */
export interface DataPlaneState {
  /** The control plane the proxy runs (null when no control plane has that name). */
  controlPlaneId: string | null;
  plugins: Array<{
    id: string;
    name: string;
    /** Epoch ms, the request log's clock: publication plus the propagation delay. */
    appliedAt: number;
    /** Whether the proxy runs this version now. */
    applied: boolean;
  }>;
}

export function dataPlaneState(ctx: EmulatorContext, now: number = Date.now()): DataPlaneState {
  const controlPlane = ctx.store.findControlPlaneByName(ctx.options.proxyControlPlaneName);
  if (!controlPlane) return { controlPlaneId: null, plugins: [] };
  const plugins = ctx.store.pluginPublications(controlPlane.id).map(({ id, name, publishedAt }) => {
    const appliedAt = publishedAt + ctx.options.propagationMs;
    return { id, name, appliedAt, applied: appliedAt <= now };
  });
  return { controlPlaneId: controlPlane.id, plugins };
}

function dataPlaneConfig(ctx: EmulatorContext, now: number): CoreEntities {
  const controlPlane = ctx.store.findControlPlaneByName(ctx.options.proxyControlPlaneName);
  if (!controlPlane) return emptyCoreEntities();
  return ctx.store.dataPlaneConfig(controlPlane.id, ctx.options.propagationMs, now);
}

/** Kong accepts the issuer or its discovery URL, with or without a trailing slash. */
function normaliseIssuer(issuer: string): string {
  return issuer.replace(/\/\.well-known\/(openid-configuration|oauth-authorization-server)$/, '').replace(/\/+$/, '');
}

/**
 * `known` when an auth server of the emulator has this issuer, or it is an IdP on this machine (its
 * discovery then runs over HTTP as Kong's would); `deleted` when it names the emulator's issuer origin
 * (or is no URL at all, e.g. a vault reference: discovery cannot run); `external` otherwise (an IdP
 * elsewhere, which nothing here may reach).
 */
function issuerStatus(ctx: EmulatorContext, issuer: string): IssuerStatus {
  const wanted = normaliseIssuer(issuer);
  if (ctx.store.listAuthServers().some((stored) => normaliseIssuer(stored.authServer.issuer) === wanted)) return 'known';
  let origin: string;
  try {
    origin = new URL(issuer).origin;
  } catch {
    return 'deleted';
  }
  if (origin === ctx.store.issuerOrigin) return 'deleted';
  // An IdP on this machine (another emulator, a test's stand-in) is reached as Kong reaches any: by
  // discovery. Nothing is ever sent off the machine: an IdP elsewhere stays unverifiable here.
  return /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(origin) ? 'known' : 'external';
}

function requestHost(request: EmulatorRequest): string {
  return (request.headers.host ?? request.url.host).replace(/:\d+$/, '').toLowerCase();
}

let warmedUp: Promise<void> | undefined;

/**
 * Runs once per process what the first proxied request after a plugin applies would otherwise pay
 * for: the process's first fetch (Node loads its HTTP client then) and first JWS verification. A
 * Kong worker is warm; without this the emulated one answers that request tens of milliseconds late.
 * `adminUrl` is an admin path on the API port, which the request log does not record.
 */
export function warmUpProxy(adminUrl: string): Promise<void> {
  warmedUp ??= (async () => {
    await (await fetch(adminUrl)).arrayBuffer();
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jws = await new CompactSign(new TextEncoder().encode('{}')).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    await compactVerify(jws, createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), alg: 'RS256' }] }));
  })();
  return warmedUp;
}

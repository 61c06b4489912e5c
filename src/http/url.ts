import { ActionError } from '../errors/errors.js';

/** URL rules shared by input validation and the HTTP layer: credentials travel over https unless the host is this machine. */

const IPV4_LOOPBACK = /^127(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** True for localhost, 127.0.0.0/8 and ::1 (as `URL.hostname` spells them). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || host === '::1' || IPV4_LOOPBACK.test(host);
}

/** Why `url` may not carry a credential, or undefined when it may (https, or http to loopback). */
export function insecureTransportReason(url: URL): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === 'http:') return `plain http is only allowed to loopback hosts (localhost, 127.0.0.0/8, ::1), not ${url.hostname}`;
  return `unsupported scheme ${url.protocol.replace(/:$/, '')}`;
}

/**
 * Why a request to `url` would travel in clear beyond this machine although `url` itself is loopback
 * http: HTTP_PROXY (undici's EnvHttpProxyAgent, which proxies loopback too) names a proxy on another
 * host, and NO_PROXY does not exempt `url`. Undefined when the route is safe.
 */
export function clearTextProxyReason(url: URL, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (url.protocol !== 'http:') return undefined;
  const proxy = env['http_proxy'] ?? env['HTTP_PROXY'];
  if (!proxy || !URL.canParse(proxy)) return undefined; // none, or malformed (refused by the transport)
  const proxyUrl = new URL(proxy);
  if (isLoopbackHost(proxyUrl.hostname) || exemptFromProxy(url, env['no_proxy'] ?? env['NO_PROXY'] ?? '')) return undefined;
  return `it would travel in clear through the proxy ${proxyUrl.hostname} (HTTP_PROXY); add ${url.hostname} to NO_PROXY, or use https`;
}

/** NO_PROXY as undici's EnvHttpProxyAgent reads it: host or `.suffix` / `*.suffix` entries, optional port, `*` for all. */
function exemptFromProxy(url: URL, noProxy: string): boolean {
  const hostname = url.hostname
    .replace(/^\[(.+)\]$/, '$1')
    .replace(/(.)\.$/, '$1')
    .toLowerCase();
  const port = Number(url.port) || 80;
  for (const entry of noProxy.split(/[,\s]/).filter(Boolean)) {
    const bracketed = /^\[(.+)\]:(\d+)$/.exec(entry);
    const unbracketed = entry.replace(/^\[(.+)\]$/, '$1');
    const hostPort = bracketed ? undefined : (unbracketed.match(/:/g) ?? []).length === 1 ? /^(.+):(\d+)$/.exec(unbracketed) : null;
    const host = (bracketed?.[1] ?? hostPort?.[1] ?? unbracketed)
      .replace(/^\*?\./, '')
      .replace(/^(.+)\.$/, '$1')
      .toLowerCase();
    const entryPort = Number(bracketed?.[2] ?? hostPort?.[2] ?? 0);
    if (entryPort !== 0 && entryPort !== port) continue;
    if (host === '*') return true;
    if (!entry.startsWith('*') && hostname === host) return true;
    if (hostname.endsWith(`.${host}`)) return true;
  }
  return false;
}

/** Throws unless `raw` is an absolute URL that may carry a credential. `what` names it in the message. */
export function requireSecureUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ActionError(`${what} is not an absolute URL.`, {
      hint: 'Kong Identity names its issuer and endpoints by absolute https URLs: check that api-url (in mode token, issuer-url) points at Konnect.',
    });
  }
  const reason = insecureTransportReason(url) ?? clearTextProxyReason(url);
  if (reason) {
    throw new ActionError(`${what} "${displayUrl(url)}" must use https: ${reason}. Nothing was sent to it.`, {
      hint: 'Credentials travel only over https, or plain http to this machine. Konnect serves its issuers over https: check that api-url points at Konnect.',
    });
  }
  return url;
}

/**
 * `url` for logs and messages: without userinfo or query, the parts of a URL that can carry a
 * credential. What is left (origin and path) still names the endpoint.
 */
export function displayUrl(url: URL): string {
  // URL.origin is 'null' for schemes such as data: or javascript:
  const origin = url.origin === 'null' ? `${url.protocol}${url.host ? `//${url.host}` : ''}` : url.origin;
  return `${origin}${url.pathname}`;
}

/** `base` without trailing slashes, so that `base + '/path'` is well formed. */
export function trimTrailingSlashes(base: string): string {
  return base.replace(/\/+$/, '');
}

import { ActionError } from '../errors.js';

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
  const reason = insecureTransportReason(url);
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

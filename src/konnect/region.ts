/**
 * Which Konnect the run talks to: a region's API (`https://<region>.api.konghq.com`), or another
 * api-url (an emulator, a test double), for messages and for links to Konnect's web app.
 */
export const REGIONS = ['us', 'eu', 'au', 'me', 'in', 'sg'] as const;
export type Region = (typeof REGIONS)[number];

/**
 * The region when `apiBaseUrl` is Konnect's own API, https://{region}.api.konghq.com (a trailing
 * slash allowed, nothing else: no port, path, query or credentials), else undefined. An emulator or
 * any other api-url has no web app to link to.
 */
export function regionOf(apiBaseUrl: string): Region | undefined {
  if (!URL.canParse(apiBaseUrl)) return undefined;
  const url = new URL(apiBaseUrl);
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return undefined;
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') return undefined;
  const match = /^([a-z]+)\.api\.konghq\.com$/.exec(url.hostname);
  return REGIONS.find((region) => region === match?.[1]);
}

/**
 * The API the run talked to, for the summary: "Konnect EU (eu.api.konghq.com)", or for any other
 * api-url "api-url http://127.0.0.1:1234" (origin and path only: credentials, query and fragment are
 * left out, and a long URL is cut). Plain text: the summary escapes it like any other outside text.
 */
export function apiName(apiBaseUrl: string): string {
  const region = regionOf(apiBaseUrl);
  if (region !== undefined) return `Konnect ${region.toUpperCase()} (${region}.api.konghq.com)`;
  if (!URL.canParse(apiBaseUrl)) return 'api-url (not a URL)';
  const url = new URL(apiBaseUrl);
  const shown = url.origin === 'null' ? url.protocol : `${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
  return `api-url ${shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN)}…` : shown}`;
}

const MAX_SHOWN = 120;

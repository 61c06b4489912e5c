/**
 * Which Konnect the run talks to: a region's API (`https://<region>.api.konghq.com`), or another
 * api-url (an emulator, a test double), for messages and for links to Konnect's web app.
 */
export const REGIONS = ['us', 'eu', 'au', 'me', 'in', 'sg'] as const;
export type Region = (typeof REGIONS)[number];

/** The region of Konnect's own API URL; undefined for any other api-url. */
export function regionOf(apiBaseUrl: string): Region | undefined {
  const match = /^https:\/\/([a-z]+)\.api\.konghq\.com$/.exec(apiBaseUrl);
  return REGIONS.find((region) => region === match?.[1]);
}

/** How messages name the API: `Konnect region "eu"`, or `api-url http://127.0.0.1:8080`. */
export function apiName(apiBaseUrl: string): string {
  const region = regionOf(apiBaseUrl);
  return region === undefined ? `the API at api-url ${apiBaseUrl}` : `Konnect region "${region}"`;
}

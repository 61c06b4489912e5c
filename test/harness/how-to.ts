// The inputs of Kong's how-to "Configure the OIDC plugin with Kong Identity" against the emulator,
// and independent checks of what a run hands out: does the secret mint a token, does the gateway
// let the token through. Shared by the end-to-end tests, the demo and the bench.
import type { Emulator } from '../emulator/index.js';

/** The names and values of Kong's how-to "Configure the OIDC plugin with Kong Identity". */
export const HOW_TO = {
  controlPlaneName: 'quickstart',
  authServerName: 'Appointments Dev',
  audience: 'http://myhttpbin.dev',
  scope: 'my-scope',
  claim: { name: 'test-claim', value: 'test' },
  clientName: 'Client',
} as const;

/** The action's inputs for the how-to against `emulator`, no gateway check unless `extra` asks. */
export function howToInputs(emulator: Pick<Emulator, 'apiUrl' | 'konnectToken'>, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'konnect-token': emulator.konnectToken,
    'api-url': emulator.apiUrl,
    'control-plane-name': HOW_TO.controlPlaneName,
    'auth-server-name': HOW_TO.authServerName,
    audience: HOW_TO.audience,
    scopes: HOW_TO.scope,
    claims: `${HOW_TO.claim.name}=${HOW_TO.claim.value}`,
    'client-name': HOW_TO.clientName,
    ...extra,
  };
}

/** Requests a token at the issuer with these client credentials; returns the status. */
export async function mintStatus(issuer: string, clientId: string, clientSecret: string, scope = 'my-scope'): Promise<number> {
  const response = await fetch(`${issuer}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** A token of this client requesting `scope`, straight from the issuer (which must grant it). */
export async function mintToken(issuer: string, clientId: string, clientSecret: string, scope: string): Promise<string> {
  const response = await fetch(`${issuer}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope }),
  });
  if (response.status !== 200) throw new Error(`the issuer refused a token for scope "${scope}": HTTP ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The data plane's answer to `GET /anything` (or `path`) with this bearer token (none when undefined). */
export async function gatewayStatus(emulator: Pick<Emulator, 'proxyUrl'>, token?: string, path = '/anything'): Promise<number> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const response = await fetch(`${emulator.proxyUrl}${path}`, { headers, redirect: 'manual' });
  await response.arrayBuffer();
  return response.status;
}

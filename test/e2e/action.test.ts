// The bundled action end to end, run as the GitHub runner runs it, against the Konnect emulator.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { gatewayStatus, howToInputs } from '../harness/how-to.js';
import { loggedLines, runAction, type ActionRun } from '../harness/run-action.js';

const propagationMs = 1500;

function baseInputs(emulator: Emulator, overrides: Record<string, string> = {}): Record<string, string> {
  return howToInputs(emulator, {
    'auth-server-description': 'Auth server for the Appointment dev environment',
    'proxy-url': emulator.proxyUrl,
    ...overrides,
  });
}

function expectNoSecretsLogged(run: ActionRun, secrets: string[]): void {
  const logged = loggedLines(run).join('\n');
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(8);
    expect(logged).not.toContain(secret);
    expect(run.summary).not.toContain(secret);
  }
  // Each secret was registered with the runner before anything could print it.
  const masks = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => line.startsWith('::add-mask::'));
  for (const secret of secrets) expect(masks).toContain(`::add-mask::${secret}`);
}

describe.each([
  { target: 'global', extraInputs: {} as Record<string, string> },
  { target: 'service-scoped', extraInputs: { service: 'example-service' } as Record<string, string> },
])('the bundled action with a $target plugin', ({ extraInputs }) => {
  let emulator: Emulator;
  let run: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs });
    run = await runAction(baseInputs(emulator, extraInputs), { timeoutMs: 60_000 });
  });
  afterAll(async () => emulator?.stop());

  it('exits 0 and reports the gateway check as passed', () => {
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs['check-status']).toBe('passed');
  });

  it('outputs the IDs of what it provisioned in Konnect', () => {
    const state = emulator.store.dump();
    const controlPlane = state.controlPlanes.find((cp) => cp.name === 'quickstart');
    const authServer = state.authServers.find((server) => server.name === 'Appointments Dev');
    expect(state.authServers).toHaveLength(1);
    expect(run.outputs['control-plane-id']).toBe(controlPlane?.id);
    expect(run.outputs['auth-server-id']).toBe(authServer?.id);
    expect(run.outputs['issuer-url']).toBe(authServer?.issuer);
    expect(authServer?.audience).toBe('http://myhttpbin.dev');

    const scope = authServer?.scopes.find((s) => s.name === 'my-scope');
    expect(JSON.parse(run.outputs['scope-ids'] ?? '{}')).toEqual({ 'my-scope': scope?.id });
    const claim = authServer?.claims.find((c) => c.name === 'test-claim');
    expect(claim).toMatchObject({ value: 'test', include_in_token: true, include_in_scopes: [scope?.id], enabled: true });

    const client = authServer?.clients.find((c) => c.name === 'Client');
    expect(authServer?.clients).toHaveLength(1);
    expect(run.outputs['client-id']).toBe(client?.id);
    expect(client).toMatchObject({
      grant_types: ['client_credentials'],
      allow_all_scopes: false,
      allow_scopes: [scope?.id],
      access_token_duration: 3600,
    });
  });

  it('converges one openid-connect plugin that enforces the audience', () => {
    const state = emulator.store.dump();
    const plugins = state.plugins.filter((plugin) => plugin.name === 'openid-connect');
    expect(plugins).toHaveLength(1);
    const [plugin] = plugins;
    expect(run.outputs['plugin-id']).toBe(plugin?.id);
    expect(plugin?.control_plane_id).toBe(run.outputs['control-plane-id']);
    expect(plugin?.config).toMatchObject({
      issuer: run.outputs['issuer-url'],
      auth_methods: ['bearer'],
      audience: ['http://myhttpbin.dev'],
      audience_required: ['http://myhttpbin.dev'],
    });
    expect(plugin?.tags?.length).toBeGreaterThan(0);
    const service = state.services.find((s) => s.name === 'example-service');
    if (extraInputs['service']) expect(plugin?.service).toEqual({ id: service?.id });
    else expect(plugin?.service ?? null).toBeNull();
  });

  it('outputs a verified access token whose expiry matches token-expires-at', async () => {
    const token = run.outputs['access-token'] ?? '';
    const issuer = run.outputs['issuer-url'] ?? '';
    const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks`));
    const { payload } = await jwtVerify(token, jwks, { issuer, audience: 'http://myhttpbin.dev' });
    expect(payload.sub).toBe(run.outputs['client-id']);
    expect(payload['scope']).toBe('my-scope');
    expect(payload['test-claim']).toBe('test');
    expect(new Date(run.outputs['token-expires-at'] ?? '').getTime()).toBe((payload.exp ?? 0) * 1000);
  });

  it('hands out a token the gateway accepts, and the gateway refuses requests without one', async () => {
    expect(await gatewayStatus(emulator, run.outputs['access-token'])).toBe(200);
    expect(await gatewayStatus(emulator)).toBe(401);
  });

  it('hands out a client secret that mints tokens', async () => {
    const response = await fetch(`${run.outputs['issuer-url']}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: run.outputs['client-id'] ?? '',
        client_secret: run.outputs['client-secret'] ?? '',
        scope: 'my-scope',
      }),
    });
    expect(response.status).toBe(200);
  });

  it('never prints the Konnect token, the client secret or the access token', () => {
    expectNoSecretsLogged(run, [emulator.konnectToken, run.outputs['client-secret'] ?? '', run.outputs['access-token'] ?? '']);
  });
});

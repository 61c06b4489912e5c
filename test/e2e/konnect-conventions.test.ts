// Konnect conventions, end to end: labels recording the repository and workflow on what the action
// creates in Kong Identity, the plugin's tag, and consumer-claim mapping tokens to Consumers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { howToInputs } from '../harness/how-to.js';
import { runAction } from '../harness/run-action.js';

/** The how-to's inputs without its claim. */
function inputs(emulator: Emulator, overrides: Record<string, string> = {}): Record<string, string> {
  return howToInputs(emulator, { claims: '', ...overrides });
}

describe('Konnect conventions', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 200 });
  });
  afterAll(async () => emulator?.stop());

  it('labels the auth server and client it creates with the repository and workflow, within Konnect rules', async () => {
    const run = await runAction(inputs(emulator, { 'consumer-claim': 'sub' }), {
      env: { GITHUB_REPOSITORY: 'acme/.payments_v2', GITHUB_WORKFLOW: 'Deploy 🚀 to prod (EU)' },
    });
    expect(run.exitCode).toBe(0);
    const server = emulator.store.dump().authServers.find((candidate) => candidate.name === 'Appointments Dev');
    const expected = {
      'managed-by': 'kong-identity-oidc-action',
      'github-owner': 'acme',
      'github-repository': 'payments_v2',
      'github-workflow': 'Deploy-to-prod-EU',
    };
    expect(server?.labels).toEqual(expected);
    expect(server?.clients[0]?.labels).toEqual(expected);
  });

  it('tags the plugin and maps tokens to Consumers by consumer-claim', () => {
    const plugin = emulator.store.dump().plugins.find((candidate) => candidate.name === 'openid-connect');
    expect(plugin?.tags).toContain('kong-identity-oidc-action');
    // Today's Konnect (3.15) stores the consumer_claim shorthand as consumer_claims and does not echo it.
    expect(plugin?.config).toMatchObject({ consumer_claims: [['sub']], audience_required: ['http://myhttpbin.dev'] });
    expect(plugin?.config).not.toHaveProperty('consumer_claim');
  });

  it('keeps the labels of resources it did not create, and the consumer mapping when consumer-claim is empty', async () => {
    // Another repository's run may use that client only with take-over (issue 20): it still never relabels it.
    const run = await runAction(inputs(emulator, { 'take-over': 'true' }), { env: { GITHUB_REPOSITORY: 'other/repo', GITHUB_WORKFLOW: 'other' } });
    expect(run.exitCode).toBe(0);
    const state = emulator.store.dump();
    expect(state.authServers[0]?.labels?.['github-repository']).toBe('payments_v2');
    expect(state.plugins.find((candidate) => candidate.name === 'openid-connect')?.config).toMatchObject({ consumer_claims: [['sub']] });
  });

  it('fails the gateway check with a hint when no Consumer matches the claim', async () => {
    const run = await runAction(inputs(emulator, { 'consumer-claim': 'sub', 'proxy-url': emulator.proxyUrl, 'check-timeout': '3' }), {
      timeoutMs: 30_000,
      env: { GITHUB_REPOSITORY: 'acme/.payments_v2' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['check-status']).toBe('failed');
    expect(run.stdout).toMatch(/::error::.*the gateway refuses the token.*403 with the token.*no Consumer matches/);
  });
});

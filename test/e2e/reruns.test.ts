// Reruns converge: the bundled action run a second time, as the runner runs it, against an org where
// everything exists (unchanged, then drifted). The emulator's request log and state are the evidence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { EmulatorStateDump } from '../emulator/store.js';
import { clientFor, quickstart } from '../emulator/testing.js';
import { isKonnectApi, isMutation } from '../harness/request-log.js';
import { runAction, type ActionRun } from '../harness/run-action.js';
import {
  creations,
  describeRequests,
  expectConverged,
  expectSuccess,
  expectWorkingCredentials,
  convergenceInputs,
  theAuthServer,
  theClient,
} from './convergence-kit.js';

const SECRETS_PATH = /\/clients\/[^/]+\/secrets(\/[^/]+)?$/;

describe('a rerun with the same inputs', () => {
  let emulator: Emulator;
  let inputs: Record<string, string>;
  let first: ActionRun;
  let second: ActionRun;
  let before: EmulatorStateDump;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 200 });
    inputs = convergenceInputs(emulator);
    first = await runAction(inputs, { timeoutMs: 60_000 });
    before = emulator.store.dump();
    emulator.resetLog();
    second = await runAction(inputs, { timeoutMs: 60_000 });
  });
  afterAll(async () => emulator?.stop());

  it('exits 0 both times', () => {
    expectSuccess(first);
    expectSuccess(second);
  });

  it('creates no auth server, scope, claim, client or plugin the second time', () => {
    const log = emulator.requests();
    expect(log.length).toBeGreaterThan(0);
    expect(describeRequests(creations(log, before))).toBe('');
  });

  it('changes nothing but the client secret (the rotation) the second time', () => {
    const writes = emulator.requests().filter(isKonnectApi).filter(isMutation);
    expect(describeRequests(writes.filter((entry) => !SECRETS_PATH.test(entry.path)))).toBe('');
  });

  it('ends with one of each resource, under the same ids', () => {
    const after = emulator.store.dump();
    expectConverged(after, inputs);
    for (const output of ['auth-server-id', 'scope-ids', 'client-id', 'plugin-id', 'issuer-url']) {
      expect(second.outputs[output], output).toBe(first.outputs[output]);
    }
    expect(theClient(after).id).toBe(second.outputs['client-id']);
  });

  it('hands out a new secret that mints tokens and a token the gateway accepts', async () => {
    expect(second.outputs['client-secret']).not.toBe(first.outputs['client-secret']);
    await expectWorkingCredentials(emulator, second);
  });
});

describe('a rerun after drift', () => {
  let emulator: Emulator;
  let inputs: Record<string, string>;
  let first: ActionRun;
  let rerun: ActionRun;
  let drifted: EmulatorStateDump;
  let strangers: { plugin: unknown; client: unknown };

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 200 });
    inputs = convergenceInputs(emulator);
    first = await runAction(inputs, { timeoutMs: 60_000 });
    expectSuccess(first);
    strangers = await driftEverything(emulator, first);
    drifted = emulator.store.dump();
    emulator.resetLog();
    // The audience drifted while another client uses the auth server: repairing it is explicit (issue 20).
    rerun = await runAction({ ...inputs, 'replace-audience': 'true' }, { timeoutMs: 60_000 });
  });
  afterAll(async () => emulator?.stop());

  it('exits 0 and creates nothing', () => {
    expectSuccess(rerun);
    expect(describeRequests(creations(emulator.requests(), drifted))).toBe('');
  });

  it('updates each drifted resource in place, under the same id', () => {
    const after = emulator.store.dump();
    expectConverged(after, inputs);
    const server = theAuthServer(after);
    expect(server).toMatchObject({
      id: first.outputs['auth-server-id'],
      audience: 'http://myhttpbin.dev',
      description: 'Auth server for the Appointment dev environment',
    });
    const scopeIds = JSON.parse(first.outputs['scope-ids'] ?? '{}') as Record<string, string>;
    const myScope = server.scopes.find((scope) => scope.name === 'my-scope');
    expect(myScope).toMatchObject({ id: scopeIds['my-scope'], default: false, include_in_metadata: false, enabled: true });
    const claim = server.claims.find((candidate) => candidate.name === 'test-claim');
    expect(claim?.value).toBe('test');
    expect([...(claim?.include_in_scopes ?? [])].sort()).toEqual(Object.values(scopeIds).sort());
    const client = theClient(after);
    expect(client.id).toBe(first.outputs['client-id']);
    expect([...client.allow_scopes].sort()).toEqual(Object.values(scopeIds).sort());
    expect(client.access_token_duration).toBe(3600);
    const plugin = after.plugins.find((candidate) => candidate.id === first.outputs['plugin-id']);
    expect(plugin?.config).toMatchObject({ auth_methods: ['bearer'], audience: ['http://myhttpbin.dev'], audience_required: ['http://myhttpbin.dev'] });
    // A key the action does not own stays as the user set it.
    expect(plugin?.config['bearer_token_param_type']).toEqual(['header']);
  });

  it('writes each change with a PATCH (identity) or a PUT by the same id (plugin)', () => {
    const writes = emulator
      .requests()
      .filter(isKonnectApi)
      .filter(isMutation)
      .filter((entry) => !SECRETS_PATH.test(entry.path));
    const server = first.outputs['auth-server-id'];
    const scopeIds = JSON.parse(first.outputs['scope-ids'] ?? '{}') as Record<string, string>;
    const claimId = drifted.authServers[0]?.claims.find((claim) => claim.name === 'test-claim')?.id;
    expect(describeRequests(writes).split('\n').sort()).toEqual(
      [
        `PATCH /v1/auth-servers/${server} 200`,
        `PATCH /v1/auth-servers/${server}/scopes/${scopeIds['my-scope']} 200`,
        `PATCH /v1/auth-servers/${server}/claims/${claimId} 200`,
        `PATCH /v1/auth-servers/${server}/clients/${first.outputs['client-id']} 200`,
        `PUT /v2/control-planes/${first.outputs['control-plane-id']}/core-entities/plugins/${first.outputs['plugin-id']} 200`,
      ].sort(),
    );
  });

  it('says what changed, field by field, in the log and the job summary', () => {
    const expected = [
      /auth server "Appointments Dev": updated .*audience: "http:\/\/drifted\.example" -> "http:\/\/myhttpbin\.dev".*description: "changed by hand" -> "Auth server for the Appointment dev environment"/,
      /scope "my-scope": updated .*default: true -> false.*include_in_metadata: true -> false/,
      /claim "test-claim": updated .*value: "drifted" -> "test".*include_in_scopes/,
      /client "Client": updated .*allow_scopes.*access_token_duration: 60 -> 3600/,
      /plugin "openid-connect \(global\)": updated .*auth_methods: \["bearer","session"\] -> \["bearer"\].*audience_required: \["http:\/\/drifted\.example"\] -> \["http:\/\/myhttpbin\.dev"\]/,
    ];
    for (const line of expected) expect(rerun.stdout).toMatch(line);
    expect(rerun.summary).toMatch(/audience: &quot;http:\/\/drifted\.example&quot; -&gt; &quot;http:\/\/myhttpbin\.dev&quot;/);
    expect(rerun.summary).toMatch(/access_token_duration: 60 -&gt; 3600/);
    expect(rerun.summary).toMatch(/value: &quot;drifted&quot; -&gt; &quot;test&quot;/);
    expect(rerun.summary.match(/<td>updated<\/td>/g)).toHaveLength(5);
  });

  it('leaves alone the plugin on another scope and the client it did not create', () => {
    const after = emulator.store.dump();
    const stranger = strangers.plugin as { id: string };
    expect(after.plugins.find((plugin) => plugin.id === stranger.id)).toEqual(strangers.plugin);
    const otherClient = strangers.client as { id: string };
    const server = theAuthServer(after);
    expect(server.clients.find((client) => client.id === otherClient.id)).toEqual(strangers.client);
  });

  it('hands out a secret and a token that work again', async () => {
    await expectWorkingCredentials(emulator, rerun);
  });
});

/**
 * Changes, through the Konnect API, every field the action owns (and one it does not), and adds a
 * plugin on another scope and a client of someone else's. Returns those two as stored afterwards.
 */
async function driftEverything(emulator: Emulator, run: ActionRun): Promise<{ plugin: unknown; client: unknown }> {
  const api = clientFor(emulator);
  const server = run.outputs['auth-server-id'];
  const scopeIds = JSON.parse(run.outputs['scope-ids'] ?? '{}') as Record<string, string>;
  const claim = emulator.store.dump().authServers[0]?.claims.find((candidate) => candidate.name === 'test-claim');
  const { core } = quickstart(emulator);
  const plugin = (await api.get(`${core}/plugins/${run.outputs['plugin-id']}`)).body;
  // Another service, so that the stranger plugin does not stand between the gateway and /anything.
  const service = (await api.post(`${core}/services`, { name: 'other-service', host: 'other.example' })).body;

  const replies = await Promise.all([
    api.patch(`/v1/auth-servers/${server}`, { audience: 'http://drifted.example', description: 'changed by hand' }),
    api.patch(`/v1/auth-servers/${server}/scopes/${scopeIds['my-scope']}`, { default: true, include_in_metadata: true }),
    api.patch(`/v1/auth-servers/${server}/claims/${claim?.id}`, { value: 'drifted', include_in_scopes: [scopeIds['other-scope']] }),
    api.patch(`/v1/auth-servers/${server}/clients/${run.outputs['client-id']}`, { allow_scopes: [scopeIds['my-scope']], access_token_duration: 60 }),
    api.put(`${core}/plugins/${plugin.id}`, {
      name: plugin.name,
      enabled: plugin.enabled,
      tags: plugin.tags,
      config: {
        ...plugin.config,
        auth_methods: ['bearer', 'session'],
        audience_required: ['http://drifted.example'],
        bearer_token_param_type: ['header'],
      },
    }),
    api.post(`${core}/services/${service?.id}/plugins`, { name: 'openid-connect', config: { issuer: 'https://someone-else.example/auth' } }),
    api.post(`/v1/auth-servers/${server}/clients`, { name: 'Someone else', grant_types: ['client_credentials'], response_types: ['token'] }),
  ]);
  for (const reply of replies) expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  const dump = emulator.store.dump();
  const strangerPlugin = dump.plugins.find((candidate) => candidate.id === replies[5]?.body.id);
  const strangerClient = theAuthServer(dump).clients.find((candidate) => candidate.id === replies[6]?.body.id);
  expect(strangerPlugin).toBeDefined();
  expect(strangerClient).toBeDefined();
  return { plugin: strangerPlugin, client: strangerClient };
}

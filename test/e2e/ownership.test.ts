// Issue 20, points 1 and 2: what the action did not create for this repository is not its own.
// Ownership is recorded at creation (labels with the repository, a creation tag) and checked before
// every change or deletion: a client made for another repository is not rotated (the run fails before
// any write, naming its owner) nor deleted by a teardown of another repository; marks added to a found
// plugin do not make it the action's to delete; a plugin trusting an identity provider outside the
// org's Kong Identity is never repointed without replace-plugin-issuer, nor deleted by a teardown.
// Through the bundle against the emulator; runs of another repository differ by GITHUB_REPOSITORY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { mintStatus } from '../harness/how-to.js';
import {
  coreEntities,
  konnectCall,
  seedExternalPlugin,
  seedServiceAndRoute,
  startExternalIdp,
  type ExternalIdp,
  type SeededRoute,
} from '../harness/handmade.js';
import { errorAnnotation, type ActionRun } from '../harness/run-action.js';
import { convergenceInputs, expectSuccess } from './convergence-kit.js';
import { annotations, entity, expectGateway, konnectWrites, OTHER_REPOSITORY, run, settledAnswerWithoutToken, teardownOf } from './ownership-kit.js';

const otherRepository = { env: { ...OTHER_REPOSITORY } };

describe('point 1: a client of the same name that a run of another repository created', () => {
  let emulator: Emulator;
  let theirs: ActionRun;
  let ours: ActionRun;
  let oursWrites: string;
  let theirSecretAfterOurs: number;
  let takeover: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const inputs = convergenceInputs(emulator);
    theirs = await run(inputs, otherRepository);
    expectSuccess(theirs);
    emulator.resetLog();
    ours = await run(inputs);
    oursWrites = konnectWrites(emulator);
    theirSecretAfterOurs = await mintStatus(theirs.outputs['issuer-url'] ?? '', theirs.outputs['client-id'] ?? '', theirs.outputs['client-secret'] ?? '');
    takeover = await run({ ...inputs, 'take-over': 'true' });
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('fails before any write, naming the repository that owns it and the way out', () => {
    expect(ours.exitCode).toBe(1);
    expect(oursWrites).toBe('');
    const error = errorAnnotation(ours);
    expect(error).toContain('ledger');
    expect(error).toMatch(/take-over|client-name/);
  });

  it("leaves the owner's secret working", () => {
    expect(theirSecretAfterOurs).toBe(200);
  });

  it('take-over: true converges it on purpose, with a warning', () => {
    expectSuccess(takeover);
    expect(annotations(takeover, 'warning').join('\n')).toMatch(/take-over|taken over|takes over/i);
  });
});

describe('point 1: a teardown in another repository with the same inputs', () => {
  let emulator: Emulator;
  let ours: ActionRun;
  let theirTeardown: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    const inputs = convergenceInputs(emulator);
    ours = await run(inputs);
    expectSuccess(ours);
    theirTeardown = await run(teardownOf(inputs), otherRepository);
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('deletes nothing of ours without force: our client, auth server and plugin stay, and our token passes', async () => {
    expect([0, 1]).toContain(theirTeardown.exitCode);
    const dump = emulator.store.dump();
    const server = dump.authServers.find((candidate) => candidate.id === ours.outputs['auth-server-id']);
    expect(server?.clients.map((client) => client.id)).toEqual([ours.outputs['client-id']]);
    expect(server?.scopes.map((scope) => scope.name).sort()).toEqual(['my-scope', 'other-scope']);
    expect(entity(emulator, 'plugins', ours.outputs['plugin-id'] ?? '')).toBeDefined();
    await expectGateway(emulator, { token: ours.outputs['access-token'] ?? '', withoutToken: 401 });
  });
});

describe("point 1: the action's marks added to a plugin it found do not make it the action's", () => {
  let emulator: Emulator;
  let handmadeId: string;
  let lastTeardown: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    // The action's auth server, with a client whose plugin is global.
    const first = convergenceInputs(emulator);
    const provisioned = await run(first);
    expectSuccess(provisioned);
    // Someone's own plugin on example-service, trusting that auth server, with settings of their own.
    const plugin = await konnectCall<{ id: string }>(emulator, 'POST', `${coreEntities(emulator)}/plugins`, {
      name: 'openid-connect',
      service: { id: emulator.store.dump().services.find((service) => service.name === 'example-service')?.id },
      config: {
        issuer: provisioned.outputs['issuer-url'],
        auth_methods: ['bearer'],
        audience_required: ['http://myhttpbin.dev'],
        hide_credentials: true,
      },
      tags: ['team-appointments'],
    });
    handmadeId = plugin.id;
    // A second client uses it (the action may add its tag), then both clients go.
    const second = convergenceInputs(emulator, { 'client-name': 'Client-2', service: 'example-service' });
    expectSuccess(await run(second));
    expectSuccess(await run(teardownOf(first)));
    lastTeardown = await run(teardownOf(second));
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it("the last client's teardown keeps that plugin, and example-service keeps refusing requests without a token", async () => {
    expect([0, 1]).toContain(lastTeardown.exitCode);
    expect(entity(emulator, 'plugins', handmadeId)).toMatchObject({
      id: handmadeId,
      tags: expect.arrayContaining(['team-appointments']),
      config: expect.objectContaining({ hide_credentials: true }),
    });
    expect(await settledAnswerWithoutToken(emulator)).not.toBe(200);
  });
});

describe('point 2: a hand-made plugin on the target that trusts an identity provider outside the org', () => {
  let emulator: Emulator;
  let idp: ExternalIdp;
  let partner: SeededRoute;
  let seeded: unknown;
  let pluginId: string;
  let provisioning: ActionRun;
  let provisioningWrites: string;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    idp = await startExternalIdp();
    partner = await seedServiceAndRoute(emulator, 'partner', '/partner');
    pluginId = (await seedExternalPlugin(emulator, partner.route, idp)).id;
    seeded = entity(emulator, 'plugins', pluginId);
    emulator.resetLog();
    provisioning = await run(convergenceInputs(emulator, { route: 'partner-route' }));
    provisioningWrites = konnectWrites(emulator);
  }, 120_000);
  afterAll(async () => {
    await emulator?.stop();
    await idp?.stop();
  });

  it('fails before any write, saying that replace-plugin-issuer takes it over', () => {
    expect(provisioning.exitCode).toBe(1);
    expect(provisioningWrites).toBe('');
    expect(errorAnnotation(provisioning)).toContain('replace-plugin-issuer');
  });

  it('leaves the plugin byte for byte, and the route keeps serving the external tokens only', async () => {
    expect(entity(emulator, 'plugins', pluginId)).toEqual(seeded);
    await expectGateway(emulator, { path: partner.path, token: await idp.token(), withToken: 200, withoutToken: 401 });
  });
});

describe('point 2: that plugin taken over with replace-plugin-issuer: true, then the last client torn down', () => {
  let emulator: Emulator;
  let idp: ExternalIdp;
  let partner: SeededRoute;
  let pluginId: string;
  let takeover: ActionRun;
  let teardown: ActionRun;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
    idp = await startExternalIdp();
    partner = await seedServiceAndRoute(emulator, 'partner', '/partner');
    pluginId = (await seedExternalPlugin(emulator, partner.route, idp)).id;
    const inputs = convergenceInputs(emulator, { route: 'partner-route' });
    takeover = await run({ ...inputs, 'replace-plugin-issuer': 'true' });
    teardown = await run(teardownOf(inputs));
  }, 120_000);
  afterAll(async () => {
    await emulator?.stop();
    await idp?.stop();
  });

  it('takes it over with a warning', () => {
    expectSuccess(takeover);
    expect(annotations(takeover, 'warning').length).toBeGreaterThan(0);
  });

  it('the teardown does not delete it (the action did not create it): the route never opens', async () => {
    expect([0, 1]).toContain(teardown.exitCode);
    expect(entity(emulator, 'plugins', pluginId)).toBeDefined();
    expect(await settledAnswerWithoutToken(emulator, partner.path)).not.toBe(200);
  });
});

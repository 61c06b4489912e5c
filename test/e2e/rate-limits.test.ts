// Kong Identity's per-auth-server rate limit against a matrix: 8 legs of one workflow run the bundled
// action at once on one auth server (one client per leg), with the emulator limiting that auth
// server to 20 requests per second. Every leg must succeed: throttled requests wait Retry-After and
// are repeated, and nothing is duplicated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type RequestLogEntry } from '../emulator/index.js';
import { mintStatus } from '../harness/how-to.js';
import { runAction, type ActionRun } from '../harness/run-action.js';
import { convergenceInputs, expectSuccess, expectTokenPasses, theAuthServer } from './convergence-kit.js';

const LEGS = 8;
const LIMIT = 20;

describe(`a matrix of ${LEGS} runs on one auth server limited to ${LIMIT} requests per second`, () => {
  let emulator: Emulator;
  let legs: ActionRun[];
  let legsRequests: RequestLogEntry[];

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimitAuthServer: LIMIT, propagationMs: 200 });
    legs = await Promise.all(
      Array.from({ length: LEGS }, (_, leg) =>
        runAction(convergenceInputs(emulator, { 'client-name': `ci-leg-${leg}`, 'proxy-url': emulator.proxyUrl }), { timeoutMs: 90_000 }),
      ),
    );
    legsRequests = emulator.requests();
    // What follows checks the legs' outcomes, not the limit: its own token requests are not throttled.
    emulator.options.rateLimitAuthServer = null;
  }, 120_000);
  afterAll(async () => {
    await emulator?.stop();
    expect(emulator.violations()).toEqual([]);
  });

  it('every leg succeeds, on one auth server with one client per leg, and its secret and token work', async () => {
    legs.forEach(expectSuccess);
    const server = theAuthServer(emulator.store.dump());
    expect(server.clients.map((client) => client.name).sort()).toEqual(Array.from({ length: LEGS }, (_, leg) => `ci-leg-${leg}`).sort());
    expect(server.scopes).toHaveLength(2);
    expect(server.claims).toHaveLength(2);
    for (const leg of legs) {
      expect(leg.outputs['check-status']).toBe('passed');
      expect(await mintStatus(leg.outputs['issuer-url'] ?? '', leg.outputs['client-id'] ?? '', leg.outputs['client-secret'] ?? '')).toBe(200);
      await expectTokenPasses(emulator, leg);
    }
  });

  it('the auth server was held to its limit: never more than 20 answered requests in one second, the rest 429', () => {
    const authServerId = theAuthServer(emulator.store.dump()).id;
    const issuerSlug = new URL(theAuthServer(emulator.store.dump()).issuer).pathname.split('/')[1];
    const counted = legsRequests.filter(
      (entry) => entry.path.startsWith(`/v1/auth-servers/${authServerId}`) || entry.path === `/${issuerSlug}/auth/oauth/token`,
    );
    const perSecond = new Map<number, number>();
    for (const entry of counted.filter((entry) => entry.status !== 429)) {
      const second = Math.floor(entry.start / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    // A request is counted when its latency (none here) has passed, within a ms or two of its arrival.
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(LIMIT + 2);
    console.info(`${counted.length} requests to the auth server, ${counted.filter((entry) => entry.status === 429).length} throttled`);
  });
});

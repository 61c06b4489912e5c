// The access token is verified before it is handed out: a token with the wrong audience or issuer,
// a bad signature, or already expired (the emulator's token faults) fails the run with a message
// that says which, and is not exported.
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../emulator/index.js';
import { runAction } from '../harness/run-action.js';
import { failureMessage, oneOfEachInputs } from './resilience-kit.js';

const TOKEN_FAULTS = [
  { fault: 'wrong-aud', reason: /its aud claim does not contain "http:\/\/myhttpbin\.dev"/ },
  { fault: 'wrong-iss', reason: /its iss claim is not "http:\/\/127\.0\.0\.1:\d+\/\w+\/auth"/ },
  { fault: 'bad-signature', reason: /its signature does not match the issuer key/ },
  { fault: 'expired', reason: /it has already expired/ },
] as const;

describe.concurrent.each(TOKEN_FAULTS)('a token the issuer mints $fault', ({ fault, reason }) => {
  it('fails the run, says why, and is not exported', async () => {
    const emulator = await startEmulator({ propagationMs: 0, faults: [`POST /*/auth/oauth/token token:${fault}`] });
    try {
      const run = await runAction(oneOfEachInputs(emulator), { timeoutMs: 60_000 });
      const minted = emulator.requests().filter((entry) => entry.method === 'POST' && entry.path.endsWith('/oauth/token'));
      expect(minted.map((entry) => entry.status)).toContain(200);

      expect(run.exitCode).toBe(1);
      const message = failureMessage(run);
      expect(message).toMatch(/The access token failed verification: /);
      expect(message).toMatch(reason);
      expect(message).toMatch(/it was not exported/);
      expect(run.outputs['access-token']).toBeUndefined();
      expect(run.outputs['token-expires-at']).toBeUndefined();
      expect(run.outputs['check-status']).not.toBe('passed');
      // The gateway was never asked: a refused token is not tried anywhere.
      expect(emulator.requests().filter((entry) => entry.path === '/anything')).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });
});

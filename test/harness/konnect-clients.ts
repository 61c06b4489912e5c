// For in-process tests of the Konnect client: an emulator started for the test file, and clients of
// the action's own KonnectClient, sharing one transport, that talk to it (or to another base URL).
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_RETRY_POLICY } from '../../src/http/retry.js';
import { Transport } from '../../src/http/transport.js';
import { KonnectClient } from '../../src/konnect/client.js';
import { startEmulator, type Emulator } from '../emulator/index.js';

export interface KonnectClients {
  emulator: () => Emulator;
  /** A client of the emulator's API, with its token, unless `options` says otherwise. */
  client: (options?: { baseUrl?: string; token?: string }) => KonnectClient;
}

/** Registers the file's beforeAll / afterAll: the emulator starts before its tests and stops after them. */
export function konnectClients(): KonnectClients {
  let emulator: Emulator | undefined;
  const transport = new Transport();
  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
  });
  afterAll(async () => {
    await transport.close();
    await emulator?.stop();
  });
  const started = (): Emulator => {
    if (emulator === undefined) throw new Error('the emulator starts in beforeAll: use it inside a test');
    return emulator;
  };
  return {
    emulator: started,
    client: (options = {}) =>
      new KonnectClient({
        baseUrl: options.baseUrl ?? started().apiUrl,
        token: options.token ?? started().konnectToken,
        transport,
        policy: DEFAULT_RETRY_POLICY,
        signal: new AbortController().signal,
      }),
  };
}

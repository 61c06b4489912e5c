import { randomBytes } from 'node:crypto';
import { inStep } from '../errors/errors.js';
import type { AuthServer, IdentityApi } from '../konnect/identity.js';
import { TEARDOWN_MARK } from '../resources/ownership.js';

/**
 * The teardown mark: a label a teardown sets on the auth server before it counts the clients left
 * and removes what none of them needs, and clears after. A provisioning that created its client
 * reads it once the client exists (steps.ts, noTeardownRacing), so at least one of the two sees the
 * other. A mark left by a teardown that was killed stops counting after its lifetime.
 */

/** Far longer than a teardown takes (seconds), short enough that a killed one does not hold provisioning up for long. */
export const TEARDOWN_MARK_LIFETIME_MS = 60_000;

/** `t<epoch ms>-<random>`: a label value (letters, digits, `-`) that says when it was set and whose it is. */
export function newTeardownMark(now = Date.now()): string {
  return `t${now}-${randomBytes(4).toString('hex')}`;
}

/** How old a mark is, in ms; undefined for none (or one this action did not write). */
export function teardownMarkAge(value: string | undefined, now = Date.now()): number | undefined {
  const match = /^t(\d{13})-[0-9a-f]{8}$/.exec(value ?? '');
  return match?.[1] === undefined ? undefined : Math.max(0, now - Number(match[1]));
}

/** Sets the mark (Konnect merges labels: the others stay). */
export async function setTeardownMark(identity: IdentityApi, server: AuthServer, mark: string): Promise<AuthServer> {
  return inStep(`mark auth server "${server.name}" as being torn down`, () => identity.updateAuthServer(server.id, { labels: { [TEARDOWN_MARK]: mark } }));
}

/** Clears the mark if it is still this teardown's (a concurrent teardown's newer mark stays). */
export async function clearTeardownMark(identity: IdentityApi, server: AuthServer, mark: string): Promise<void> {
  await inStep(`clear the teardown mark of auth server "${server.name}"`, async () => {
    const current = await identity.getAuthServer(server.id);
    if (current.labels?.[TEARDOWN_MARK] === mark) await identity.updateAuthServer(server.id, { labels: { [TEARDOWN_MARK]: null } });
  });
}

/** A provisioning that saw a mark waits until it is gone (or old, or the auth server is). */
export async function waitForTeardown(identity: IdentityApi, serverId: string, signal: AbortSignal, pause: (ms: number) => Promise<void>): Promise<void> {
  for (;;) {
    let server: AuthServer;
    try {
      server = await identity.getAuthServer(serverId);
    } catch {
      return; // gone (or unreadable): converging again finds out
    }
    const age = teardownMarkAge(server.labels?.[TEARDOWN_MARK]);
    if (age === undefined || age >= TEARDOWN_MARK_LIFETIME_MS || signal.aborted) return;
    await pause(500);
  }
}

import * as log from '../runner/log.js';
import { ActionError, allSettledOrThrow, inStep } from '../errors/errors.js';
import type { AuthServer } from '../konnect/identity.js';
import { listClientsWithScopes } from '../resources/auth-server.js';
import { clientGoes } from '../resources/client.js';
import type { RunContext, TeardownItem } from '../resources/description.js';
import { hasRoomForMark } from '../resources/ownership.js';
import type { Description, Found, TeardownState } from '../resources/registry.js';
import { teardownOrder } from './engine.js';
import { clearTeardownMark, newTeardownMark, setTeardownMark } from './teardown-mark.js';

/**
 * Destroy (mode teardown), for the same inputs as a provisioning run:
 *
 * 1. the client's own resources: its Consumer, then the client, each if ours (or force);
 * 2. the teardown mark on the auth server (teardown-mark.ts), then the clients left on it;
 * 3. what they share: with clients left, only the departing client's scopes_required entry; with
 *    none, every claim and scope that is ours, the plugin (kept by default while its target exists,
 *    so that the gateway stays closed), and the auth server if ours;
 * 4. the mark cleared.
 *
 * Every step reads the state afresh and treats "already gone" as done, so a teardown killed after
 * any request completes when run again; a failure says what was deleted before it.
 */

/** A teardown that failed part way: what it did before, so the user knows the org's state. */
export class TeardownFailed extends ActionError {
  override readonly name = 'TeardownFailed';

  constructor(
    readonly done: readonly TeardownItem[],
    override readonly cause: unknown,
  ) {
    const deleted = done.filter((item) => item.outcome === 'delete' || item.outcome === 'update');
    const what = deleted.length === 0 ? 'nothing was deleted or changed' : `already ${deleted.map(describeDone).join(', ')}`;
    const base = cause instanceof ActionError ? cause : undefined;
    super(`Teardown failed part way (${what}): ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
      hint: `${base?.hint ? `${base.hint} ` : ''}Run the teardown again: it completes what is left.`,
    });
  }
}

function describeDone(item: TeardownItem): string {
  return `${item.outcome === 'update' ? 'updated' : 'deleted'} ${item.kind} "${item.name}"${item.id ? ` (${item.id})` : ''}`;
}

export interface TeardownResult {
  items: TeardownItem[];
  found: Found;
}

/** The plan (a dry run): every decision, from GET requests only; nothing is marked or deleted. */
export async function planTeardown(ctx: RunContext, all: readonly Description[], found: Found): Promise<TeardownItem[]> {
  const descriptions = teardownOrder(all);
  const state = initialState(ctx, found);
  const decide = (stage: 'client' | 'shared') => {
    for (const description of descriptions) {
      if (description.teardown?.stage === stage) state.decided.push(...description.teardown.decide(ctx, state));
    }
  };
  decide('client');
  const server = found.authServer.named;
  if (server !== undefined && state.sharedKept === undefined) await readWhatIsLeft(ctx, server, state);
  decide('shared');
  return state.decided;
}

function initialState(ctx: RunContext, found: Found): TeardownState {
  const goes = clientGoes(ctx, found.client);
  return {
    found,
    clientGoes: goes,
    ...(goes ? {} : { sharedKept: `client "${ctx.config.client.name}" is kept, so auth server "${ctx.config.authServer.name}" is still in use` }),
    decided: [],
  };
}

export async function destroy(ctx: RunContext, all: readonly Description[], found: Found): Promise<TeardownItem[]> {
  const descriptions = teardownOrder(all);
  const state = initialState(ctx, found);
  const done: TeardownItem[] = [];
  const run = async (stage: 'client' | 'shared') => {
    for (const description of descriptions) {
      const part = description.teardown;
      if (part?.stage !== stage) continue;
      const items = part.decide(ctx, state);
      state.decided.push(...items);
      // Removals of one kind go together (scopes, say); kinds go in order.
      const results = await allSettledOrThrow(
        items.map((item) => (item.outcome === 'delete' || item.outcome === 'update' ? part.remove(ctx, state, item) : item)),
      );
      done.push(...results);
    }
  };
  let mark: { server: AuthServer; value: string } | undefined;
  try {
    await run('client');
    const server = found.authServer.named;
    if (server !== undefined && state.sharedKept === undefined) {
      if (!hasRoomForMark(server.labels)) {
        state.sharedKept = `auth server "${server.name}" has no room for the teardown mark (Konnect allows 5 labels), so this teardown cannot tell whether a provisioning is starting on it`;
      } else {
        mark = { server, value: newTeardownMark() };
        await setTeardownMark(ctx.identity, server, mark.value);
        await readWhatIsLeft(ctx, server, state);
      }
    }
    await run('shared');
    if (mark !== undefined && !done.some((item) => item.kind === 'auth server' && item.outcome === 'delete')) {
      await clearTeardownMark(ctx.identity, mark.server, mark.value);
    }
  } catch (error) {
    throw new TeardownFailed(done, error);
  }
  return done;
}

/** After the mark: the clients left, and with none, every scope and claim of the auth server. */
async function readWhatIsLeft(ctx: RunContext, server: AuthServer, state: TeardownState): Promise<void> {
  const departing = state.found.client?.id;
  const { clients, scopes } = await listClientsWithScopes(ctx.identity, server);
  state.remaining = clients.filter((client) => client.id !== departing);
  if (state.remaining.length > 0) {
    log.info(`Auth server "${server.name}" still has ${state.remaining.length} other client(s): what they share stays.`);
    return;
  }
  state.serverScopes = scopes;
  state.serverClaims = await inStep(`list the claims of auth server "${server.name}"`, () => ctx.identity.listClaims(server.id));
}

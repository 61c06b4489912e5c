import * as log from '../runner/log.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { ActionError, allSettledOrThrow, inStep } from '../errors/errors.js';
import { deleteIfPresent, konnectStatus } from '../konnect/errors.js';
import type { ClientSecret, IdentityApi } from '../konnect/identity.js';
import { requestClientCredentialsToken, type MintOutcome } from '../oauth/token.js';
import { define } from './registry.js';
import { mayHaveBeenCreated } from './converge.js';

/**
 * The one-time secret policy. Konnect shows a client secret only when it is created and allows at
 * most two active secrets per client, yet every run must hand out a secret that works:
 *
 * - client created by this run: the secret it was created with (the client-secret input, or the
 *   one Konnect generated);
 * - existing client, client-secret given: that secret, after checking it mints a token; if it does
 *   not, it is installed through the secrets API (evicting the oldest secret when two are active);
 * - existing client, no client-secret: rotate, as Kong's rotation guide does: create a secret, check
 *   it mints a token, then delete the secrets older than it (never the new one). A concurrent run's
 *   newer secret survives, so at most two stay active.
 */

export const ACTIVE_SECRET_LIMIT = 2;

export type SecretStrategy = { kind: 'use-creation-secret'; secret: string } | { kind: 'verify-input'; secret: string } | { kind: 'rotate' };

/**
 * `needsSecretId`: the post step will revoke the secret this run hands out (revoke-secret-on-exit),
 * which needs its id; Konnect returns a new client's secret without one, so such a client is rotated
 * at once (its creation secret is then retired like any older one).
 */
export function chooseSecretStrategy(
  client: { created: boolean; creationSecret?: string },
  inputSecret: string | undefined,
  needsSecretId = false,
): SecretStrategy {
  if (client.created && client.creationSecret !== undefined && (inputSecret !== undefined || !needsSecretId)) {
    return { kind: 'use-creation-secret', secret: client.creationSecret };
  }
  if (inputSecret !== undefined) return { kind: 'verify-input', secret: inputSecret };
  return { kind: 'rotate' };
}

/** The secret to delete to make room for one more, or undefined when there is room: the oldest active one not protected. */
export function secretToEvict(secrets: readonly ClientSecret[], protectedIds: ReadonlySet<string>): ClientSecret | undefined {
  const active = secrets.filter((secret) => secret.enabled);
  if (active.length < ACTIVE_SECRET_LIMIT) return undefined;
  return oldestFirst(active.filter((secret) => !protectedIds.has(secret.id)))[0];
}

/** After a rotation: the active secrets created before `kept`. Newer ones (a concurrent run's) stay. */
export function secretsToRetire(secrets: readonly ClientSecret[], kept: ClientSecret): ClientSecret[] {
  const keptAt = Date.parse(kept.created_at);
  return secrets.filter((secret) => secret.enabled && secret.id !== kept.id && Date.parse(secret.created_at) < keptAt);
}

export function oldestFirst(secrets: readonly ClientSecret[]): ClientSecret[] {
  return [...secrets].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
}

// ---- applying the policy -------------------------------------------------------------------------

export interface SecretContext<T> {
  api: IdentityApi;
  authServerId: string;
  clientId: string;
  clientName: string;
  /** Requests a token with this secret (waiting for whatever must be converged first). */
  mint: (secret: string) => Promise<MintOutcome<T>>;
  /** Pauses between attempts; replaced in tests. */
  pause?: (ms: number) => Promise<void>;
  /** False for a client that is not ours (and not taken over): its secrets are its other users', none is installed or deleted. */
  mayChangeSecrets?: boolean;
}

export interface WorkingCredentials<T> {
  strategy: SecretStrategy['kind'];
  secret: string;
  token: T;
  /** The secret created by this run, if any. */
  createdSecretId?: string;
  /** Deletes what the rotation superseded; returns the deleted ids. Runs beside the gateway check. */
  retireOld: () => Promise<string[]>;
}

const nothingToRetire = async (): Promise<string[]> => [];
const ROTATION_ATTEMPTS = 3;
const SECRET_CREATE_ATTEMPTS = 5;

export async function obtainWorkingCredentials<T>(ctx: SecretContext<T>, strategy: SecretStrategy): Promise<WorkingCredentials<T>> {
  switch (strategy.kind) {
    case 'use-creation-secret': {
      const outcome = await mintPatiently(ctx, strategy.secret);
      if (!outcome.ok) throw refused(ctx, 'the secret it was just created with', outcome.reason);
      return { strategy: strategy.kind, secret: strategy.secret, token: outcome.token, retireOld: nothingToRetire };
    }
    case 'verify-input':
      return verifyOrInstallInput(ctx, strategy.secret);
    case 'rotate':
      return rotate(ctx);
  }
}

/** A new secret or client can take a moment to be accepted: retry a refusal a few times. */
async function mintPatiently<T>(ctx: SecretContext<T>, secret: string): Promise<MintOutcome<T>> {
  const pause = pauseOf(ctx);
  let outcome = await ctx.mint(secret);
  for (const delay of [500, 1000, 2000]) {
    if (outcome.ok) return outcome;
    await pause(delay);
    outcome = await ctx.mint(secret);
  }
  return outcome;
}

async function verifyOrInstallInput<T>(ctx: SecretContext<T>, secret: string): Promise<WorkingCredentials<T>> {
  const first = await ctx.mint(secret);
  if (first.ok) return { strategy: 'verify-input', secret, token: first.token, retireOld: nothingToRetire };

  if (ctx.mayChangeSecrets === false) {
    throw new ActionError(
      `Client "${ctx.clientName}" (${ctx.clientId}) does not accept client-secret (${first.reason}), and it is not this repository's to install a secret into. Nothing was installed.`,
      {
        hint: "Pass a current secret of that client as client-secret, use another client-name, or set take-over: true to install it (which may evict one of its other users' secrets).",
      },
    );
  }
  log.info(`Client "${ctx.clientName}" does not accept client-secret (${first.reason}); installing it as a client secret.`);
  const { created: installed } = await createSecretMakingRoom(ctx, secret, new Set());
  const outcome = await mintPatiently(ctx, secret);
  if (!outcome.ok) throw refused(ctx, 'client-secret, although it was installed', outcome.reason);
  return { strategy: 'verify-input', secret, token: outcome.token, createdSecretId: installed.id, retireOld: nothingToRetire };
}

async function rotate<T>(ctx: SecretContext<T>): Promise<WorkingCredentials<T>> {
  const ours = new Set<string>();
  const evicted = new Set<string>();
  for (let attempt = 1; attempt <= ROTATION_ATTEMPTS; attempt += 1) {
    // Listing beside the create costs no round trip; the list is what retirement works from.
    const [made, listed] = await allSettledOrThrow([createSecretMakingRoom(ctx, undefined, ours), listSecrets(ctx)]);
    const created = made.created;
    ours.add(created.id);
    made.evictedIds.forEach((id) => evicted.add(id));
    const secret = created.secret;
    if (secret === undefined) {
      throw new ActionError(`Konnect created client secret ${created.id} for client "${ctx.clientName}" but did not return its value.`, {
        hint: 'Run the action again (the next rotation deletes that secret); if it persists, report it to Kong support.',
      });
    }

    const outcome = await mintPatiently(ctx, secret);
    if (outcome.ok) {
      return {
        strategy: 'rotate',
        secret,
        token: outcome.token,
        createdSecretId: created.id,
        // The list may predate an eviction made to find room: that secret is gone already.
        retireOld: () =>
          retire(
            ctx,
            secretsToRetire(listed, created).filter((secret) => !evicted.has(secret.id)),
          ),
      };
    }
    // A concurrent run may have deleted our fresh secret to make room for its own: make another.
    const stillThere = (await listSecrets(ctx)).some((item) => item.id === created.id);
    if (stillThere) throw refused(ctx, `its new secret ${created.id}`, outcome.reason);
    log.info(`The new secret of client "${ctx.clientName}" was deleted by a concurrent run; creating another (attempt ${attempt + 1}).`);
  }
  throw new ActionError(`Could not keep a new secret on client "${ctx.clientName}": concurrent runs kept deleting it.`, {
    hint: 'Serialise runs for this client with a workflow `concurrency:` group.',
  });
}

/**
 * POSTs a secret (`value`, or generated when undefined). When the two-active-secrets limit refuses
 * it (403), deletes the oldest active secret not in `protectedIds` and tries again; returns the
 * secret and the ids it deleted to make room. When the
 * response is lost, it also tries again: an orphaned secret is only an older one, which the
 * limit's eviction or the rotation's retirement removes.
 */
async function createSecretMakingRoom<T>(
  ctx: SecretContext<T>,
  value: string | undefined,
  protectedIds: ReadonlySet<string>,
): Promise<{ created: ClientSecret; evictedIds: string[] }> {
  const pause = pauseOf(ctx);
  const evictedIds: string[] = [];
  let refusedWithRoom = 0;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const created = await inStep(`create a secret for client "${ctx.clientName}"`, () => ctx.api.createClientSecret(ctx.authServerId, ctx.clientId, value));
      return { created, evictedIds };
    } catch (error) {
      if (mayHaveBeenCreated(error) && attempt < SECRET_CREATE_ATTEMPTS) {
        log.info(`Creating a secret for client "${ctx.clientName}" failed without a clear answer; trying again.`);
        continue;
      }
      if (konnectStatus(error) !== 403) throw error;
      const evict = secretToEvict(await listSecrets(ctx), protectedIds);
      if (evict === undefined) {
        // Room now: a concurrent run freed it meanwhile. Refused twice with room means no permission.
        refusedWithRoom += 1;
        if (refusedWithRoom >= 2 || attempt >= SECRET_CREATE_ATTEMPTS) throw error;
      } else if (attempt >= SECRET_CREATE_ATTEMPTS) {
        throw new ActionError(`Client "${ctx.clientName}" kept reaching its limit of ${ACTIVE_SECRET_LIMIT} active secrets: concurrent runs are rotating it.`, {
          hint: 'Serialise runs for this client with a workflow `concurrency:` group.',
        });
      } else {
        log.info(
          `Client "${ctx.clientName}" has ${ACTIVE_SECRET_LIMIT} active secrets; deleting the oldest (${evict.id}, created ${evict.created_at}) to make room.`,
        );
        await deleteSecret(ctx, evict.id);
        evictedIds.push(evict.id);
      }
      // Concurrent runs contend for the same room: a random pause keeps them from colliding again.
      if (attempt > 1) await pause(200 + Math.random() * 800);
    }
  }
}

function pauseOf<T>(ctx: SecretContext<T>): (ms: number) => Promise<void> {
  return ctx.pause ?? ((ms) => sleep(ms));
}

function listSecrets<T>(ctx: SecretContext<T>): Promise<ClientSecret[]> {
  return inStep(`list the secrets of client "${ctx.clientName}"`, () => ctx.api.listClientSecrets(ctx.authServerId, ctx.clientId));
}

async function deleteSecret<T>(ctx: SecretContext<T>, secretId: string): Promise<void> {
  await inStep(`delete secret ${secretId} of client "${ctx.clientName}"`, () =>
    deleteIfPresent(() => ctx.api.deleteClientSecret(ctx.authServerId, ctx.clientId, secretId)),
  );
}

async function retire<T>(ctx: SecretContext<T>, secrets: readonly ClientSecret[]): Promise<string[]> {
  await allSettledOrThrow(secrets.map((secret) => deleteSecret(ctx, secret.id)));
  return secrets.map((secret) => secret.id);
}

function refused<T>(ctx: SecretContext<T>, which: string, reason: string): ActionError {
  return new ActionError(`The token endpoint refused client "${ctx.clientName}" (${ctx.clientId}) with ${which}: ${reason}.`, {
    hint: 'Check that the client is enabled for client_credentials; rerun without client-secret to rotate to a fresh secret.',
  });
}

// ---- the descriptions: the client secret, and the retirement of what a rotation superseded ------

/**
 * The secret the run hands out, with the token minted by it. Tokens are requested once the claims
 * are converged, so that they carry them (`after: claims`).
 */
export const credentials = define({
  key: 'credentials',
  phase: 'secret and token',
  row: 'client secret',
  apply: {
    needs: ['authServer', 'client', 'issuerMetadata'],
    after: ['claims'],
    run: (ctx, _found, { authServer, client, issuerMetadata }) =>
      obtainWorkingCredentials(
        {
          api: ctx.identity,
          authServerId: authServer.resource.id,
          clientId: client.resource.id,
          clientName: client.resource.name,
          mayChangeSecrets: client.owner.ours || ctx.config.takeOver,
          mint: (clientSecret) =>
            inStep('request an access token', () =>
              requestClientCredentialsToken(ctx.issuer, {
                tokenEndpoint: issuerMetadata.token_endpoint,
                clientId: client.resource.id,
                clientSecret,
                scopes: ctx.config.scopes,
              }),
            ),
        },
        chooseSecretStrategy(client, ctx.config.client.secret, ctx.config.revokeSecretOnExit),
      ),
  },
});

/** After the token is verified: deletes the secrets a rotation superseded, beside the gateway check. */
export const retiredSecretIds = define({
  key: 'retiredSecretIds',
  phase: 'secret and token',
  row: 'client secret',
  apply: { needs: ['credentials'], after: ['token'], run: (_ctx, _found, { credentials: creds }) => creds.retireOld() },
});

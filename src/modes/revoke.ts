import * as z from 'zod/mini';
import * as core from '../runner/core.js';
import * as log from '../runner/log.js';
import type { Config } from '../inputs/config.js';
import { ActionError, inStep } from '../errors/errors.js';
import { deleteIfPresent } from '../konnect/errors.js';
import { CLIENT_ID_PATTERN, UUID_PATTERN } from '../konnect/paths.js';
import type { RunContext } from '../resources/description.js';
import type { Applied } from '../resources/registry.js';

/**
 * revoke-secret-on-exit: the main step saves the id of the client secret this run created (a
 * rotation's new secret: with this input a new client is rotated at once, so that its secret has an
 * id), and the post step deletes it, so that a smoke test leaves no long-lived credential behind.
 * Never a secret given as client-secret (the user keeps it), and never another run's: only the id
 * this run recorded. The runner's state file is not masked, so only ids are saved, never a value.
 *
 * The state is not trusted alone: the post step does nothing unless the main step saved that it ran
 * with revoke-secret-on-exit and the input says so now; the saved ids must have Konnect's shapes;
 * and before deleting, it confirms by reading Konnect that the auth server and client named by the
 * inputs are the saved ones and that the secret is one of that client's.
 */

const SECRET_TO_REVOKE = 'secret-to-revoke';
const REVOKE_REQUESTED = 'revoke-secret-on-exit';
/** Why the main step saved no secret: the post step says it (an id-free sentence of the action's own). */
const NONE_BECAUSE = 'revoke-none-because';

const savedSecret = z.object({
  authServerId: z.string().check(z.regex(UUID_PATTERN)),
  clientId: z.string().check(z.regex(CLIENT_ID_PATTERN)),
  secretId: z.string().check(z.regex(UUID_PATTERN)),
});
type SecretToRevoke = z.infer<typeof savedSecret>;

/** The reasons the main step may give; the post step prints only these (the state file could say anything). */
const KNOWN_REASONS = [
  'the run handed out no client secret, so none will be revoked.',
  'this run created no client secret, so none will be revoked.',
  'the secret handed out is client-secret, which is yours to keep: none will be revoked.',
] as const;

/** Main step: saves that revocation was asked for, and the id of the secret this run created, if it created one. */
export function saveSecretToRevoke(applied: Partial<Applied>): void {
  core.saveState(REVOKE_REQUESTED, 'true');
  const authServerId = applied.authServer?.resource.id;
  const client = applied.client;
  const credentials = applied.credentials;
  const none = (why: (typeof KNOWN_REASONS)[number]) => {
    log.info(`revoke-secret-on-exit: ${why}`);
    core.saveState(NONE_BECAUSE, why);
  };
  if (authServerId === undefined || client === undefined || credentials === undefined) {
    none('the run handed out no client secret, so none will be revoked.');
    return;
  }
  if (credentials.strategy !== 'rotate' || credentials.createdSecretId === undefined) {
    none(
      credentials.strategy === 'rotate'
        ? 'this run created no client secret, so none will be revoked.'
        : 'the secret handed out is client-secret, which is yours to keep: none will be revoked.',
    );
    return;
  }
  const saved: SecretToRevoke = { authServerId, clientId: client.resource.id, secretId: credentials.createdSecretId };
  core.saveState(SECRET_TO_REVOKE, JSON.stringify(saved));
  log.info(`revoke-secret-on-exit: the post step will delete client secret ${credentials.createdSecretId}.`);
}

/**
 * What the post step needs to know before it builds any client: whether there is anything to revoke.
 * When revocation was asked for and there is nothing, it says why (the main step's reason).
 */
export function savedRevocation(): string | undefined {
  if (core.getState(REVOKE_REQUESTED) !== 'true') return undefined;
  const saved = core.getState(SECRET_TO_REVOKE);
  if (saved !== '') return saved;
  const why = core.getState(NONE_BECAUSE);
  const known = KNOWN_REASONS.find((reason) => reason === why);
  log.info(`revoke-secret-on-exit: nothing to revoke: ${known ?? 'the main step saved no secret.'}`);
  return undefined;
}

export function parseSavedSecret(saved: string): SecretToRevoke {
  let json: unknown;
  try {
    json = JSON.parse(saved);
  } catch {
    json = undefined;
  }
  const parsed = savedSecret.safeParse(json);
  if (!parsed.success) {
    throw new ActionError('revoke-secret-on-exit: the saved state does not name a client secret in the shape Konnect gives it; nothing was deleted.', {
      hint: 'The state the main step saved was altered or is from another version of the action: delete the client secret in Konnect by hand if it should not stay.',
    });
  }
  return parsed.data;
}

/** Post step: deletes the saved secret, once Konnect confirms it is a secret of the client the inputs name. */
export async function revoke(ctx: RunContext, config: Config, { authServerId, clientId, secretId }: SecretToRevoke): Promise<void> {
  await inStep(`revoke client secret ${secretId} of client ${clientId}`, async () => {
    const server = (await ctx.identity.findAuthServers(config.authServer.name))[0];
    const client = server?.id === authServerId ? (await ctx.identity.findClients(authServerId, config.client.name))[0] : undefined;
    const secrets = client?.id === clientId ? await ctx.identity.listClientSecrets(authServerId, clientId) : [];
    if (!secrets.some((secret) => secret.id === secretId)) {
      const owner =
        client?.id === clientId
          ? `is not a secret of client "${config.client.name}"`
          : `does not belong to client "${config.client.name}" of auth server "${config.authServer.name}"`;
      log.info(`Client secret ${secretId} ${owner} (or is already gone): nothing was deleted.`);
      return;
    }
    const outcome = await deleteIfPresent(() => ctx.identity.deleteClientSecret(authServerId, clientId, secretId));
    log.info(
      outcome === 'deleted'
        ? `Revoked client secret ${secretId} of client ${clientId}, which this run created (revoke-secret-on-exit).`
        : `Client secret ${secretId} of client ${clientId} is already gone.`,
    );
  });
}

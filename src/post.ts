import * as z from 'zod/mini';
import * as log from './runner/log.js';
import { parseConfig, type Config } from './inputs/config.js';
import { ActionError, inStep } from './errors/errors.js';
import { describeFailure } from './errors/describe.js';
import { KonnectApiError } from './konnect/errors.js';
import { identityApi } from './konnect/identity.js';
import { CLIENT_ID_PATTERN, UUID_PATTERN } from './konnect/paths.js';
import type { RunValues } from './engine/provision.js';
import { oldestFirst } from './resources/client-secret.js';
import { createRuntime, type Runtime } from './engine/clients.js';
import { maskInputSecrets } from './runner/secrets.js';
import { findAuthServer } from './resources/auth-server.js';
import { findClient } from './resources/client.js';
import { getInput, getState, saveState } from './workflow-commands.js';

/**
 * The post step (action.yml `post:`), which the runner runs after the job's steps whatever their
 * outcome. With revoke-secret-on-exit the main step saves which client secret it created; the post
 * step deletes it, so that a smoke test leaves no long-lived credential behind. The runner's state
 * file is not masked, so only ids are saved, never the secret's value.
 *
 * The state is not trusted alone: the post step does nothing unless the main step saved that it ran
 * with revoke-secret-on-exit and the input says so now; the saved ids must have Konnect's shapes; and
 * before deleting, it confirms by reading Konnect that the auth server and client named by the
 * inputs are the saved ones and that the secret is one of that client's.
 */

const SECRET_TO_REVOKE = 'secret-to-revoke';
const REVOKE_REQUESTED = 'revoke-secret-on-exit';

const savedSecret = z.object({
  authServerId: z.string().check(z.regex(UUID_PATTERN)),
  clientId: z.string().check(z.regex(CLIENT_ID_PATTERN)),
  secretId: z.string().check(z.regex(UUID_PATTERN)),
});
type SecretToRevoke = z.infer<typeof savedSecret>;

/** Main step, with revoke-secret-on-exit: saves that it was asked, and the id of the secret this run created, if it created one. */
export async function saveSecretToRevoke(runtime: Runtime, values: RunValues): Promise<void> {
  saveState(REVOKE_REQUESTED, 'true');
  const authServerId = values.authServer?.resource.id;
  const client = values.client;
  if (authServerId === undefined || client === undefined) return;
  const secretId =
    values.credentials?.createdSecretId ??
    (client.created && client.creationSecret !== undefined ? await creationSecretId(runtime, authServerId, client.resource.id) : undefined);
  if (secretId === undefined) {
    log.info('revoke-secret-on-exit: this run created no client secret, so none will be revoked.');
    return;
  }
  const saved: SecretToRevoke = { authServerId, clientId: client.resource.id, secretId };
  saveState(SECRET_TO_REVOKE, JSON.stringify(saved));
  log.info(`revoke-secret-on-exit: the post step will delete client secret ${secretId}.`);
}

/**
 * Konnect returns a new client's secret without its id: a client this run created has that one
 * secret alone (the oldest, should a concurrent run have added one since). A failed lookup only
 * costs the revocation, never the run's outputs.
 */
async function creationSecretId(runtime: Runtime, authServerId: string, clientId: string): Promise<string | undefined> {
  try {
    return oldestFirst(await identityApi(runtime.konnect).listClientSecrets(authServerId, clientId))[0]?.id;
  } catch (error) {
    log.warning(`revoke-secret-on-exit: could not list the new client's secrets, so its secret will not be revoked: ${describeFailure(error)}`);
    return undefined;
  }
}

/**
 * Post step: deletes the saved secret, once confirmed. Without revoke-secret-on-exit (in the main
 * step's state and in the inputs) or without a saved secret, it makes no request.
 */
export async function post(): Promise<void> {
  const saved = getState(SECRET_TO_REVOKE);
  if (saved === '' || getState(REVOKE_REQUESTED) !== 'true') return;
  maskInputSecrets();
  let config: Config | undefined;
  try {
    config = parseConfig(getInput);
    if (!config.revokeSecretOnExit) return;
    const target = parseSavedSecret(saved);
    const runtime = createRuntime(config);
    try {
      await revoke(runtime, config, target);
    } finally {
      await runtime.close();
    }
  } catch (error) {
    log.setFailed(describeFailure(error, config === undefined ? {} : { timeoutSeconds: config.timeoutSeconds }));
  }
}

function parseSavedSecret(saved: string): SecretToRevoke {
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

async function revoke(runtime: Runtime, config: Config, { authServerId, clientId, secretId }: SecretToRevoke): Promise<void> {
  await inStep(`revoke client secret ${secretId} of client ${clientId}`, async () => {
    const api = identityApi(runtime.konnect);
    const server = await findAuthServer(api, config.authServer.name);
    const client = server?.id === authServerId ? await findClient(api, authServerId, config.client.name) : undefined;
    const secrets = client?.id === clientId ? await api.listClientSecrets(authServerId, clientId) : [];
    if (!secrets.some((secret) => secret.id === secretId)) {
      const owner =
        client?.id === clientId
          ? `is not a secret of client "${config.client.name}"`
          : `does not belong to client "${config.client.name}" of auth server "${config.authServer.name}"`;
      log.info(`Client secret ${secretId} ${owner} (or is already gone): nothing was deleted.`);
      return;
    }
    try {
      await api.deleteClientSecret(authServerId, clientId, secretId);
      log.info(`Revoked client secret ${secretId} of client ${clientId} (revoke-secret-on-exit).`);
    } catch (error) {
      if (!(error instanceof KonnectApiError && error.status === 404)) throw error;
      log.info(`Client secret ${secretId} of client ${clientId} is already gone.`);
    }
  });
}

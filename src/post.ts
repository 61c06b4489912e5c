import { parseConfig, type Config } from './config.js';
import { inStep } from './errors.js';
import { describeFailure } from './failure.js';
import { KonnectApiError } from './konnect/errors.js';
import { identityApi } from './konnect/identity.js';
import type { RunValues } from './pipeline.js';
import { oldestFirst } from './reconcile/client-secret.js';
import { createRuntime, type Runtime } from './runtime.js';
import { maskSecret } from './secrets.js';
import { getInput, getState, info, saveState, setFailed, warning } from './workflow-commands.js';

/**
 * The post step (action.yml `post:`), which the runner runs after the job's steps whatever their
 * outcome. With revoke-secret-on-exit the main step saves which client secret it created; the post
 * step deletes it, so that a smoke test leaves no long-lived credential behind. The runner's state
 * file is not masked, so only ids are saved, never the secret's value.
 */

const SECRET_TO_REVOKE = 'secret-to-revoke';

interface SecretToRevoke {
  authServerId: string;
  clientId: string;
  secretId: string;
}

/** Main step, with revoke-secret-on-exit: saves the id of the secret this run created, if it created one. */
export async function saveSecretToRevoke(runtime: Runtime, values: RunValues): Promise<void> {
  const authServerId = values.authServer?.resource.id;
  const client = values.client;
  if (authServerId === undefined || client === undefined) return;
  const secretId =
    values.credentials?.createdSecretId ??
    (client.created && client.creationSecret !== undefined ? await creationSecretId(runtime, authServerId, client.resource.id) : undefined);
  if (secretId === undefined) {
    info('revoke-secret-on-exit: this run created no client secret, so none will be revoked.');
    return;
  }
  const saved: SecretToRevoke = { authServerId, clientId: client.resource.id, secretId };
  saveState(SECRET_TO_REVOKE, JSON.stringify(saved));
  info(`revoke-secret-on-exit: the post step will delete client secret ${secretId}.`);
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
    warning(`revoke-secret-on-exit: could not list the new client's secrets, so its secret will not be revoked: ${describeFailure(error)}`);
    return undefined;
  }
}

/** Post step: deletes the saved secret. Without one (revoke-secret-on-exit off) it makes no request. */
export async function post(): Promise<void> {
  const saved = getState(SECRET_TO_REVOKE);
  if (saved === '') return;
  maskSecret(getInput('konnect-token'));
  let config: Config | undefined;
  try {
    config = parseConfig(getInput);
    const target = JSON.parse(saved) as SecretToRevoke;
    const runtime = createRuntime(config);
    try {
      await revoke(runtime, target);
    } finally {
      await runtime.close();
    }
  } catch (error) {
    setFailed(describeFailure(error, config === undefined ? {} : { timeoutSeconds: config.timeoutSeconds }));
  }
}

async function revoke(runtime: Runtime, { authServerId, clientId, secretId }: SecretToRevoke): Promise<void> {
  await inStep(`revoke client secret ${secretId} of client ${clientId}`, async () => {
    try {
      await identityApi(runtime.konnect).deleteClientSecret(authServerId, clientId, secretId);
      info(`Revoked client secret ${secretId} of client ${clientId} (revoke-secret-on-exit).`);
    } catch (error) {
      if (!(error instanceof KonnectApiError && error.status === 404)) throw error;
      info(`Client secret ${secretId} of client ${clientId} is already gone.`);
    }
  });
}

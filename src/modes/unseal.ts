import { ConfigError } from '../errors/errors.js';
import { failEarly } from '../report/failure.js';
import { setOutputs } from '../report/outputs.js';
import { writeFactsSummary } from '../report/summary.js';
import { maskSecret } from '../runner/secrets.js';
import { warning } from '../runner/log.js';
import { getInput } from '../runner/core.js';
import { parseSealKey, SEAL_KEY_HOWTO } from '../seal/key.js';
import { unsealToken, type UnsealedToken } from '../seal/seal.js';

/**
 * mode: unseal. Opens the sealed-access-token an earlier job output, with the same seal-key, and
 * hands out the access token. No network call: the earlier job already verified the token.
 */

/** Below this, the token is handed out with a warning: a deploy step may outlive it. */
const SHORT_LIFETIME_SECONDS = 60;

/** Bad inputs throw at once (a ConfigError); opening the sealed token is asynchronous. */
export function readSealedToken(read: (name: 'sealed-access-token' | 'seal-key') => string, now: Date): Promise<UnsealedToken> {
  const problems: string[] = [];
  const sealed = read('sealed-access-token').trim();
  if (sealed === '') {
    problems.push(
      '"sealed-access-token" is required in mode unseal: pass the job output of the provisioning job, e.g. sealed-access-token: ${{ needs.provision.outputs.sealed-access-token }} (if it is empty there, the runner dropped it or seal-key was not set in that job)',
    );
  }
  const rawKey = read('seal-key');
  const key = rawKey.trim() === '' ? { problem: `"seal-key" is required in mode unseal: ${SEAL_KEY_HOWTO}` } : parseSealKey(rawKey);
  if ('problem' in key) problems.push(key.problem);
  if (problems.length > 0 || !('key' in key)) throw new ConfigError(problems);

  return unsealToken(sealed, key.key, now).then((unsealed) => {
    maskSecret(unsealed.token); // before anything else can print it
    return unsealed;
  }); // refuses an expired one
}

export async function runUnseal(now = new Date()): Promise<void> {
  let unsealed: UnsealedToken;
  try {
    unsealed = await readSealedToken(getInput, now);
  } catch (error) {
    await failEarly(error);
    return;
  }
  const secondsLeft = Math.floor((unsealed.expiresAt.getTime() - now.getTime()) / 1000);
  if (secondsLeft < SHORT_LIFETIME_SECONDS) warning(`The unsealed access token expires in ${secondsLeft} s (at ${unsealed.expiresAt.toISOString()}).`);
  setOutputs({ 'access-token': unsealed.token, 'token-expires-at': unsealed.expiresAt.toISOString() });
  await writeFactsSummary('Kong Identity OIDC: access token (mode unseal)', [['Unsealed an access token that expires at', unsealed.expiresAt.toISOString()]]);
}

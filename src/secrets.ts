import { addMask } from './workflow-commands.js';

/**
 * Every secret the run handles (Konnect token, client secret, access token, seal key, a proxy's
 * password) passes through `maskSecret` the moment it exists: the runner then hides it in logs, and
 * `redact` removes it from any message we compose ourselves (errors can echo request data).
 */
const knownSecrets = new Set<string>();

export function maskSecret(value: string | undefined): void {
  if (!value || knownSecrets.has(value)) return;
  knownSecrets.add(value);
  addMask(value);
}

export function redact(text: string): string {
  let result = text;
  for (const secret of knownSecrets) result = result.split(secret).join('***');
  return result;
}

import { INPUTS, type InputName } from './config.js';
import { ConfigError } from '../errors/errors.js';
import { warning } from '../runner/log.js';
import { getInput } from '../workflow-commands.js';

/**
 * What one step of the action does, chosen by the `mode` input:
 * - provision (default): converge Kong Identity and the plugin, mint and check a token;
 * - token: mint a fresh token from a client's credentials, without the Konnect API;
 * - unseal: open a sealed-access-token from an earlier job, without any network call;
 * - teardown: delete, in reverse order, what provisioning made for the same inputs (modes/teardown.ts).
 */
export const MODES = ['provision', 'token', 'unseal', 'teardown'] as const;
export type Mode = (typeof MODES)[number];

const TOKEN_INPUTS: readonly InputName[] = ['issuer-url', 'client-id', 'client-secret', 'scopes', 'audience', 'seal-key', 'retry-max-attempts', 'timeout'];

/** The inputs each mode reads, and those it cannot do without. The README test checks its examples against these. */
export const MODE_INPUTS: Record<Mode, { required: readonly InputName[]; used: readonly InputName[] }> = {
  provision: {
    required: ['konnect-token', 'control-plane-name', 'auth-server-name', 'audience', 'scopes', 'client-name'],
    used: INPUTS.filter((name) => !['sealed-access-token', 'issuer-url', 'client-id', 'force'].includes(name)),
  },
  teardown: {
    required: ['konnect-token', 'control-plane-name', 'auth-server-name', 'client-name'],
    used: [
      'konnect-token',
      'region',
      'api-url',
      'control-plane-name',
      'auth-server-name',
      'audience',
      'scopes',
      'claims',
      'client-name',
      'service',
      'route',
      'create-consumer',
      'consumer-claim',
      'dry-run',
      'force',
      'retry-max-attempts',
      'timeout',
    ],
  },
  token: { required: ['issuer-url', 'client-id', 'client-secret'], used: TOKEN_INPUTS },
  unseal: { required: ['sealed-access-token', 'seal-key'], used: ['sealed-access-token', 'seal-key'] },
};

export function parseMode(raw: string): Mode {
  const mode = raw.trim().toLowerCase() || 'provision';
  if ((MODES as readonly string[]).includes(mode)) return mode as Mode;
  throw new ConfigError([`"mode" must be one of ${MODES.join(', ')} (default provision), got "${raw.trim()}"`]);
}

/**
 * A warning when another mode's required inputs are given: likely a mode forgotten or misspelt.
 * (Inputs with a default in action.yml always arrive set, so only required ones tell anything.)
 */
export function warnAboutIgnoredInputs(mode: Mode, read: (name: InputName) => string = getInput): void {
  const used = new Set<InputName>(MODE_INPUTS[mode].used);
  const othersRequired = new Set(MODES.flatMap((other) => MODE_INPUTS[other].required));
  const ignored = [...othersRequired].filter((name) => !used.has(name) && read(name) !== '');
  if (ignored.length > 0) warning(`mode ${mode} does not use ${ignored.join(', ')}: these inputs are ignored.`);
}

import { INPUTS, type InputName } from './config.js';
import { ConfigError } from '../errors/errors.js';
import { notice, warning } from '../runner/log.js';
import { getInput } from '../runner/core.js';

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
    used: INPUTS.filter((name) => !['sealed-access-token', 'issuer-url', 'client-id', 'force', 'leave-target-open'].includes(name)),
  },
  teardown: {
    required: ['konnect-token', 'control-plane-name', 'auth-server-name', 'client-name'],
    used: [
      'mode',
      'konnect-token',
      'region',
      'api-url',
      'control-plane-name',
      'auth-server-name',
      'client-name',
      'service',
      'route',
      'create-consumer',
      'dry-run',
      'force',
      'leave-target-open',
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

/** What action.yml gives an input that the step leaves out: such an input is not "given". */
export const INPUT_DEFAULTS: Partial<Record<InputName | 'mode', string>> = {
  mode: 'provision',
  region: 'us',
  'access-token-duration': '3600',
  'create-consumer': 'false',
  'require-scopes': 'false',
  'replace-plugin-issuer': 'false',
  'check-path': '/anything',
  'check-timeout': '120',
  'dry-run': 'false',
  force: 'false',
  'leave-target-open': 'false',
  'replace-audience': 'false',
  'take-over': 'false',
  'revoke-secret-on-exit': 'false',
  'retry-max-attempts': '4',
  timeout: '600',
};

/**
 * The inputs given that this mode does not use, said once. A teardown takes the provisioning step's
 * inputs as they are (the README's preview environments do): a notice lists the ones it ignores.
 * In the other modes, another mode's required input is likely a mode forgotten or misspelt: a warning.
 */
export function warnAboutIgnoredInputs(mode: Mode, read: (name: InputName) => string = getInput): void {
  const used = new Set<InputName>(MODE_INPUTS[mode].used);
  const given = (name: InputName) => read(name) !== '' && read(name) !== INPUT_DEFAULTS[name];
  if (mode === 'teardown') {
    const ignored = INPUTS.filter((name) => !used.has(name) && given(name));
    if (ignored.length > 0) notice(`mode teardown ignores ${ignored.join(', ')} (inputs of the provisioning step it does not need).`);
    return;
  }
  const othersRequired = new Set(MODES.flatMap((other) => MODE_INPUTS[other].required));
  const ignored = [...othersRequired].filter((name) => !used.has(name) && given(name));
  if (ignored.length > 0) warning(`mode ${mode} does not use ${ignored.join(', ')}: these inputs are ignored.`);
}

import { ConfigError } from '../errors/errors.js';
import { insecureTransportReason, trimTrailingSlashes } from '../http/url.js';
import { REGIONS } from '../konnect/region.js';
import { parseSealKey } from '../seal/key.js';

/**
 * The action's inputs, parsed and validated into one typed Config before any network call.
 * Every problem names the input and the fix; all problems are reported together.
 * Inputs are plain strings, so plain functions parse them: loading and first running Zod would add
 * to every run's start-up. Zod checks what peers send (http/json-body.ts).
 */

export const TOKEN_DURATION = { min: 60, max: 2_592_000, default: 3600 } as const;

export interface ClaimInput {
  name: string;
  value: string;
}

/** Where the openid-connect plugin applies: a service and/or a route (name or id), else globally. */
export interface PluginTarget {
  service?: string;
  route?: string;
}

export interface GatewayCheckConfig {
  /** proxy-url + check-path */
  url: string;
  timeoutSeconds: number;
}

/** The modes that talk to Konnect with these inputs (modes/mode.ts). */
export type KonnectMode = 'provision' | 'teardown';

export interface Config {
  /** provision converges and checks; teardown deletes what provisioning made (modes/teardown.ts). */
  mode: KonnectMode;
  konnectToken: string;
  /** https://{region}.api.konghq.com, or api-url; no trailing slash. */
  apiBaseUrl: string;
  controlPlaneName: string;
  /** `audience` is empty in mode teardown, which does not need it. */
  authServer: { name: string; audience: string; description?: string };
  scopes: string[];
  claims: ClaimInput[];
  client: { name: string; accessTokenDuration: number; secret?: string };
  pluginTarget: PluginTarget;
  /** Absent when no proxy-url is given: the check is skipped. */
  check?: GatewayCheckConfig;
  dryRun: boolean;
  /** revoke-secret-on-exit: the post step deletes the client secret this run created. */
  revokeSecretOnExit: boolean;
  retryMaxAttempts: number;
  timeoutSeconds: number;
  /** Key material from seal-key: when set, the token is also output sealed (modes/seal.ts). */
  sealKey?: Buffer;
  /** The token claim the plugin maps to a Consumer (the plugin's consumer_claim); unmanaged when absent. */
  consumerClaim?: string;
  /** require-scopes: the plugin's scopes_required is all of `scopes`; off releases the one the action set. */
  requireScopes: boolean;
  /** replace-plugin-issuer: take over a plugin that trusts another existing auth server. */
  replacePluginIssuer: boolean;
  /** create-consumer: one Consumer for the client (custom_id = client id), mapped by the client_id claim or consumerClaim. */
  createConsumer: boolean;
  /** force (mode teardown): delete also what lacks the action's marks (never what other clients still use). */
  force: boolean;
  /** replace-audience: change the auth server's audience although other clients use it. */
  replaceAudience: boolean;
  /** take-over: converge and rotate a client (or claim, or plugin mapping) that is not this repository's. */
  takeOver: boolean;
  /** leave-target-open (mode teardown): delete the plugin even though its target then answers without a token. */
  leaveTargetOpen: boolean;
}

/** Input names, as in action.yml. */
export const INPUTS = [
  'konnect-token',
  'region',
  'api-url',
  'control-plane-name',
  'auth-server-name',
  'audience',
  'auth-server-description',
  'scopes',
  'claims',
  'client-name',
  'access-token-duration',
  'client-secret',
  'service',
  'route',
  'proxy-url',
  'check-path',
  'check-timeout',
  'dry-run',
  'revoke-secret-on-exit',
  'retry-max-attempts',
  'timeout',
  'mode',
  'seal-key',
  'consumer-claim',
  'sealed-access-token',
  'issuer-url',
  'client-id',
  'require-scopes',
  'replace-plugin-issuer',
  'create-consumer',
  'force',
  'replace-audience',
  'take-over',
  'leave-target-open',
] as const;
export type InputName = (typeof INPUTS)[number];

/** Claim names the issuer sets itself: overriding them would break token verification. */
const RESERVED_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'scope', 'client_id']);

// ---- field parsers: one input's raw text to its value, or the problem with it -----------------

/** What a field parser makes of one input: its value, or the problem, naming the input and the fix. */
export type Parsed<T> = { value: T } | { problem: string };
export type FieldParser<T> = (raw: string) => Parsed<T>;

export function requiredText(input: InputName, fix: string): FieldParser<string> {
  return (raw) => {
    const value = raw.trim();
    return value === '' ? { problem: `"${input}" is required: ${fix}` } : { value };
  };
}

/** Blank is absent. */
export const optionalText: FieldParser<string | undefined> = (raw) => {
  const value = raw.trim();
  return { value: value === '' ? undefined : value };
};

function integer(input: InputName, bounds: { min: number; max: number; default: number; unit: string }): FieldParser<number> {
  return (raw) => {
    const text = raw.trim();
    if (text === '') return { value: bounds.default };
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < bounds.min || value > bounds.max) {
      return {
        problem: `"${input}" must be a whole number of ${bounds.unit} from ${bounds.min} to ${bounds.max}, got "${text}" (default ${bounds.default})`,
      };
    }
    return { value };
  };
}

function boolean(input: InputName): FieldParser<boolean> {
  return (raw) => {
    const text = raw.trim();
    if (text === '' || /^(false|False|FALSE)$/.test(text)) return { value: false };
    if (/^(true|True|TRUE)$/.test(text)) return { value: true };
    return { problem: `"${input}" must be true or false, got "${text}"` };
  };
}

/**
 * A URL input. With `credential` (what is sent there) it must be https, or http to a loopback host.
 * Messages never echo the value: a mistyped URL can hold a password or a token.
 */
export function urlInput(input: InputName, options: { credential?: string; required?: string } = {}): FieldParser<string | undefined> {
  return (raw) => {
    const text = raw.trim();
    if (text === '') return options.required === undefined ? { value: undefined } : { problem: `"${input}" is required ${options.required}` };
    const problem = urlProblem(text, options.credential);
    return problem === undefined ? { value: trimTrailingSlashes(text) } : { problem: `"${input}" ${problem}` };
  };
}

/** The seal-key input: optional, but when given it must be strong enough (modes/seal.ts). */
export const sealKey: FieldParser<Buffer | undefined> = (raw) => {
  const text = raw.trim();
  if (text === '') return { value: undefined };
  const parsed = parseSealKey(text);
  return 'problem' in parsed ? parsed : { value: parsed.key };
};

/** A service or route, by name or id (found by the list's name filter, never in a URL path); a name of dots only is a mistake. */
function entityNameOrId(input: InputName): FieldParser<string | undefined> {
  return (raw) => {
    const value = raw.trim();
    if (value === '') return { value: undefined };
    if (/^\.+$/.test(value)) return { problem: `"${input}" must be the name or id of a ${input} of the control plane, not only dots` };
    return { value };
  };
}

/** Bounds on requests and on the whole run, read the same way by every mode that makes requests. */
export const retryMaxAttempts = integer('retry-max-attempts', { min: 1, max: 10, default: 4, unit: 'attempts' });
export const runTimeout = integer('timeout', { min: 10, max: 21_600, default: 600, unit: 'seconds' });

function urlProblem(raw: string, credential: string | undefined): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL such as https://gateway.example.com';
  }
  if (url.username || url.password) return 'must not contain credentials';
  if (url.search || url.hash) return 'must not have a query or fragment';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL, such as https://gateway.example.com';
  if (credential !== undefined) {
    const reason = insecureTransportReason(url);
    if (reason) return `must use https (${credential} is sent there): ${reason}`;
  }
  return undefined;
}

// ---- list parsers (exported for tests) -------------------------------------------------------

/** Scopes: comma- or newline-separated; blanks dropped, duplicates merged, order kept. Optional in mode teardown. */
export function parseScopes(raw: string, options: { required?: boolean } = {}): { scopes: string[]; problems: string[] } {
  const problems: string[] = [];
  const scopes: string[] = [];
  for (const piece of raw.split(/[,\n]/)) {
    const scope = piece.trim();
    if (scope === '') continue;
    if (/\s/.test(scope)) {
      problems.push(`"scopes": scope "${scope}" contains whitespace: separate scopes with commas or newlines; a scope name has no spaces`);
    } else if (/["\\]/.test(scope)) {
      problems.push(`"scopes": scope "${scope}" contains a quote or backslash, which OAuth scope names cannot contain`);
    } else if (!scopes.includes(scope)) {
      scopes.push(scope);
    }
  }
  if (scopes.length === 0 && problems.length === 0 && options.required !== false) {
    problems.push('"scopes" is required: give at least one scope name, e.g. "scopes: my-scope"');
  }
  return { scopes, problems };
}

/** Claims: one `name=value` per line; the value keeps any further `=` and may be a `${ … }` template. */
export function parseClaims(raw: string): { claims: ClaimInput[]; problems: string[] } {
  const problems: string[] = [];
  const claims: ClaimInput[] = [];
  raw.split('\n').forEach((line, index) => {
    const text = line.trim();
    if (text === '') return;
    const where = `"claims" line ${index + 1}`;
    const eq = text.indexOf('=');
    if (eq < 0) {
      problems.push(`${where} "${text}" is not name=value: write one claim per line, e.g. "team=payments"`);
      return;
    }
    const name = text.slice(0, eq).trim();
    const value = text.slice(eq + 1).trim();
    if (name === '' || /\s/.test(name)) {
      problems.push(`${where}: the claim name "${name}" must be non-empty and without spaces (name=value)`);
    } else if (RESERVED_CLAIMS.has(name)) {
      problems.push(`${where}: "${name}" is set by the issuer itself; choose another claim name`);
    } else if (value === '') {
      problems.push(`${where}: claim "${name}" has no value (name=value; the value cannot be empty)`);
    } else if (claims.some((claim) => claim.name === name)) {
      problems.push(`${where}: claim "${name}" is given twice; keep one line per claim`);
    } else {
      claims.push({ name, value });
    }
  });
  return { claims, problems };
}

// ---- the inputs ------------------------------------------------------------------------------

const konnectToken: FieldParser<string> = (raw) => {
  const parsed = requiredText('konnect-token', 'pass a Konnect personal or system account token, e.g. konnect-token: ${{ secrets.KONNECT_TOKEN }}')(raw);
  if ('value' in parsed && /\s/.test(parsed.value))
    return { problem: '"konnect-token" contains whitespace: copy the token again without spaces or line breaks' };
  return parsed;
};

const region: FieldParser<(typeof REGIONS)[number]> = (raw) => {
  const value = raw.trim().toLowerCase() || 'us';
  const known = REGIONS.find((name) => name === value);
  return known === undefined ? { problem: `"region" must be one of ${REGIONS.join(', ')}, got "${value}"` } : { value: known };
};

const checkPath: FieldParser<string> = (raw) => {
  const value = raw.trim() || '/anything';
  if (!value.startsWith('/') || /\s/.test(value)) return { problem: '"check-path" must start with "/" and contain no spaces, e.g. /anything' };
  return { value };
};

const claimName: FieldParser<string | undefined> = (raw) => {
  const parsed = optionalText(raw);
  if ('value' in parsed && parsed.value !== undefined && !/^[^\s,]+$/.test(parsed.value)) {
    return {
      problem: '"consumer-claim" must be one claim name without spaces or commas, e.g. "sub" (the client id) or a claim from the claims input',
    };
  }
  return parsed;
};

/** Each input's parser, in the order their problems are reported; scopes and claims are lists, parsed apart. */
const inputFields = (mode: KonnectMode) =>
  ({
    'konnect-token': konnectToken,
    region,
    'api-url': urlInput('api-url', { credential: 'the Konnect token' }),
    'control-plane-name': requiredText('control-plane-name', 'give the exact name of the Konnect control plane to configure'),
    'auth-server-name': requiredText('auth-server-name', 'give the name of the Kong Identity auth server to create or reuse'),
    audience:
      mode === 'teardown'
        ? (raw: string) => ({ value: raw.trim() })
        : requiredText('audience', 'give the audience the tokens are for, e.g. "http://myhttpbin.dev"; it becomes the aud claim'),
    'auth-server-description': optionalText,
    'client-name': requiredText('client-name', 'give the name of the Kong Identity client to create or reuse'),
    'access-token-duration': integer('access-token-duration', { ...TOKEN_DURATION, unit: 'seconds' }),
    'client-secret': optionalText,
    service: entityNameOrId('service'),
    route: entityNameOrId('route'),
    // The gateway check sends the access token there: https, or http to a local data plane (http://localhost:8000).
    'proxy-url': urlInput('proxy-url', { credential: 'the access token' }),
    'check-path': checkPath,
    'check-timeout': integer('check-timeout', { min: 1, max: 3600, default: 120, unit: 'seconds' }),
    'dry-run': boolean('dry-run'),
    'revoke-secret-on-exit': boolean('revoke-secret-on-exit'),
    'retry-max-attempts': retryMaxAttempts,
    timeout: runTimeout,
    'seal-key': sealKey,
    'consumer-claim': claimName,
    'require-scopes': boolean('require-scopes'),
    'replace-plugin-issuer': boolean('replace-plugin-issuer'),
    'create-consumer': boolean('create-consumer'),
    force: boolean('force'),
    'replace-audience': boolean('replace-audience'),
    'take-over': boolean('take-over'),
    'leave-target-open': boolean('leave-target-open'),
  }) satisfies Partial<Record<InputName, FieldParser<unknown>>>;

/** The values a set of field parsers gives, by input name. */
export type ParsedInputs<Fields> = { [Name in keyof Fields]: Fields[Name] extends FieldParser<infer T> ? T : never };

/** Runs each field parser on its input: the values of the valid inputs, and every problem, in the fields' order. */
export function parseInputs<Fields extends Partial<Record<InputName, FieldParser<unknown>>>>(
  fields: Fields,
  raw: (name: InputName) => string,
): { valid: Partial<ParsedInputs<Fields>>; problems: string[] } {
  const valid: Partial<Record<InputName, unknown>> = {};
  const problems: string[] = [];
  for (const [name, parse] of Object.entries(fields) as Array<[InputName, FieldParser<unknown>]>) {
    const parsed = parse(raw(name));
    if ('problem' in parsed) problems.push(parsed.problem);
    else valid[name] = parsed.value;
  }
  return { valid: valid as Partial<ParsedInputs<Fields>>, problems };
}

type Inputs = ParsedInputs<ReturnType<typeof inputFields>>;

/**
 * Inputs that only make sense together, named with the fix. Read from the inputs that are valid on
 * their own (`inputs` lacks the others), so that one wrong input does not hide a conflict between two others.
 */
function combinationProblems(mode: KonnectMode, inputs: Partial<Inputs>): string[] {
  const problems: string[] = [];
  // A teardown takes the provisioning step's inputs as they are (modes.ts lists those it ignores); the reverse would be a mistake.
  if (mode === 'provision') {
    for (const name of ['force', 'leave-target-open'] as const) {
      if (inputs[name]) problems.push(`"${name}" applies to mode teardown only: remove it, or set mode: teardown`);
    }
  }
  const checkTimeout = inputs['check-timeout'];
  const timeout = inputs.timeout;
  if (inputs['proxy-url'] !== undefined && checkTimeout !== undefined && timeout !== undefined && checkTimeout >= timeout && mode === 'provision') {
    problems.push(
      `"check-timeout" (${checkTimeout} s) must be shorter than "timeout" (${timeout} s), which bounds the whole run: lower check-timeout or raise timeout`,
    );
  }
  return problems;
}

/**
 * Reads every input through `read` (core.getInput in the action) and returns the Config,
 * or throws a ConfigError listing every problem.
 */
export function parseConfig(read: (name: InputName) => string, mode: KonnectMode = 'provision'): Config {
  const raw = Object.fromEntries(INPUTS.map((name) => [name, read(name)])) as Record<InputName, string>;
  // Each input on its own: the valid ones are still checked against each other.
  const { valid, problems } = parseInputs(inputFields(mode), (name) => raw[name]);
  const { scopes, problems: scopeProblems } = parseScopes(raw.scopes, { required: mode === 'provision' });
  const { claims, problems: claimProblems } = parseClaims(raw.claims);
  problems.push(...scopeProblems, ...claimProblems, ...combinationProblems(mode, valid));

  if (problems.length > 0) throw new ConfigError(problems);

  // Every input parsed on its own without a problem: `valid` holds them all.
  const inputs = valid as Inputs;
  const description = inputs['auth-server-description'];
  const secret = inputs['client-secret'];
  const proxyUrl = inputs['proxy-url'];
  const sealKeyMaterial = inputs['seal-key'];
  const consumerClaim = inputs['consumer-claim'];
  return {
    mode,
    konnectToken: inputs['konnect-token'],
    apiBaseUrl: inputs['api-url'] ?? `https://${inputs.region}.api.konghq.com`,
    controlPlaneName: inputs['control-plane-name'],
    authServer: {
      name: inputs['auth-server-name'],
      audience: inputs.audience,
      ...(description === undefined ? {} : { description }),
    },
    scopes,
    claims,
    client: {
      name: inputs['client-name'],
      accessTokenDuration: inputs['access-token-duration'],
      ...(secret === undefined ? {} : { secret }),
    },
    pluginTarget: {
      ...(inputs.service === undefined ? {} : { service: inputs.service }),
      ...(inputs.route === undefined ? {} : { route: inputs.route }),
    },
    ...(proxyUrl === undefined ? {} : { check: { url: `${proxyUrl}${inputs['check-path']}`, timeoutSeconds: inputs['check-timeout'] } }),
    dryRun: inputs['dry-run'],
    revokeSecretOnExit: inputs['revoke-secret-on-exit'],
    retryMaxAttempts: inputs['retry-max-attempts'],
    timeoutSeconds: inputs.timeout,
    ...(sealKeyMaterial === undefined ? {} : { sealKey: sealKeyMaterial }),
    ...(consumerClaim === undefined ? {} : { consumerClaim }),
    requireScopes: inputs['require-scopes'],
    replacePluginIssuer: inputs['replace-plugin-issuer'],
    createConsumer: inputs['create-consumer'],
    force: inputs.force,
    replaceAudience: inputs['replace-audience'],
    takeOver: inputs['take-over'],
    leaveTargetOpen: inputs['leave-target-open'],
  };
}

// Claim values as a token carries them. Kong Identity renders a claim's value with Go templates
// between `${ … }` boundaries (sprig functions, a `.Client` and `.AuthServer` context), then
// infers the type: a value that parses as JSON becomes that JSON (number, boolean, object, array).
//
// The emulator implements the documented context and a useful subset of Go template syntax and
// sprig: field paths (`.Client.Name`, `.Client.Labels.env`), string and number literals,
// function calls with arguments, and pipelines (`x | default "y"`, the piped value going last as
// in Go). Functions: uuidv4, upper, lower, title, trim, default, empty, quote, squote, cat,
// replace, trunc, contains, hasPrefix, hasSuffix, randAlphaNum, randAlpha, randNumeric, now, date,
// unixEpoch, toJson, toString, b64enc, sha256sum. Anything else (other functions, variables,
// parentheses, an unknown field) leaves that `${ … }` segment literal, unrendered.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { AuthServer, Client } from '../store.js';

export interface TemplateContext {
  client: Client;
  authServer: AuthServer;
}

/** The value a claim has in a token minted now. */
export function claimValue(value: string, context: TemplateContext): unknown {
  return inferType(renderTemplates(value, context));
}

function inferType(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const TEMPLATE_SEGMENT = /\$\{([^}]*)\}/g;

export function renderTemplates(value: string, context: TemplateContext): string {
  const root = templateRoot(context);
  return value.replace(TEMPLATE_SEGMENT, (segment, expression: string) => {
    try {
      return goString(evaluatePipeline(tokenize(expression), root));
    } catch (error) {
      if (error instanceof UnsupportedTemplate) return segment;
      throw error;
    }
  });
}

class UnsupportedTemplate extends Error {}

function unsupported(why: string): never {
  throw new UnsupportedTemplate(why);
}

// ---------------------------------------------------------------- the context, Go-shaped

/** Structs are plain objects (an unknown field is an error, as in Go); maps are `Map`s. */
function templateRoot({ client, authServer }: TemplateContext): Record<string, unknown> {
  return {
    Client: {
      ID: client.id,
      Name: client.name,
      CreatedAt: new Date(client.created_at),
      UpdatedAt: new Date(client.updated_at),
      Labels: new Map(Object.entries(client.labels)),
      GrantTypes: [...client.grant_types],
      RedirectURIs: [...client.redirect_uris],
      LoginURI: client.login_uri ?? '',
      ResponseTypes: [...client.response_types],
      AllowAllScopes: client.allow_all_scopes,
    },
    AuthServer: {
      ID: authServer.id,
      CreatedAt: new Date(authServer.created_at),
      UpdatedAt: new Date(authServer.updated_at),
      Name: authServer.name,
      Description: authServer.description,
      Audience: authServer.audience,
      SigningAlgorithm: authServer.signing_algorithm,
      Labels: new Map(Object.entries(authServer.labels)),
    },
  };
}

function resolveField(root: Record<string, unknown>, path: string[]): unknown {
  let current: unknown = root;
  for (const name of path) {
    if (current instanceof Map) current = current.get(name);
    else if (isStruct(current) && Object.hasOwn(current, name)) current = current[name];
    else unsupported(`can't evaluate field ${name}`);
  }
  return current;
}

function isStruct(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map) && !(value instanceof Date);
}

// ---------------------------------------------------------------- parsing

type Token = { kind: 'pipe' } | { kind: 'literal'; value: string | number } | { kind: 'field'; path: string[] } | { kind: 'identifier'; name: string };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let rest = expression;
  const take = (pattern: RegExp): string | undefined => {
    const match = pattern.exec(rest);
    if (!match) return undefined;
    rest = rest.slice(match[0].length);
    return match[0];
  };
  for (;;) {
    take(/^\s+/);
    if (rest === '') return tokens;
    if (take(/^\|/)) tokens.push({ kind: 'pipe' });
    else if (rest.startsWith('"'))
      tokens.push({ kind: 'literal', value: JSON.parse(take(/^"(?:[^"\\]|\\.)*"/) ?? unsupported('unterminated string')) as string });
    else if (rest.startsWith('`')) tokens.push({ kind: 'literal', value: (take(/^`[^`]*`/) ?? unsupported('unterminated raw string')).slice(1, -1) });
    else if (/^-?\d/.test(rest)) tokens.push({ kind: 'literal', value: Number(take(/^-?\d+(?:\.\d+)?/)) });
    else if (rest.startsWith('.')) tokens.push({ kind: 'field', path: (take(/^(?:\.[A-Za-z0-9_]*)+/) ?? '.').split('.').filter(Boolean) });
    else if (/^[A-Za-z_]/.test(rest)) tokens.push({ kind: 'identifier', name: take(/^[A-Za-z_][A-Za-z0-9_]*/) ?? '' });
    else unsupported(`unexpected ${rest[0] ?? ''}`);
  }
}

// ---------------------------------------------------------------- evaluation

function evaluatePipeline(tokens: Token[], root: Record<string, unknown>): unknown {
  const commands: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'pipe') commands.push([]);
    else commands.at(-1)?.push(token);
  }
  let piped: unknown[] = [];
  for (const command of commands) {
    if (command.length === 0) unsupported('empty command');
    piped = [runCommand(command, piped, root)];
  }
  return piped[0];
}

function runCommand([head, ...rest]: Token[], piped: unknown[], root: Record<string, unknown>): unknown {
  if (head?.kind === 'identifier' && Object.hasOwn(FUNCTIONS, head.name)) {
    const fn = FUNCTIONS[head.name] ?? unsupported(head.name);
    return fn(...rest.map((token) => operand(token, root)), ...piped);
  }
  if (!head || rest.length > 0 || piped.length > 0) unsupported('arguments to a non-function');
  return operand(head, root);
}

function operand(token: Token, root: Record<string, unknown>): unknown {
  switch (token.kind) {
    case 'literal':
      return token.value;
    case 'field':
      return resolveField(root, token.path);
    case 'identifier':
      if (token.name === 'true' || token.name === 'false') return token.name === 'true';
      // As in Go, a function named as an argument is called without arguments (`upper uuidv4`).
      return Object.hasOwn(FUNCTIONS, token.name) ? (FUNCTIONS[token.name] ?? unsupported(token.name))() : unsupported(token.name);
    default:
      return unsupported('misplaced |');
  }
}

// ---------------------------------------------------------------- the sprig subset

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

function randomString(alphabet: string, length: unknown): string {
  const count = Number(length);
  if (!Number.isInteger(count) || count < 0) unsupported('bad length');
  return Array.from({ length: count }, () => alphabet[randomInt(alphabet.length)]).join('');
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (value instanceof Map) return value.size === 0;
  return false;
}

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  uuidv4: () => randomUUID(),
  upper: (s) => goString(s).toUpperCase(),
  lower: (s) => goString(s).toLowerCase(),
  title: (s) => goString(s).replace(/\b\p{L}/gu, (letter) => letter.toUpperCase()),
  trim: (s) => goString(s).trim(),
  default: (fallback, ...given) => (given.length === 0 || isEmpty(given[0]) ? fallback : given[0]),
  empty: (value) => isEmpty(value),
  quote: (...values) =>
    values
      .filter((v) => v !== undefined)
      .map((v) => JSON.stringify(goString(v)))
      .join(' '),
  squote: (...values) =>
    values
      .filter((v) => v !== undefined)
      .map((v) => `'${goString(v)}'`)
      .join(' '),
  cat: (...values) =>
    values
      .filter((v) => v !== undefined && v !== null)
      .map(goString)
      .join(' '),
  replace: (from, to, s) => goString(s).split(goString(from)).join(goString(to)),
  trunc: (n, s) => (Number(n) >= 0 ? goString(s).slice(0, Number(n)) : goString(s).slice(Number(n))),
  contains: (part, s) => goString(s).includes(goString(part)),
  hasPrefix: (prefix, s) => goString(s).startsWith(goString(prefix)),
  hasSuffix: (suffix, s) => goString(s).endsWith(goString(suffix)),
  randAlphaNum: (n) => randomString(ALPHA + DIGITS, n),
  randAlpha: (n) => randomString(ALPHA, n),
  randNumeric: (n) => randomString(DIGITS, n),
  now: () => new Date(),
  date: (layout, time) => formatGoLayout(goString(layout), time instanceof Date ? time : unsupported('date needs a time')),
  unixEpoch: (time) => String(Math.floor((time instanceof Date ? time : unsupported('unixEpoch needs a time')).getTime() / 1000)),
  toJson: (value) => JSON.stringify(toJsonValue(value)),
  toString: (value: unknown) => goString(value),
  b64enc: (s) => Buffer.from(goString(s)).toString('base64'),
  sha256sum: (s) => createHash('sha256').update(goString(s)).digest('hex'),
};

// ---------------------------------------------------------------- printing values as Go does

/** How Go's text/template prints a value. */
function goString(value: unknown): string {
  if (value === undefined || value === null) return '<no value>';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return goTimeString(value);
  if (Array.isArray(value)) return `[${value.map(goString).join(' ')}]`;
  if (value instanceof Map) {
    const entries = [...value.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)));
    return `map[${entries.map(([k, v]) => `${String(k)}:${goString(v)}`).join(' ')}]`;
  }
  if (typeof value === 'object') return `{${Object.values(value).map(goString).join(' ')}}`;
  return String(value);
}

function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [k, toJsonValue(v)]));
  if (Array.isArray(value)) return value.map(toJsonValue);
  return value ?? null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Go's default time format, in UTC: `2006-01-02 15:04:05.999999999 -0700 MST`. */
function goTimeString(time: Date): string {
  const fraction = time.getUTCMilliseconds() ? `.${pad(time.getUTCMilliseconds(), 3).replace(/0+$/, '')}` : '';
  return `${formatGoLayout('2006-01-02 15:04:05', time)}${fraction} +0000 UTC`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Go reference-time layouts (the common elements), always in UTC. */
function formatGoLayout(layout: string, time: Date): string {
  const elements: [string, () => string][] = [
    ['2006', () => String(time.getUTCFullYear())],
    ['Z07:00', () => 'Z'],
    ['-07:00', () => '+00:00'],
    ['-0700', () => '+0000'],
    ['.000', () => `.${pad(time.getUTCMilliseconds(), 3)}`],
    ['MST', () => 'UTC'],
    ['Jan', () => MONTHS[time.getUTCMonth()] ?? ''],
    ['Mon', () => WEEKDAYS[time.getUTCDay()] ?? ''],
    ['01', () => pad(time.getUTCMonth() + 1)],
    ['02', () => pad(time.getUTCDate())],
    ['15', () => pad(time.getUTCHours())],
    ['04', () => pad(time.getUTCMinutes())],
    ['05', () => pad(time.getUTCSeconds())],
  ];
  let out = '';
  for (let i = 0; i < layout.length; ) {
    const element = elements.find(([token]) => layout.startsWith(token, i));
    if (element) {
      out += element[1]();
      i += element[0].length;
    } else {
      out += layout[i];
      i += 1;
    }
  }
  return out;
}

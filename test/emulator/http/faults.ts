// Injected faults: what a flaky network or an overloaded Konnect does to a request.
//
// One text grammar serves the CLI (`--fault SPEC`, repeatable), `POST /_emulator/faults` (one spec
// per line, or JSON `{"spec": "…"}` / `{"specs": ["…"]}`) and `Emulator.addFault(spec)`:
//
//   SPEC    = METHOD " " PATH " " KIND [" retry-after=" (SECONDS | "none")] [" x" COUNT]
//   METHOD  = GET | POST | PUT | PATCH | DELETE | … | *          (`*`: any method)
//   PATH    = "/" segments, where a segment `*` matches exactly one path segment and `**` matches
//             any number of segments (zero included); matched against the path without the query
//             and without a trailing slash, on every port (API, issuer, proxy)
//   KIND    = 429                 reply 429 with `Retry-After: SECONDS` (default 1; `none`: no header),
//                                 handler not run
//           | 500 | 502 | 503 | 504   reply with that status, handler not run
//           | reset               destroy the connection without a reply, handler not run
//           | apply-then-drop     run the handler (the change happens), then destroy the connection
//           | token:wrong-aud | token:wrong-iss | token:bad-signature | token:expired | token:long-lived
//                                 run the handler with `request.tokenFault` set (the issuer's token
//                                 endpoint then mints a token broken that way; long-lived: an exp
//                                 years ahead, whatever the client's access_token_duration)
//   COUNT   = how many matching requests the fault hits before it is spent (default: unlimited)
//
// Examples:
//   POST /v1/auth-servers/*/clients apply-then-drop x1
//   GET /v2/control-planes 429 retry-after=2 x3
//   GET /v1/auth-servers 429 retry-after=none x1
//   * /v2/control-planes/*/core-entities/** 503 x2
//   POST /*/auth/oauth/token token:expired x1
//
// Faults are matched in the order they were added; the first live match wins and is decremented.
import type { TokenFault } from './types.js';

export type FaultKind =
  /** `retryAfterSeconds` null: a 429 without a Retry-After header. */
  | { type: 'status'; status: 429 | 500 | 502 | 503 | 504; retryAfterSeconds: number | null }
  | { type: 'reset' }
  | { type: 'apply-then-drop' }
  | { type: 'token'; fault: TokenFault };

export interface Fault {
  id: number;
  /** The spec as it would be written again (normalised), for listing. */
  spec: string;
  method: string;
  path: string;
  kind: FaultKind;
  /** Matches left; `null` for unlimited. */
  remaining: number | null;
}

export class FaultSpecError extends Error {
  override name = 'FaultSpecError';
}

const STATUS_KINDS = new Set(['429', '500', '502', '503', '504']);
const TOKEN_FAULTS = new Set<TokenFault>(['wrong-aud', 'wrong-iss', 'bad-signature', 'expired', 'long-lived']);

/** Parses one fault spec; throws `FaultSpecError` naming what is wrong. */
export function parseFaultSpec(text: string): Omit<Fault, 'id'> {
  const tokens = text
    .trim()
    .split(/\s+/)
    .filter((token) => token !== '');
  const [method, path, kindText, ...rest] = tokens;
  if (method === undefined || path === undefined || kindText === undefined) {
    throw new FaultSpecError(`fault spec "${text}": expected "METHOD PATH KIND [retry-after=S] [xN]"`);
  }
  if (method !== '*' && !/^[A-Za-z]+$/.test(method)) throw new FaultSpecError(`fault spec "${text}": bad method "${method}"`);
  if (!path.startsWith('/')) throw new FaultSpecError(`fault spec "${text}": path must start with "/"`);

  let retryAfterSeconds: number | null = 1;
  let remaining: number | null = null;
  for (const option of rest) {
    const retryAfter = /^retry-after=(\d+|none)$/.exec(option);
    const count = /^x(\d+)$/.exec(option);
    if (retryAfter?.[1] !== undefined) retryAfterSeconds = retryAfter[1] === 'none' ? null : Number(retryAfter[1]);
    else if (count?.[1] !== undefined && Number(count[1]) > 0) remaining = Number(count[1]);
    else throw new FaultSpecError(`fault spec "${text}": unknown option "${option}"`);
  }

  const kind = parseKind(kindText, retryAfterSeconds, text);
  if (kind.type !== 'status' || kind.status !== 429) {
    if (rest.some((option) => option.startsWith('retry-after='))) {
      throw new FaultSpecError(`fault spec "${text}": retry-after only applies to 429`);
    }
  }
  const normalisedMethod = method === '*' ? '*' : method.toUpperCase();
  const normalisedPath = stripTrailingSlash(path);
  const spec = [
    normalisedMethod,
    normalisedPath,
    kindText,
    ...(kind.type === 'status' && kind.status === 429 ? [`retry-after=${retryAfterSeconds ?? 'none'}`] : []),
    ...(remaining === null ? [] : [`x${remaining}`]),
  ].join(' ');
  return { spec, method: normalisedMethod, path: normalisedPath, kind, remaining };
}

function parseKind(text: string, retryAfterSeconds: number | null, spec: string): FaultKind {
  if (STATUS_KINDS.has(text)) {
    return { type: 'status', status: Number(text) as 429 | 500 | 502 | 503 | 504, retryAfterSeconds };
  }
  if (text === 'reset') return { type: 'reset' };
  if (text === 'apply-then-drop') return { type: 'apply-then-drop' };
  if (text.startsWith('token:')) {
    const fault = text.slice('token:'.length) as TokenFault;
    if (TOKEN_FAULTS.has(fault)) return { type: 'token', fault };
  }
  throw new FaultSpecError(
    `fault spec "${spec}": unknown kind "${text}" (429, 500, 502, 503, 504, reset, apply-then-drop, token:wrong-aud|wrong-iss|bad-signature|expired|long-lived)`,
  );
}

export function stripTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : path;
}

/** Whether `pattern` (with `*` and `**` segments) matches `path`. */
export function pathMatches(pattern: string, path: string): boolean {
  const want = stripTrailingSlash(pattern).split('/').slice(1);
  const have = stripTrailingSlash(path).split('/').slice(1);
  return matchFrom(want, 0, have, 0);
}

function matchFrom(want: string[], i: number, have: string[], j: number): boolean {
  if (i === want.length) return j === have.length;
  const segment = want[i];
  if (segment === '**') {
    // Zero or more segments: try every split point.
    for (let k = j; k <= have.length; k++) if (matchFrom(want, i + 1, have, k)) return true;
    return false;
  }
  if (j === have.length) return false;
  return (segment === '*' || segment === have[j]) && matchFrom(want, i + 1, have, j + 1);
}

/** The live faults of one emulator, shared by its three ports. */
export class FaultTable {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: string): Fault {
    const fault: Fault = { id: this.nextId++, ...parseFaultSpec(spec) };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first live fault matching the request, consumed once; undefined when none applies. */
  take(method: string, path: string): FaultKind | undefined {
    const fault = this.faults.find((candidate) => (candidate.method === '*' || candidate.method === method.toUpperCase()) && pathMatches(candidate.path, path));
    if (!fault) return undefined;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining === 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    }
    return fault.kind;
  }
}

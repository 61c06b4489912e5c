// Inspection and control paths on the API port, which the real Konnect does not have. They need no
// token, are never delayed, faulted or logged (the server bypasses all that for `/_emulator/*`).
//
//   GET    /_emulator/requests     the request log: [{method, path, status, start, end}] in arrival order
//   POST   /_emulator/reset-log    empties the request log                                    → 204
//   GET    /_emulator/state        everything, each entity as the API returns it (Store.dump()), and
//                                  `dataPlane`: when each plugin takes effect on the proxy (proxy/index.ts)
//   GET    /_emulator/violations   responses the emulator sent that broke the spec (emulator bugs)
//   GET    /_emulator/faults       the live faults
//   POST   /_emulator/faults       adds faults: text/plain, one spec per line (grammar: http/faults.ts),
//                                  or JSON {"spec": "…"} / {"specs": ["…"]}                  → 201 [faults]
//   DELETE /_emulator/faults       removes every fault                                        → 204
//   DELETE /_emulator/faults/{id}  removes one                                                → 204 / 404
//   GET    /_emulator/config       the realism knobs
//   POST   /_emulator/config       changes knobs: JSON {latencyMs?, pageSize?, propagationMs?,
//                                  proxyControlPlaneName?, gatewayVersion?, rateLimitAuthServer?,
//                                  rateLimitOrg?, openidScope?, consumerKeys?,
//                                  duplicateConsumerStatus?, rateLimitRetryAfter?,
//                                  rateLimitBody?}                                           → 200 knobs
import {
  CONSUMER_KEY_RULES,
  DUPLICATE_CONSUMER_STATUSES,
  OPENID_SCOPE_ANSWERS,
  RATE_LIMIT_BODIES,
  type EmulatorContext,
  type EmulatorOptions,
} from './context.js';
import type { ViolationLog } from './api/router.js';
import { FaultSpecError, parseFaultSpec, type FaultTable } from './http/faults.js';
import type { RequestLog } from './http/server.js';
import type { EmulatorReply, EmulatorRequest, Handler } from './http/types.js';
import { dataPlaneState } from './proxy/index.js';
import { isGatewayVersion } from './v2/openid-connect.js';

export interface AdminDeps {
  ctx: EmulatorContext;
  log: RequestLog;
  faults: FaultTable;
  violations: ViolationLog;
}

const json = (status: number, body: unknown): EmulatorReply => ({ status, body });
const error = (status: number, message: string): EmulatorReply => json(status, { message });

export function createAdminHandler(deps: AdminDeps): Handler {
  return (request) => route(deps, request);
}

function route(deps: AdminDeps, request: EmulatorRequest): EmulatorReply {
  const path = request.url.pathname.replace(/\/+$/, '');
  const key = `${request.method} ${path}`;
  switch (key) {
    case 'GET /_emulator/requests':
      return json(200, deps.log.list());
    case 'POST /_emulator/reset-log':
      deps.log.clear();
      return { status: 204 };
    case 'GET /_emulator/state':
      return json(200, { ...deps.ctx.store.dump(), dataPlane: dataPlaneState(deps.ctx) });
    case 'GET /_emulator/violations':
      return json(200, deps.violations.list());
    case 'GET /_emulator/faults':
      return json(200, deps.faults.list());
    case 'POST /_emulator/faults':
      return addFaults(deps.faults, request);
    case 'DELETE /_emulator/faults':
      deps.faults.clear();
      return { status: 204 };
    case 'GET /_emulator/config':
      return json(200, deps.ctx.options);
    case 'POST /_emulator/config':
      return configure(deps.ctx.options, request);
  }
  const one = /^DELETE \/_emulator\/faults\/(\d+)$/.exec(key);
  if (one?.[1] !== undefined) return deps.faults.remove(Number(one[1])) ? { status: 204 } : error(404, `no fault ${one[1]}`);
  return error(404, `no emulator admin path ${key}`);
}

function addFaults(faults: FaultTable, request: EmulatorRequest): EmulatorReply {
  const text = request.body.toString('utf8');
  let specs: string[];
  if (/json/i.test(String(request.headers['content-type'] ?? ''))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return error(400, 'body is not JSON');
    }
    const { spec, specs: many } = (parsed ?? {}) as { spec?: unknown; specs?: unknown };
    specs = typeof spec === 'string' ? [spec] : Array.isArray(many) ? many.map(String) : [];
  } else {
    specs = text.split('\n').filter((line) => line.trim() !== '');
  }
  if (specs.length === 0) return error(400, 'no fault spec given');
  try {
    // Parse every spec before adding any, so a bad line adds nothing.
    specs.forEach((spec) => parseFaultSpec(spec));
  } catch (thrown) {
    if (thrown instanceof FaultSpecError) return error(400, thrown.message);
    throw thrown;
  }
  return json(
    201,
    specs.map((spec) => faults.add(spec)),
  );
}

function oneOf(allowed: readonly unknown[]): (value: unknown) => boolean {
  return (value) => allowed.includes(value);
}

const KNOBS = {
  latencyMs: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0,
  pageSize: (value: unknown) => value === null || (typeof value === 'number' && Number.isInteger(value) && value >= 1),
  propagationMs: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0,
  proxyControlPlaneName: (value: unknown) => typeof value === 'string' && value !== '',
  rateLimitAuthServer: (value: unknown) => value === null || (typeof value === 'number' && Number.isInteger(value) && value >= 1),
  rateLimitOrg: (value: unknown) => value === null || (typeof value === 'number' && Number.isInteger(value) && value >= 1),
  gatewayVersion: isGatewayVersion,
  openidScope: oneOf(OPENID_SCOPE_ANSWERS),
  consumerKeys: oneOf(CONSUMER_KEY_RULES),
  duplicateConsumerStatus: oneOf(DUPLICATE_CONSUMER_STATUSES),
  rateLimitRetryAfter: (value: unknown) => typeof value === 'boolean',
  rateLimitBody: oneOf(RATE_LIMIT_BODIES),
} satisfies Record<keyof EmulatorOptions, (value: unknown) => boolean>;

function configure(options: EmulatorOptions, request: EmulatorRequest): EmulatorReply {
  let changes: Record<string, unknown>;
  try {
    changes = JSON.parse(request.body.toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    return error(400, 'body is not JSON');
  }
  for (const [name, value] of Object.entries(changes)) {
    const valid = Object.hasOwn(KNOBS, name) ? KNOBS[name as keyof EmulatorOptions] : undefined;
    if (!valid) return error(400, `unknown knob ${name}; knobs: ${Object.keys(KNOBS).join(', ')}`);
    if (!valid(value)) return error(400, `bad value for ${name}: ${JSON.stringify(value)}`);
  }
  Object.assign(options, changes);
  return json(200, options);
}

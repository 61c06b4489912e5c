// `npm run emulator -- [--port N] [--proxy-port N] [--issuer-port N] [--latency-ms N] [--page-size N]
//                     [--propagation-ms N] [--gateway-version 3.13|3.15] [--rate-limit-auth-server N|off]
//                     [--rate-limit-org N|off] [--fault SPEC]… [--token kpat_…]
//                     [--openid-scope granted|refused] [--consumer-keys strict|lenient]
//                     [--duplicate-consumer-status 400|409] [--rate-limit-retry-after on|off]
//                     [--rate-limit-body message|problem]`
//
// Starts the Konnect emulator and, once it serves, prints exactly one JSON line on stdout:
//   {"apiUrl":"http://127.0.0.1:…","proxyUrl":"http://127.0.0.1:…","konnectToken":"…"}
// Anything else goes to stderr. Serves until SIGINT or SIGTERM. Fault grammar: http/faults.ts.
import { parseArgs } from 'node:util';
import { CONSUMER_KEY_RULES, DUPLICATE_CONSUMER_STATUSES, OPENID_SCOPE_ANSWERS, RATE_LIMIT_BODIES } from './context.js';
import { parseFaultSpec } from './http/faults.js';
import { startEmulator, type StartEmulatorOptions } from './index.js';
import { GATEWAY_VERSIONS, isGatewayVersion } from './v2/openid-connect.js';

const USAGE =
  'usage: npm run emulator -- [--port N] [--proxy-port N] [--issuer-port N] [--latency-ms N] [--page-size N] ' +
  '[--propagation-ms N] [--gateway-version 3.13|3.15] [--rate-limit-auth-server N|off] [--rate-limit-org N|off] ' +
  '[--fault "METHOD PATH KIND [retry-after=S|none] [xN]"]… [--token TOKEN] [--openid-scope granted|refused] ' +
  '[--consumer-keys strict|lenient] [--duplicate-consumer-status 400|409] [--rate-limit-retry-after on|off] ' +
  '[--rate-limit-body message|problem]';

function parseOptions(argv: string[]): StartEmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      'proxy-port': { type: 'string' },
      'issuer-port': { type: 'string' },
      'latency-ms': { type: 'string' },
      'page-size': { type: 'string' },
      'propagation-ms': { type: 'string' },
      'rate-limit-auth-server': { type: 'string' },
      'rate-limit-org': { type: 'string' },
      'gateway-version': { type: 'string' },
      'openid-scope': { type: 'string' },
      'consumer-keys': { type: 'string' },
      'duplicate-consumer-status': { type: 'string' },
      'rate-limit-retry-after': { type: 'string' },
      'rate-limit-body': { type: 'string' },
      fault: { type: 'string', multiple: true },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(0);
  }
  const number = (name: string, raw: string | undefined, min: number): number | undefined => {
    if (raw === undefined) return undefined;
    const parsed = Number(raw);
    if (!/^\d+$/.test(raw) || parsed < min) throw new Error(`--${name} must be an integer of at least ${min}, got "${raw}"`);
    return parsed;
  };
  /** A requests-per-second limit: a positive integer, or `off`. */
  const limit = (name: string, raw: string | undefined): number | null | undefined => (raw === 'off' ? null : number(name, raw, 1));
  const faults = values.fault ?? [];
  faults.forEach((spec) => parseFaultSpec(spec)); // a bad spec is a usage error, reported before start
  const options: StartEmulatorOptions = { faults };
  const set = <K extends keyof StartEmulatorOptions>(key: K, value: StartEmulatorOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set('port', number('port', values.port, 0));
  set('proxyPort', number('proxy-port', values['proxy-port'], 0));
  set('issuerPort', number('issuer-port', values['issuer-port'], 0));
  set('latencyMs', number('latency-ms', values['latency-ms'], 0));
  set('pageSize', number('page-size', values['page-size'], 1));
  set('propagationMs', number('propagation-ms', values['propagation-ms'], 0));
  set('rateLimitAuthServer', limit('rate-limit-auth-server', values['rate-limit-auth-server']));
  set('rateLimitOrg', limit('rate-limit-org', values['rate-limit-org']));
  set('konnectToken', values.token);
  const gatewayVersion = values['gateway-version'];
  if (gatewayVersion !== undefined && !isGatewayVersion(gatewayVersion)) {
    throw new Error(`--gateway-version must be one of ${GATEWAY_VERSIONS.join(', ')}, got "${gatewayVersion}"`);
  }
  set('gatewayVersion', gatewayVersion);
  set('openidScope', choice('openid-scope', values['openid-scope'], OPENID_SCOPE_ANSWERS));
  set('consumerKeys', choice('consumer-keys', values['consumer-keys'], CONSUMER_KEY_RULES));
  set('duplicateConsumerStatus', choice('duplicate-consumer-status', values['duplicate-consumer-status'], DUPLICATE_CONSUMER_STATUSES));
  const retryAfter = choice('rate-limit-retry-after', values['rate-limit-retry-after'], ['on', 'off'] as const);
  set('rateLimitRetryAfter', retryAfter === undefined ? undefined : retryAfter === 'on');
  set('rateLimitBody', choice('rate-limit-body', values['rate-limit-body'], RATE_LIMIT_BODIES));
  return options;
}

/** One of `allowed`, written as text (`400` for the number 400); undefined when the flag is absent. */
function choice<T extends string | number>(name: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  const found = allowed.find((value) => String(value) === raw);
  if (found === undefined) throw new Error(`--${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return found;
}

async function main(): Promise<void> {
  let options: StartEmulatorOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  }
  const emulator = await startEmulator(options);
  process.stdout.write(`${JSON.stringify({ apiUrl: emulator.apiUrl, proxyUrl: emulator.proxyUrl, konnectToken: emulator.konnectToken })}\n`);
  process.stderr.write(`Konnect emulator: API ${emulator.apiUrl}, proxy ${emulator.proxyUrl}, issuers ${emulator.issuerOrigin}\n`);

  const shutdown = () => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`Konnect emulator failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

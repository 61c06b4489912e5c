// Bad input, through the bundled action: each case exits 1 with one message that names the input
// and says how to fix it, and changes nothing in Konnect. Inputs that are wrong on their face fail
// before any request; those only Konnect can prove wrong (a control plane, service or route that
// does not exist) fail after lookups alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { addControlPlane } from '../emulator/seed.js';
import { isMutation } from '../harness/request-log.js';
import { runAction } from '../harness/run-action.js';
import { failureMessage, oneOfEachInputs } from './resilience-kit.js';

interface BadInput {
  name: string;
  inputs: Record<string, string>;
  /** The input (or variable) the message must name. */
  names: string;
  /** The fix the message must give. */
  fix: RegExp;
  env?: Record<string, string>;
  /** Only Konnect knows it is wrong: lookups are allowed, changes are not. */
  needsLookup?: boolean;
  setup?: (emulator: Emulator) => void;
}

const cases: BadInput[] = [
  { name: 'an empty token', inputs: { 'konnect-token': '' }, names: 'konnect-token', fix: /pass a Konnect personal or system account token/ },
  {
    name: 'a token with a line break',
    inputs: { 'konnect-token': 'kpat_abcdef\nghijkl' },
    names: 'konnect-token',
    fix: /copy the token again without spaces or line breaks/,
  },
  { name: 'an unknown region', inputs: { region: 'mars', 'api-url': '' }, names: 'region', fix: /must be one of us, eu, au, me, in, sg/ },
  {
    name: 'an http api-url to a remote host',
    inputs: { 'api-url': 'http://us.api.konghq.com' },
    names: 'api-url',
    fix: /must use https .*only allowed to loopback hosts/,
  },
  { name: 'an api-url that is not a URL', inputs: { 'api-url': 'us.api.konghq.com' }, names: 'api-url', fix: /must be an absolute URL such as https:\/\// },
  { name: 'an api-url of another scheme', inputs: { 'api-url': 'ftp://127.0.0.1/' }, names: 'api-url', fix: /must be an http\(s\) URL/ },
  { name: 'an api-url with credentials', inputs: { 'api-url': 'https://user:pass@us.api.konghq.com' }, names: 'api-url', fix: /must not contain credentials/ },
  { name: 'an api-url with a query', inputs: { 'api-url': 'https://us.api.konghq.com/?org=1' }, names: 'api-url', fix: /must not have a query or fragment/ },
  { name: 'no control plane name', inputs: { 'control-plane-name': '' }, names: 'control-plane-name', fix: /give the exact name of the Konnect control plane/ },
  { name: 'no auth server name', inputs: { 'auth-server-name': ' ' }, names: 'auth-server-name', fix: /give the name of the Kong Identity auth server/ },
  { name: 'an empty audience', inputs: { audience: '' }, names: 'audience', fix: /give the audience the tokens are for/ },
  { name: 'no scopes', inputs: { scopes: '' }, names: 'scopes', fix: /give at least one scope name/ },
  { name: 'scopes that are only separators', inputs: { scopes: ' , ,\n,' }, names: 'scopes', fix: /give at least one scope name/ },
  { name: 'a scope with spaces', inputs: { scopes: 'my scope' }, names: 'scopes', fix: /separate scopes with commas or newlines/ },
  { name: 'a scope with a quote', inputs: { scopes: 'my"scope' }, names: 'scopes', fix: /OAuth scope names cannot contain/ },
  { name: 'a malformed claim line', inputs: { claims: 'test-claim' }, names: 'claims', fix: /is not name=value: write one claim per line/ },
  { name: 'a claim the issuer sets itself', inputs: { claims: 'aud=elsewhere' }, names: 'claims', fix: /choose another claim name/ },
  { name: 'a claim without a value', inputs: { claims: 'test-claim=' }, names: 'claims', fix: /the value cannot be empty/ },
  { name: 'a claim given twice', inputs: { claims: 'team=a\nteam=b' }, names: 'claims', fix: /keep one line per claim/ },
  {
    name: 'a token duration under 60 s',
    inputs: { 'access-token-duration': '59' },
    names: 'access-token-duration',
    fix: /whole number of seconds from 60 to 2592000/,
  },
  { name: 'a token duration over 30 days', inputs: { 'access-token-duration': '2592001' }, names: 'access-token-duration', fix: /from 60 to 2592000/ },
  { name: 'a token duration with a unit', inputs: { 'access-token-duration': '1h' }, names: 'access-token-duration', fix: /whole number of seconds/ },
  { name: 'no client name', inputs: { 'client-name': '' }, names: 'client-name', fix: /give the name of the Kong Identity client/ },
  {
    name: 'a proxy-url that is not a URL',
    inputs: { 'proxy-url': 'gateway.example.com' },
    names: 'proxy-url',
    fix: /must be an absolute URL such as https:\/\//,
  },
  { name: 'a proxy-url with a fragment', inputs: { 'proxy-url': 'http://localhost:8000/#top' }, names: 'proxy-url', fix: /must not have a query or fragment/ },
  { name: 'a check-path without a slash', inputs: { 'check-path': 'anything' }, names: 'check-path', fix: /must start with "\/"/ },
  { name: 'a negative check-timeout', inputs: { 'check-timeout': '-5' }, names: 'check-timeout', fix: /whole number of seconds from 1 to 3600/ },
  { name: 'a check-timeout the timeout cannot hold', inputs: { 'check-timeout': '700' }, names: 'check-timeout', fix: /lower check-timeout or raise timeout/ },
  { name: 'a dry-run that is not a boolean', inputs: { 'dry-run': 'yes' }, names: 'dry-run', fix: /must be true or false/ },
  { name: 'zero attempts', inputs: { 'retry-max-attempts': '0' }, names: 'retry-max-attempts', fix: /from 1 to 10/ },
  { name: 'a timeout under 10 s', inputs: { timeout: '5' }, names: 'timeout', fix: /from 10 to 21600/ },
  {
    name: 'an HTTPS_PROXY that is not a URL',
    inputs: {},
    env: { HTTPS_PROXY: 'proxy.example.com:3128' },
    names: 'HTTPS_PROXY',
    fix: /to a URL such as http:\/\/proxy\.example\.com:3128/,
  },
  {
    name: 'a control plane that does not exist',
    inputs: { 'control-plane-name': 'no-such-control-plane' },
    names: 'control-plane-name',
    fix: /exact, case-sensitive/,
    needsLookup: true,
  },
  {
    name: 'a control plane name in the wrong case',
    inputs: { 'control-plane-name': 'QuickStart' },
    names: 'control-plane-name',
    fix: /exact, case-sensitive/,
    needsLookup: true,
  },
  {
    name: 'a control plane name two control planes have',
    inputs: {},
    names: 'control-plane-name',
    fix: /rename all but one of them/,
    needsLookup: true,
    setup: (emulator) => void addControlPlane(emulator.store, 'quickstart', emulator.proxyUrl),
  },
  {
    name: 'an unknown service',
    inputs: { service: 'no-such-service' },
    names: 'service',
    fix: /the name or id of a service on this control plane/,
    needsLookup: true,
  },
  { name: 'an unknown route', inputs: { route: 'no-such-route' }, names: 'route', fix: /the name or id of a route on this control plane/, needsLookup: true },
];

describe.concurrent.each(cases)('bad input: $name', (badInput) => {
  it('exits 1 naming the input and the fix, and changes nothing', async () => {
    const emulator = await startEmulator();
    try {
      badInput.setup?.(emulator);
      const run = await runAction(oneOfEachInputs(emulator, badInput.inputs), { env: badInput.env ?? {}, timeoutMs: 30_000 });
      expect(run.exitCode).toBe(1);
      const message = failureMessage(run);
      expect(message).toContain(badInput.names);
      expect(message).toMatch(badInput.fix);
      expect(message).not.toContain(emulator.konnectToken);
      const log = emulator.requests();
      if (badInput.needsLookup) {
        expect(log.length, 'Konnect was asked').toBeGreaterThan(0);
        expect(log.filter(isMutation)).toEqual([]);
      } else {
        expect(log, 'no request before the inputs are good').toEqual([]);
      }
    } finally {
      await emulator.stop();
    }
  });
});

describe('several bad inputs', () => {
  it('are all reported at once, before any request', async () => {
    const emulator = await startEmulator();
    try {
      const run = await runAction(oneOfEachInputs(emulator, { audience: '', scopes: 'a b', 'access-token-duration': '10', timeout: 'soon' }));
      expect(run.exitCode).toBe(1);
      const message = failureMessage(run);
      for (const input of ['"audience"', '"scopes"', '"access-token-duration"', '"timeout"']) expect(message).toContain(input);
      expect(message).toMatch(/^Invalid inputs:\n/);
      expect(emulator.requests()).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });
});

describe('a control plane whose name others contain', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 100 });
    addControlPlane(emulator.store, 'quickstart-2', emulator.proxyUrl);
    addControlPlane(emulator.store, 'my-quickstart', emulator.proxyUrl);
  });
  afterAll(async () => emulator?.stop());

  it('is still found by its exact name, and only it gets the plugin', async () => {
    const quickstart = emulator.store.findControlPlaneByName('quickstart');
    const run = await runAction(oneOfEachInputs(emulator), { timeoutMs: 60_000 });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs['control-plane-id']).toBe(quickstart?.id);
    const plugins = emulator.store.dump().plugins.filter((plugin) => plugin.name === 'openid-connect');
    expect(plugins.map((plugin) => plugin.control_plane_id)).toEqual([quickstart?.id]);
  });
});

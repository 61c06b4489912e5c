import { describe, expect, it } from 'vitest';
import { parseClaims, parseConfig, parseScopes, type InputName } from '../../src/inputs/config.js';
import { ConfigError } from '../../src/errors/errors.js';

const VALID: Partial<Record<InputName, string>> = {
  'konnect-token': 'kpat_0123456789abcdef',
  'control-plane-name': 'quickstart',
  'auth-server-name': 'Appointments Dev',
  audience: 'http://myhttpbin.dev',
  scopes: 'my-scope',
  'client-name': 'Client',
};

function parse(overrides: Partial<Record<InputName, string>> = {}) {
  const inputs = { ...VALID, ...overrides };
  return parseConfig((name) => inputs[name] ?? '');
}

function problemsOf(overrides: Partial<Record<InputName, string>>): string[] {
  try {
    parse(overrides);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('fills the defaults', () => {
    const config = parse();
    expect(config).toEqual({
      mode: 'provision',
      konnectToken: 'kpat_0123456789abcdef',
      apiBaseUrl: 'https://us.api.konghq.com',
      controlPlaneName: 'quickstart',
      authServer: { name: 'Appointments Dev', audience: 'http://myhttpbin.dev' },
      scopes: ['my-scope'],
      claims: [],
      client: { name: 'Client', accessTokenDuration: 3600 },
      pluginTarget: {},
      dryRun: false,
      revokeSecretOnExit: false,
      retryMaxAttempts: 4,
      timeoutSeconds: 600,
      requireScopes: false,
      replacePluginIssuer: false,
      createConsumer: false,
      force: false,
      replaceAudience: false,
      takeOver: false,
      leaveTargetOpen: false,
    });
  });

  it('reads the ownership inputs of mode provision', () => {
    expect(parse({ 'replace-audience': 'true', 'take-over': 'TRUE' })).toMatchObject({ replaceAudience: true, takeOver: true, leaveTargetOpen: false });
  });

  it('reads every optional input', () => {
    const config = parse({
      region: 'EU',
      'auth-server-description': 'Dev server',
      scopes: 'read, write\nadmin',
      claims: 'team=payments\nenv=${ .Client.Labels.env | default "dev" }',
      'access-token-duration': '600',
      'client-secret': 's3cret',
      service: 'example-service',
      route: 'example-route',
      'proxy-url': 'http://localhost:8000/',
      'check-path': '/status',
      'check-timeout': '30',
      'dry-run': 'True',
      'retry-max-attempts': '2',
      timeout: '300',
    });
    expect(config.apiBaseUrl).toBe('https://eu.api.konghq.com');
    expect(config.authServer.description).toBe('Dev server');
    expect(config.scopes).toEqual(['read', 'write', 'admin']);
    expect(config.claims).toEqual([
      { name: 'team', value: 'payments' },
      { name: 'env', value: '${ .Client.Labels.env | default "dev" }' },
    ]);
    expect(config.client).toEqual({ name: 'Client', accessTokenDuration: 600, secret: 's3cret' });
    expect(config.pluginTarget).toEqual({ service: 'example-service', route: 'example-route' });
    expect(config.check).toEqual({ url: 'http://localhost:8000/status', timeoutSeconds: 30 });
    expect(config).toMatchObject({ dryRun: true, retryMaxAttempts: 2, timeoutSeconds: 300 });
  });

  it.each([
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://127.1.2.3:1/', 'http://127.1.2.3:1'],
    ['http://localhost:9000/konnect/', 'http://localhost:9000/konnect'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['https://konnect.example.com', 'https://konnect.example.com'],
  ])('accepts api-url %s, which overrides region', (apiUrl, base) => {
    expect(parse({ 'api-url': apiUrl, region: 'eu' }).apiBaseUrl).toBe(base);
  });

  // Each bad input: the message names the input and says what to do.
  it.each<[string, Partial<Record<InputName, string>>, InputName, RegExp]>([
    ['an empty token', { 'konnect-token': '' }, 'konnect-token', /required: pass a Konnect/],
    ['a token with a line break', { 'konnect-token': 'kpat_a\nb' }, 'konnect-token', /whitespace: copy the token again/],
    ['an unknown region', { region: 'mars' }, 'region', /one of us, eu, au, me, in, sg, got "mars"/],
    ['an http api-url to a remote host', { 'api-url': 'http://konnect.example.com' }, 'api-url', /must use https.*loopback/],
    ['an api-url that is not a URL', { 'api-url': 'konnect' }, 'api-url', /absolute URL/],
    ['an api-url with credentials', { 'api-url': 'https://user:pw@konnect.example.com' }, 'api-url', /credentials/],
    ['an api-url with a query', { 'api-url': 'https://konnect.example.com/?x=1' }, 'api-url', /query/],
    ['an ftp api-url', { 'api-url': 'ftp://127.0.0.1' }, 'api-url', /http\(s\) URL/],
    ['no control plane', { 'control-plane-name': ' ' }, 'control-plane-name', /required/],
    ['no auth server name', { 'auth-server-name': '' }, 'auth-server-name', /required/],
    ['an empty audience', { audience: '' }, 'audience', /required: give the audience/],
    ['no scopes', { scopes: ' , \n ' }, 'scopes', /at least one scope/],
    ['a scope with spaces', { scopes: 'read write' }, 'scopes', /"read write" contains whitespace/],
    ['a scope with a quote', { scopes: 'a"b' }, 'scopes', /quote or backslash/],
    ['a claim line without =', { claims: 'team' }, 'claims', /line 1 "team" is not name=value/],
    ['a claim without a name', { claims: '=x' }, 'claims', /claim name "" must be non-empty/],
    ['a claim without a value', { claims: 'team=' }, 'claims', /has no value/],
    ['a claim given twice', { claims: 'a=1\na=2' }, 'claims', /line 2: claim "a" is given twice/],
    ['a reserved claim', { claims: 'aud=other' }, 'claims', /"aud" is set by the issuer/],
    ['no client name', { 'client-name': '' }, 'client-name', /required/],
    ['a duration below 60', { 'access-token-duration': '59' }, 'access-token-duration', /from 60 to 2592000, got "59"/],
    ['a duration above 30 days', { 'access-token-duration': '2592001' }, 'access-token-duration', /from 60 to 2592000/],
    ['a fractional duration', { 'access-token-duration': '3600.5' }, 'access-token-duration', /whole number/],
    ['a proxy-url that is not a URL', { 'proxy-url': 'localhost:8000' }, 'proxy-url', /http\(s\) URL|absolute URL/],
    ['a check-path without /', { 'check-path': 'anything' }, 'check-path', /must start with "\/"/],
    ['a negative check-timeout', { 'check-timeout': '-5' }, 'check-timeout', /whole number of seconds from 1 to 3600, got "-5"/],
    [
      'a check-timeout beyond timeout',
      { 'proxy-url': 'http://localhost:8000', 'check-timeout': '600', timeout: '600' },
      'check-timeout',
      /shorter than "timeout"/,
    ],
    ['a dry-run that is not a boolean', { 'dry-run': 'yes' }, 'dry-run', /true or false, got "yes"/],
    ['zero retry attempts', { 'retry-max-attempts': '0' }, 'retry-max-attempts', /from 1 to 10/],
    ['a tiny timeout', { timeout: '5' }, 'timeout', /from 10 to 21600/],
  ])('rejects %s', (_case, overrides, input, message) => {
    const problems = problemsOf(overrides);
    const problem = problems.find((p) => p.includes(`"${input}"`));
    expect(problem, problems.join('\n')).toBeDefined();
    expect(problem).toMatch(message);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({ 'konnect-token': '', audience: '', scopes: '' });
    expect(problems.map((p) => p.match(/"([a-z-]+)"/)?.[1])).toEqual(expect.arrayContaining(['konnect-token', 'audience', 'scopes']));
  });

  it('never echoes the token or the client secret', () => {
    const error = (() => {
      try {
        parse({ 'konnect-token': 'kpat_secret value', 'client-secret': 'hunter2', audience: '' });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).not.toContain('kpat_secret');
    expect(error?.message).not.toContain('hunter2');
  });
  it.each([
    ['a query', { 'proxy-url': 'localhost:8000/?key=SECRET-IN-QUERY' }],
    ['userinfo', { 'api-url': 'http://user:SECRET-IN-USERINFO@example.com' }],
    ['userinfo of an unparseable URL', { 'proxy-url': 'https://user:SECRET-IN-USERINFO@' }],
  ])('never echoes a URL input, which may carry a credential in %s', (_, overrides) => {
    const problems = problemsOf(overrides).join('\n');
    expect(problems).not.toMatch(/SECRET-IN/);
  });
});

describe('parseScopes', () => {
  it('splits on commas and newlines, trims, drops blanks and duplicates, keeps order', () => {
    expect(parseScopes(' b ,a\n\nb,\r\nc ').scopes).toEqual(['b', 'a', 'c']);
  });
});

describe('parseClaims', () => {
  it('keeps further = signs and JSON in the value', () => {
    expect(parseClaims('q = a=b\njson={"k":[1,2]}\n\n').claims).toEqual([
      { name: 'q', value: 'a=b' },
      { name: 'json', value: '{"k":[1,2]}' },
    ]);
  });

  it('counts lines from 1, blank lines included', () => {
    expect(parseClaims('a=1\n\nbad').problems).toEqual([expect.stringContaining('line 3')]);
  });
});

describe('parseConfig in mode teardown', () => {
  const teardownProblems = (overrides: Partial<Record<InputName, string>>): string[] => {
    const inputs: Partial<Record<InputName, string>> = { ...VALID, audience: '', scopes: '', ...overrides };
    try {
      parseConfig((name) => inputs[name] ?? '', 'teardown');
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return [...error.problems];
      throw error;
    }
  };

  it('needs neither audience nor scopes', () => {
    expect(teardownProblems({})).toEqual([]);
    const inputs: Partial<Record<InputName, string>> = { ...VALID, audience: '', scopes: '', force: 'true' };
    expect(parseConfig((name) => inputs[name] ?? '', 'teardown')).toMatchObject({ mode: 'teardown', scopes: [], force: true });
  });

  it('still needs the names that say what to delete', () => {
    expect(teardownProblems({ 'client-name': '', 'auth-server-name': '' })).toEqual([
      expect.stringContaining('"auth-server-name" is required'),
      expect.stringContaining('"client-name" is required'),
    ]);
  });

  // Issue 20: a teardown takes the provisioning step's inputs as they are (src/inputs/modes.ts lists
  // those it ignores in a notice): they are no longer refused.
  it("accepts the provisioning step's inputs as they are", () => {
    expect(
      teardownProblems({
        audience: 'http://myhttpbin.dev',
        scopes: 'read, write',
        claims: 'team=payments',
        'require-scopes': 'true',
        'replace-plugin-issuer': 'true',
        'replace-audience': 'true',
        'take-over': 'true',
      }),
    ).toEqual([]);
  });

  it('reads leave-target-open', () => {
    const inputs: Partial<Record<InputName, string>> = { ...VALID, 'leave-target-open': 'true' };
    expect(parseConfig((name) => inputs[name] ?? '', 'teardown')).toMatchObject({ mode: 'teardown', leaveTargetOpen: true, force: false });
  });

  it('refuses force and leave-target-open outside mode teardown, naming the fix', () => {
    expect(problemsOf({ force: 'true' })).toEqual([expect.stringMatching(/^"force" applies to mode teardown only.*set mode: teardown/)]);
    expect(problemsOf({ force: 'true', 'leave-target-open': 'true' })).toEqual([
      expect.stringMatching(/^"force" applies to mode teardown only/),
      expect.stringMatching(/^"leave-target-open" applies to mode teardown only.*set mode: teardown/),
    ]);
  });
});

import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { INPUTS, parseConfig, type InputName } from '../../src/inputs/config.js';
import { ConfigError } from '../../src/errors/errors.js';
import { INPUT_DEFAULTS, MODE_INPUTS, parseMode, warnAboutIgnoredInputs } from '../../src/inputs/modes.js';
import { parseTokenModeConfig } from '../../src/modes/token.js';
import { readSealedToken } from '../../src/modes/unseal.js';
import { sealToken } from '../../src/seal/seal.js';

const PROVISION: Partial<Record<InputName, string>> = {
  'konnect-token': 'kpat_0123456789abcdef',
  'control-plane-name': 'quickstart',
  'auth-server-name': 'Appointments Dev',
  audience: 'http://myhttpbin.dev',
  scopes: 'my-scope',
  'client-name': 'Client',
};

function problemsOf(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('parseMode', () => {
  it('defaults to provision and accepts any case', () => {
    expect(parseMode('')).toBe('provision');
    expect(parseMode(' Token ')).toBe('token');
    expect(parseMode('UNSEAL')).toBe('unseal');
  });

  it('names the input and the choices', () => {
    expect(problemsOf(() => parseMode('seal'))).toEqual(['"mode" must be one of provision, token, unseal, teardown (default provision), got "seal"']);
  });
});

describe('MODE_INPUTS', () => {
  it('lists exactly what parseConfig requires in mode provision', () => {
    expect(() => parseConfig((name) => PROVISION[name] ?? '')).not.toThrow();
    for (const input of MODE_INPUTS.provision.required) {
      const problems = problemsOf(() => parseConfig((name) => (name === input ? '' : (PROVISION[name] ?? ''))));
      expect(
        problems.some((problem) => problem.startsWith(`"${input}"`)),
        input,
      ).toBe(true);
    }
  });

  it('lists what mode teardown requires', () => {
    const problems = problemsOf(() => parseConfig(() => '', 'teardown'));
    expect(problems.map((problem) => /^"([\w-]+)"/.exec(problem)?.[1]).sort()).toEqual([...MODE_INPUTS.teardown.required].sort());
  });

  it('lists what mode token requires', () => {
    const problems = problemsOf(() => parseTokenModeConfig(() => ''));
    expect(problems.map((problem) => /^"([\w-]+)"/.exec(problem)?.[1]).sort()).toEqual([...MODE_INPUTS.token.required].sort());
  });

  it('lists what mode unseal requires', () => {
    const problems = problemsOf(() => readSealedToken(() => '', new Date()));
    expect(problems.map((problem) => /^"([\w-]+)"/.exec(problem)?.[1]).sort()).toEqual([...MODE_INPUTS.unseal.required].sort());
  });

  it('names only real inputs', () => {
    for (const { required, used } of Object.values(MODE_INPUTS)) {
      expect(INPUTS).toEqual(expect.arrayContaining([...required, ...used]));
      expect(used).toEqual(expect.arrayContaining([...required]));
    }
  });
});

describe('warnAboutIgnoredInputs', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** What the runner reads on stdout while `work` runs. */
  function stdoutOf(work: () => void): string {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    work();
    vi.restoreAllMocks();
    return out;
  }

  // Issue 20: a teardown takes the provisioning step's inputs as they are, and lists those it ignores once.
  it("in mode teardown, lists the provisioning step's inputs it ignores in one notice, not the defaults action.yml gives", () => {
    const inputs: Partial<Record<InputName, string>> = {
      ...(INPUT_DEFAULTS as Partial<Record<InputName, string>>),
      ...PROVISION,
      claims: 'team=payments',
      'require-scopes': 'true',
      'take-over': 'true',
    };
    const out = stdoutOf(() => warnAboutIgnoredInputs('teardown', (name) => inputs[name] ?? ''));
    expect(out).toBe(
      '::notice::mode teardown ignores audience, scopes, claims, require-scopes, take-over (inputs of the provisioning step it does not need).\n',
    );
  });

  it('says nothing when every input given is used', () => {
    expect(stdoutOf(() => warnAboutIgnoredInputs('teardown', (name) => ({ ...PROVISION, audience: '', scopes: '' })[name] ?? ''))).toBe('');
    expect(stdoutOf(() => warnAboutIgnoredInputs('provision', (name) => PROVISION[name] ?? ''))).toBe('');
  });

  it("in the other modes, warns about another mode's required inputs", () => {
    const inputs: Partial<Record<InputName, string>> = { 'issuer-url': 'https://issuer', 'client-id': 'c', 'client-secret': 's', 'konnect-token': 'kpat_x' };
    expect(stdoutOf(() => warnAboutIgnoredInputs('token', (name) => inputs[name] ?? ''))).toBe(
      '::warning::mode token does not use konnect-token: these inputs are ignored.\n',
    );
  });
});

describe('parseTokenModeConfig', () => {
  const inputs: Partial<Record<InputName, string>> = {
    'issuer-url': 'https://abc.us.identity.konghq.com/auth/',
    'client-id': 'client-1',
    'client-secret': 's3cret',
  };

  it('reads the token inputs, scopes and audience optional', () => {
    expect(parseTokenModeConfig((name) => inputs[name] ?? '')).toEqual({
      issuerUrl: 'https://abc.us.identity.konghq.com/auth',
      clientId: 'client-1',
      clientSecret: 's3cret',
      scopes: [],
      retryMaxAttempts: 4,
      timeoutSeconds: 600,
    });
  });

  it('sends the client secret only over https or to loopback', () => {
    const problems = problemsOf(() => parseTokenModeConfig((name) => ({ ...inputs, 'issuer-url': 'http://issuer.example.com/auth' })[name] ?? ''));
    expect(problems).toEqual([expect.stringMatching(/^"issuer-url" must use https \(the client secret is sent there\)/)]);
  });
});

describe('readSealedToken', () => {
  const key = randomBytes(32);
  const read = (sealed: string) => (name: 'sealed-access-token' | 'seal-key') => (name === 'seal-key' ? key.toString('base64') : sealed);

  it('hands out a token that has not expired', async () => {
    const sealed = await sealToken('tok', new Date('2030-01-01T00:00:00Z'), key);
    await expect(readSealedToken(read(sealed), new Date('2029-12-31T23:00:00Z'))).resolves.toEqual({
      token: 'tok',
      expiresAt: new Date('2030-01-01T00:00:00Z'),
    });
  });

  it('refuses it from its expiry on', async () => {
    const sealed = await sealToken('tok', new Date('2030-01-01T00:00:00Z'), key);
    await expect(readSealedToken(read(sealed), new Date('2030-01-01T00:00:00Z'))).rejects.toThrow(/expired at 2030-01-01T00:00:00.000Z, 0 s ago/);
  });
});

describe('parseConfig: the inputs mode provision adds for other jobs and Consumers', () => {
  const parse = (overrides: Partial<Record<InputName, string>>) => parseConfig((name) => ({ ...PROVISION, ...overrides })[name] ?? '');

  it('decodes seal-key and keeps consumer-claim', () => {
    const key = randomBytes(32);
    const config = parse({ 'seal-key': key.toString('base64url'), 'consumer-claim': 'sub' });
    expect(config.sealKey).toEqual(key);
    expect(config.consumerClaim).toBe('sub');
  });

  it('reports a weak seal-key and a malformed consumer-claim together', () => {
    const problems = problemsOf(() => parse({ 'seal-key': 'hunter2', 'consumer-claim': 'sub, email' }));
    expect(problems).toEqual([
      expect.stringMatching(/^"seal-key" must carry at least 32 random bytes/),
      expect.stringMatching(/^"consumer-claim" must be one claim name/),
    ]);
  });
});

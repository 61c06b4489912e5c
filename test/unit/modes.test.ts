import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INPUTS, parseConfig, type InputName } from '../../src/inputs/config.js';
import { ConfigError } from '../../src/errors/errors.js';
import { MODE_INPUTS, parseMode } from '../../src/inputs/modes.js';
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

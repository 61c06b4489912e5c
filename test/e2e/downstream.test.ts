// Two jobs as the runner plays them: job 1 provisions and seals the token; its outputs file becomes
// job outputs (the runner drops any that holds a masked value); job 2 reads them as inputs, unseals
// the token and calls the gateway. Also mode token, which mints a token without the management API.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealToken } from '../../src/seal/seal.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { howToInputs } from '../harness/how-to.js';
import { jobOutputs, maskedValues } from '../harness/job-outputs.js';
import { errorAnnotation, loggedLines, runAction, type ActionRun } from '../harness/run-action.js';

const SEAL_KEY = randomBytes(32).toString('base64');

async function gatewayStatus(emulator: Emulator, token?: string): Promise<number> {
  const response = await fetch(`${emulator.proxyUrl}/anything`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return response.status;
}

/** Flips one character of the ciphertext part of a sealed token (a compact JWE: header.key.iv.ciphertext.tag). */
function tamper(sealed: string): string {
  const parts = sealed.split('.');
  const ciphertext = parts[3] ?? '';
  const middle = Math.floor(ciphertext.length / 2);
  parts[3] = `${ciphertext.slice(0, middle)}${ciphertext[middle] === 'A' ? 'B' : 'A'}${ciphertext.slice(middle + 1)}`;
  return parts.join('.');
}

describe('a token handed from one job to the next', () => {
  let emulator: Emulator;
  let job1: ActionRun;
  let handedOver: { outputs: Record<string, string>; skipped: string[] };

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 300 });
    job1 = await runAction(howToInputs(emulator, { claims: '', 'proxy-url': emulator.proxyUrl, 'seal-key': SEAL_KEY }), { timeoutMs: 60_000 });
    // jobs.provision.outputs, as a workflow declares them; konnect-token and seal-key come from secrets.
    handedOver = jobOutputs(
      job1,
      {
        'sealed-access-token': 'sealed-access-token',
        'access-token': 'access-token',
        'issuer-url': 'issuer-url',
        'client-id': 'client-id',
        'check-status': 'check-status',
      },
      [emulator.konnectToken, SEAL_KEY],
    );
  });
  afterAll(async () => emulator?.stop());

  it('job 1 outputs a sealed token that survives as a job output, where the plain token is dropped', () => {
    expect(job1.exitCode).toBe(0);
    expect(job1.outputs['check-status']).toBe('passed');
    expect(handedOver.skipped).toEqual(['access-token']);
    expect(handedOver.outputs['sealed-access-token']).toMatch(/^eyJ[\w-]+\.\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/); // compact JWE, dir: no encrypted key
    expect(handedOver.outputs['sealed-access-token']).not.toContain(job1.outputs['access-token']);
    // The seal key is masked; the sealed value is ciphertext and is not.
    expect(maskedValues(job1)).toContain(SEAL_KEY);
    expect(maskedValues(job1)).not.toContain(job1.outputs['sealed-access-token']);
    expect(loggedLines(job1).join('\n')).not.toContain(SEAL_KEY);
  });

  it('job 2 unseals it without any request, masks it first, and the gateway accepts it', async () => {
    emulator.resetLog();
    const job2 = await runAction(
      { mode: 'unseal', 'sealed-access-token': handedOver.outputs['sealed-access-token'] ?? '', 'seal-key': SEAL_KEY },
      { timeoutMs: 30_000 },
    );
    expect(job2.stdout).not.toContain('::error::');
    expect(job2.exitCode).toBe(0);
    const token = job2.outputs['access-token'] ?? '';
    expect(token).toBe(job1.outputs['access-token']);
    expect(job2.outputs['token-expires-at']).toBe(job1.outputs['token-expires-at']);
    expect(emulator.requests()).toEqual([]);

    // The token is masked before any line other than a mask is printed.
    const lines = job2.stdout.split('\n');
    const firstOther = lines.findIndex((line) => line !== '' && !line.startsWith('::add-mask::'));
    const maskAt = lines.indexOf(`::add-mask::${token}`);
    expect(maskAt).toBeGreaterThanOrEqual(0);
    if (firstOther >= 0) expect(maskAt).toBeLessThan(firstOther);
    expect(loggedLines(job2).join('\n')).not.toContain(token);
    expect(job2.summary).not.toContain(token);

    expect(await gatewayStatus(emulator, token)).toBe(200);
    expect(await gatewayStatus(emulator)).toBe(401);
  });

  it('refuses a wrong seal-key with a message naming it, and outputs nothing', async () => {
    const job2 = await runAction({
      mode: 'unseal',
      'sealed-access-token': handedOver.outputs['sealed-access-token'] ?? '',
      'seal-key': randomBytes(32).toString('base64'),
    });
    expect(job2.exitCode).toBe(1);
    expect(errorAnnotation(job2)).toMatch(/"sealed-access-token" could not be unsealed with this seal-key/);
    expect(errorAnnotation(job2)).toMatch(/same seal-key secret in both jobs/);
    expect(job2.outputs).toEqual({});
  });

  it('refuses a tampered ciphertext, and a tampered protected header', async () => {
    const sealed = handedOver.outputs['sealed-access-token'] ?? '';
    const [header = '', ...rest] = sealed.split('.');
    const otherHeader = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), kid: 'x' })).toString('base64url');
    for (const altered of [tamper(sealed), [otherHeader, ...rest].join('.')]) {
      expect(altered).not.toBe(sealed);
      const job2 = await runAction({ mode: 'unseal', 'sealed-access-token': altered, 'seal-key': SEAL_KEY });
      expect(job2.exitCode).toBe(1);
      expect(errorAnnotation(job2)).toMatch(/not the one it was sealed with, or the value was altered/);
      expect(job2.outputs).toEqual({});
    }
  });

  it('refuses a value that is not a sealed token without echoing it', async () => {
    const token = job1.outputs['access-token'] ?? '';
    const job2 = await runAction({ mode: 'unseal', 'sealed-access-token': token, 'seal-key': SEAL_KEY });
    expect(job2.exitCode).toBe(1);
    expect(errorAnnotation(job2)).toMatch(/"sealed-access-token" is not a token sealed by this action/);
    expect(loggedLines(job2).join('\n')).not.toContain(token);
  });

  it('refuses an expired sealed token', async () => {
    const expired = await sealToken(job1.outputs['access-token'] ?? '', new Date(Date.now() - 120_000), Buffer.from(SEAL_KEY, 'base64'));
    const job2 = await runAction({ mode: 'unseal', 'sealed-access-token': expired, 'seal-key': SEAL_KEY });
    expect(job2.exitCode).toBe(1);
    expect(errorAnnotation(job2)).toMatch(/The sealed access token expired at \S+Z, 1[12]\d s ago/);
    expect(errorAnnotation(job2)).toMatch(/mode: token/);
    expect(job2.outputs).toEqual({});
    expect(loggedLines(job2).join('\n')).not.toContain(job1.outputs['access-token']);
  });

  it('refuses a weak seal-key before any request, naming seal-key and how to make one', async () => {
    emulator.resetLog();
    const run = await runAction({
      'konnect-token': emulator.konnectToken,
      'api-url': emulator.apiUrl,
      'control-plane-name': 'quickstart',
      'auth-server-name': 'Appointments Dev',
      audience: 'http://myhttpbin.dev',
      scopes: 'my-scope',
      'client-name': 'Client',
      'seal-key': 'correct horse battery staple',
    });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotation(run)).toMatch(/"seal-key" must carry at least 32 random bytes.*openssl rand -base64 32/);
    expect(errorAnnotation(run)).not.toContain('correct horse');
    expect(emulator.requests()).toEqual([]);
  });

  describe('mode token', () => {
    it('mints a fresh token from issuer-url, client-id and client-secret without the management API', async () => {
      emulator.resetLog();
      const run = await runAction(
        {
          mode: 'token',
          'issuer-url': handedOver.outputs['issuer-url'] ?? '',
          'client-id': handedOver.outputs['client-id'] ?? '',
          'client-secret': job1.outputs['client-secret'] ?? '',
          scopes: 'my-scope',
          audience: 'http://myhttpbin.dev',
          'seal-key': SEAL_KEY,
        },
        { timeoutMs: 30_000 },
      );
      expect(run.stdout).not.toContain('::error::');
      expect(run.exitCode).toBe(0);
      const token = run.outputs['access-token'] ?? '';
      expect(token).not.toBe(job1.outputs['access-token']);
      expect(await gatewayStatus(emulator, token)).toBe(200);

      const paths = emulator.requests().map((entry) => `${entry.method} ${entry.path}`);
      expect(paths.some((path) => path.endsWith('/oauth/token'))).toBe(true);
      expect(paths.filter((path) => /^\w+ \/v[12]\//.test(path))).toEqual([]);

      // Its sealed output opens in a later job like provision's.
      const later = await runAction({ mode: 'unseal', 'sealed-access-token': run.outputs['sealed-access-token'] ?? '', 'seal-key': SEAL_KEY });
      expect(later.outputs['access-token']).toBe(token);

      for (const secret of [token, job1.outputs['client-secret'] ?? '']) {
        expect(loggedLines(run).join('\n')).not.toContain(secret);
        expect(run.summary).not.toContain(secret);
      }
    });

    it('names client-id and client-secret when the issuer refuses them', async () => {
      const run = await runAction({
        mode: 'token',
        'issuer-url': handedOver.outputs['issuer-url'] ?? '',
        'client-id': handedOver.outputs['client-id'] ?? '',
        'client-secret': 'not-the-secret-of-this-client',
      });
      expect(run.exitCode).toBe(1);
      expect(errorAnnotation(run)).toMatch(/The issuer refused client-id and client-secret \(HTTP 401/);
      expect(loggedLines(run).join('\n')).not.toContain('not-the-secret-of-this-client');
    });

    it('refuses a malformed HTTPS_PROXY with an error annotation, not a crash', async () => {
      const run = await runAction(
        {
          mode: 'token',
          'issuer-url': handedOver.outputs['issuer-url'] ?? '',
          'client-id': handedOver.outputs['client-id'] ?? '',
          'client-secret': job1.outputs['client-secret'] ?? '', // from the repository's secrets in a real workflow
        },
        { env: { HTTPS_PROXY: 'not a url' } },
      );
      expect(run.exitCode).toBe(1);
      expect(errorAnnotation(run)).toMatch(/HTTPS_PROXY/);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });

    it('lists every missing input before any request', async () => {
      emulator.resetLog();
      const run = await runAction({ mode: 'token', 'konnect-token': emulator.konnectToken });
      expect(run.exitCode).toBe(1);
      const error = errorAnnotation(run);
      for (const input of ['issuer-url', 'client-id', 'client-secret']) expect(error).toContain(`"${input}" is required`);
      expect(run.stdout).toContain('::warning::mode token does not use konnect-token');
      expect(emulator.requests()).toEqual([]);
    });
  });
});

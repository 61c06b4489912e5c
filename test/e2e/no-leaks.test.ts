// The leak scan: the whole flow (first run, rerun, failing runs, dry run) with RUNNER_DEBUG=1, and
// no Konnect token, client secret or access token anywhere the runner shows: stdout and stderr
// (bar the `::add-mask::` commands that register them), the step summary and the error messages.
// The outputs file is where they belong and is not scanned. Debug lines say which request went
// where, how it ended and how long it took, and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { secretExposures } from '../harness/hostile.js';
import { loggedLines, runAction, type ActionRun } from '../harness/run-action.js';
import { errorMessages, oneOfEachInputs } from './resilience-kit.js';

const DEBUG = { RUNNER_DEBUG: '1' };
/** A JWS compact serialisation: what an access token looks like, whoever minted it. */
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;
const REQUEST_DEBUG_LINE = /^::debug::(GET|POST|PUT|PATCH|DELETE) \S+ -> (\d{3}|[A-Z_]+|error) in \d+ ms$/;
const SECRET_BEARING = /authorization|bearer|client_secret|access_token|"secret"|kpat_|spat_/i;

interface NamedRun {
  name: string;
  run: ActionRun;
  konnectToken: string;
}

let emulator: Emulator;
const runs: NamedRun[] = [];
/** Every secret the flow handled: the token, each client secret the emulator ever held, each output. */
const secrets = new Set<string>();

function rememberSecrets(run: ActionRun): void {
  for (const stored of emulator.store.listAuthServers()) {
    for (const client of stored.clients) for (const secret of client.secrets) secrets.add(secret.value);
  }
  for (const name of ['client-secret', 'access-token']) {
    const value = run.outputs[name];
    if (value) secrets.add(value);
  }
}

async function step(name: string, inputs: Record<string, string>, faults: string[] = []): Promise<ActionRun> {
  faults.forEach((spec) => emulator.addFault(spec));
  const allInputs = oneOfEachInputs(emulator, inputs);
  const run = await runAction(allInputs, { env: DEBUG, timeoutMs: 60_000 });
  emulator.clearFaults();
  rememberSecrets(run);
  runs.push({ name, run, konnectToken: allInputs['konnect-token'] ?? '' });
  return run;
}

beforeAll(async () => {
  emulator = await startEmulator({ propagationMs: 200 });
  secrets.add(emulator.konnectToken);
  const chosenSecret = 'a-client-secret-chosen-by-the-user-0123456789';
  secrets.add(chosenSecret);

  await step('first run', {});
  await step('rerun (rotation)', {});
  // Fails after a token was minted: the check finds no route, and the token is in the outputs.
  await step('failing run: gateway check', { 'check-path': '/no-such-route', 'check-timeout': '2' });
  // Fails with a token that is not exported, while the client-secret input is installed.
  await step('failing run: refused token', { 'client-secret': chosenSecret }, ['POST /*/auth/oauth/token token:wrong-aud']);
  // Fails on Konnect's refusal of the token, with retries on the way.
  const revokedToken = `${emulator.konnectToken}x`;
  secrets.add(revokedToken);
  await step('failing run: throttled, then refused', { 'konnect-token': revokedToken, 'retry-max-attempts': '2' }, ['GET /v2/control-planes 429 x1']);
  await step('dry run', { 'dry-run': 'true' });
}, 180_000);

afterAll(async () => emulator?.stop());

describe('the flow under RUNNER_DEBUG=1', () => {
  it('ran every step: two successes, three failures, a dry run', () => {
    expect(runs.map(({ name, run }) => [name, run.exitCode])).toEqual([
      ['first run', 0],
      ['rerun (rotation)', 0],
      ['failing run: gateway check', 1],
      ['failing run: refused token', 1],
      ['failing run: throttled, then refused', 1],
      ['dry run', 0],
    ]);
    // The refused token was minted (and masked) but never exported.
    const refused = runs[3]?.run;
    expect(refused?.outputs['access-token']).toBeUndefined();
    expect(refused?.stdout).toMatch(/^::add-mask::eyJ/m);
    expect(secrets.size).toBeGreaterThanOrEqual(7);
  });

  it('prints no secret outside ::add-mask::, in stdout, stderr, the summary or an error message', () => {
    for (const { name, run } of runs) {
      const shown = [...loggedLines(run), run.summary, ...errorMessages(run)].join('\n');
      for (const secret of secrets) expect(shown.includes(secret), `${name} shows a secret`).toBe(false);
      expect(shown, `${name} shows a JWT`).not.toMatch(JWT);
    }
  });

  it('shows no secret in any encoding (URL, form, base64, base64url, JSON) in the log, summary or saved state', () => {
    for (const { name, run } of runs) expect(secretExposures(run, secrets), name).toEqual([]);
  });

  it('registers every secret it outputs with the runner before printing anything else about it', () => {
    for (const { name, run, konnectToken } of runs) {
      const masks = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
      expect(masks[0], `${name}: the token is masked first`).toBe(`::add-mask::${konnectToken}`);
      for (const output of ['client-secret', 'access-token']) {
        const value = run.outputs[output];
        if (value) expect(masks, `${name}: ${output}`).toContain(`::add-mask::${value}`);
      }
    }
  });

  it('logs each request as method, path, status and duration, and nothing secret-bearing', () => {
    for (const { name, run } of runs) {
      const debug = run.stdout.split('\n').filter((line) => line.startsWith('::debug::'));
      const requests = debug.filter((line) => REQUEST_DEBUG_LINE.test(line));
      expect(requests.length, `${name}: request debug lines`).toBeGreaterThan(0);
      expect(
        debug.filter((line) => SECRET_BEARING.test(line)),
        name,
      ).toEqual([]);
    }
    // Konnect, the issuer's token endpoint and a retried request all have their line.
    const all = runs.flatMap(({ run }) => run.stdout.split('\n'));
    expect(all).toContainEqual(expect.stringMatching(/^::debug::POST \/v1\/auth-servers -> 201 in \d+ ms$/));
    expect(all).toContainEqual(expect.stringMatching(/^::debug::POST http:\/\/127\.0\.0\.1:\d+\/\w+\/auth\/oauth\/token -> 200 in \d+ ms$/));
    expect(all).toContainEqual(expect.stringMatching(/^::debug::GET \/v2\/control-planes\?\S+ -> 429 in \d+ ms$/));
  });
});

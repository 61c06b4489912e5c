// The short modes (token, unseal) branch off in main.ts: a failure inside them must still end as a
// step error annotation (setFailed), never as an unhandled rejection with a stack trace on stderr.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { sealToken } from '../../src/seal/seal.js';
import { runAction } from '../harness/run-action.js';

describe('a failure inside mode unseal, after its inputs were read', () => {
  it('is reported as the step error, not as a crash', async () => {
    const key = randomBytes(32);
    const sealed = await sealToken('header.payload.signature', new Date(Date.now() + 3_600_000), key);
    // A job summary path that is a directory: writing the summary fails after the token was opened.
    const run = await runAction({ mode: 'unseal', 'sealed-access-token': sealed, 'seal-key': key.toString('hex') }, { env: { GITHUB_STEP_SUMMARY: tmpdir() } });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^::error::.*EISDIR/m);
  });
});

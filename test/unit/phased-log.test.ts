// The phased log, in process: lines logged by a phase's work (across awaits and timers) are held and
// printed inside its group, groups come out in the phases' order whatever order they close in, and
// lines outside any phase are printed at once.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as log from '../../src/runner/log.js';
import { PhasedLog } from '../../src/runner/log.js';
import { maskSecret } from '../../src/runner/secrets.js';

let printed: string[];

beforeEach(() => {
  printed = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(
      ...String(chunk)
        .split(/\r?\n/)
        .filter((line) => line !== ''),
    );
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

describe('PhasedLog', () => {
  it('prints each phase as one group, in order, with the lines its work logged, debug lines included', async () => {
    const phases = new PhasedLog(['first', 'second'] as const);
    const second = phases.run('second', async () => {
      log.info('second: before a wait');
      await sleep(5);
      log.debug('second: after a timer');
    });
    const first = phases.run('first', () =>
      Promise.resolve().then(async () => {
        await sleep(20);
        log.info('first: in a chained callback');
      }),
    );
    log.info('outside any phase');
    await second;
    phases.close('second', 'Second: done', ['second: outcome']);
    expect(printed).toEqual(['outside any phase']); // the second waits for the first
    await first;
    phases.close('first', 'First: done');
    expect(printed).toEqual([
      'outside any phase',
      '::group::First: done',
      'first: in a chained callback',
      '::endgroup::',
      '::group::Second: done',
      'second: before a wait',
      '::debug::second: after a timer',
      'second: outcome',
      '::endgroup::',
    ]);
  });

  it('redacts a secret masked after the line was logged, and prints a line logged after its group on its own', async () => {
    const phases = new PhasedLog(['only'] as const);
    const secret = 'a-secret-known-only-later-0123456789';
    const late = phases.run('only', async () => {
      log.info(`token ${secret}`);
      await sleep(5);
      log.info('after the group');
    });
    maskSecret(secret);
    phases.close('only', 'Only');
    await late;
    const shown = printed.filter((line) => !line.startsWith('::add-mask::'));
    expect(shown).toEqual(['::group::Only', 'token ***', '::endgroup::', 'after the group']);
  });
});

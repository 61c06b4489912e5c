// The runner's file commands: a value is one `name<<delimiter` record whatever it contains, since the
// delimiter is chosen after reading the value (no node:crypto needed on the start-up path).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveState, setOutput } from '../../src/workflow-commands.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kio-commands-'));
});
afterEach(async () => {
  delete process.env['GITHUB_STATE'];
  delete process.env['GITHUB_OUTPUT'];
  await rm(dir, { recursive: true, force: true });
});

/** The records of a runner file, read as the runner reads them: `name<<D`, the value's lines, `D`. */
function records(text: string): Array<[string, string]> {
  const lines = text.split('\n');
  const found: Array<[string, string]> = [];
  for (let i = 0; i < lines.length - 1; ) {
    const [name, delimiter] = (lines[i] ?? '').split('<<');
    const end = lines.indexOf(delimiter ?? '', i + 1);
    found.push([name ?? '', lines.slice(i + 1, end).join('\n')]);
    i = end + 1;
  }
  return found;
}

describe('file commands', () => {
  it('keep a value with delimiter-like lines and other records in one record', async () => {
    const file = join(dir, 'output');
    await writeFile(file, '');
    process.env['GITHUB_OUTPUT'] = file;
    const hostile = `a\nghadelimiter_x\nevil<<ghadelimiter_y\nb`;
    setOutput('token', hostile);
    setOutput('next', 'plain');
    expect(records(await readFile(file, 'utf8'))).toEqual([
      ['token', hostile],
      ['next', 'plain'],
    ]);
  });

  it('write nothing without the runner file', () => {
    expect(() => saveState('is-post-step', 'true')).not.toThrow();
  });

  it('choose a new delimiter for every record', async () => {
    const file = join(dir, 'state');
    await writeFile(file, '');
    process.env['GITHUB_STATE'] = file;
    saveState('a', '1');
    saveState('b', '2');
    const delimiters = (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => line.includes('<<'))
      .map((line) => line.split('<<')[1]);
    expect(new Set(delimiters).size).toBe(2);
  });
});

// The one way text reaches the log (src/runner/log.ts), the one redactor (src/runner/secrets.ts) and
// summary text (src/runner/summary.ts), on the hostile corpus: what the runner would read from stdout.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as log from '../../src/runner/log.js';
import { encodedForms, maskSecret, redact } from '../../src/runner/secrets.js';
import { summaryText } from '../../src/runner/summary.js';
import { encodedForms as hostileForms, forgedCommandLines, HOSTILE_MARK, HOSTILE_STRINGS, runnerLines, summaryInjections } from '../harness/hostile.js';

let stdout = '';
beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const printers: Array<[string, (text: string) => void]> = [
  ['info', log.info],
  ['debug', log.debug],
  ['notice', log.notice],
  ['warning', log.warning],
  ['error', log.error],
  ['setFailed', log.setFailed],
  ['startGroup', log.startGroup],
];

describe('log', () => {
  for (const [name, print] of printers) {
    it.each(Object.entries(HOSTILE_STRINGS))(`${name}: %s stays on its one line and forges no command`, (_, text) => {
      print(`before ${text} after`);
      expect(forgedCommandLines({ stdout, stderr: '' })).toEqual([]);
      expect(runnerLines(stdout.replace(/\n$/, ''))).toHaveLength(1);
      expect(stdout).toContain(HOSTILE_MARK);
    });
  }

  it('an info line that would start with :: is escaped', () => {
    log.info('::add-mask::x');
    log.info('  ::warning::x');
    expect(stdout).toBe('\\::add-mask::x\n\\  ::warning::x\n');
  });

  it("annotations keep the action's own line breaks, escaped as the runner expects", () => {
    log.setFailed('Could not do it\nWhat to do: this');
    expect(stdout).toBe('::error::Could not do it%0AWhat to do: this\n');
    expect(process.exitCode).toBe(1);
  });

  it('shows line breaks and control characters as visible escapes', () => {
    expect(log.neutralise('a\nb\r\nc\rd\u2028e\u2029f\u0085g\u001b[31mh\u202ei ##[x]')).toBe(
      'a\\nb\\r\\nc\\rd\\u2028e\\u2029f\\u0085g\\u001b[31mh\\u202ei ##\\[x]',
    );
  });

  it('redacts every line it prints', () => {
    maskSecret('s3cr3t-for-the-log-test');
    stdout = '';
    log.info(`token s3cr3t-for-the-log-test and ${Buffer.from('s3cr3t-for-the-log-test').toString('base64')}`);
    log.debug('s3cr3t-for-the-log-test');
    log.warning('x\ns3cr3t-for-the-log-test');
    expect(stdout).not.toContain('s3cr3t');
    expect(stdout).toContain('token *** and ***');
  });
});

describe('redact', () => {
  const secret = 'kpat_Ab+/= "quoted" \\ sp&ce-éü-0123456789';

  it('removes the secret in every encoding a peer can echo it in', () => {
    maskSecret(secret);
    const forms = encodedForms(secret);
    expect(forms).toEqual(
      expect.arrayContaining([
        secret,
        encodeURIComponent(secret),
        new URLSearchParams({ s: secret }).toString().slice(2),
        Buffer.from(secret).toString('base64'),
        Buffer.from(secret).toString('base64url'),
        JSON.stringify(secret).slice(1, -1),
      ]),
    );
    for (const form of forms) expect(redact(`before ${form} after`), form).toBe('before *** after');
  });

  it('is checked by an independent oracle that knows every form it redacts, and redacts every form the oracle knows', () => {
    maskSecret(secret);
    const oracle = hostileForms(secret);
    expect(oracle).toEqual(expect.arrayContaining(encodedForms(secret)));
    for (const form of oracle) expect(redact(`before ${form} after`), form).toBe('before *** after');
  });

  it('masks each line of a multi-line secret too (the runner masks line by line)', () => {
    maskSecret('first-line-of-it\nsecond-line-of-it');
    expect(stdout).toContain('::add-mask::first-line-of-it%0Asecond-line-of-it\n');
    expect(stdout).toContain('::add-mask::first-line-of-it\n');
    expect(stdout).toContain('::add-mask::second-line-of-it\n');
  });
});

describe('summaryText', () => {
  it.each(Object.entries(HOSTILE_STRINGS))('%s is text in a summary, never markup', (_, text) => {
    const html = `<table><tr><td>${summaryText(text)}</td></tr></table>\n<ul><li>${summaryText(text)}</li></ul>`;
    expect(summaryInjections(html)).toEqual([]);
    expect(html).not.toMatch(/[\r\n\u2028\u2029]\s*[\r\n\u2028\u2029]/);
  });

  it('writes markup characters as entities', () => {
    expect(summaryText('<b>|*x*|</b> [a](b) `c` ~d~ \\')).toBe('&lt;b&gt;&#124;&#42;x&#42;&#124;&lt;/b&gt; &#91;a&#93;(b) &#96;c&#96; &#126;d&#126; &#92;');
  });
});

describe('one way to the log', () => {
  // src/runner/core.ts is the one module that imports @actions/core; of what it re-exports, only
  // runner/log.ts prints (and runner/secrets.ts masks: setSecret).
  it('no module but runner/log.ts writes to stdout or stderr, or logs through @actions/core', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const { join, sep } = await import('node:path');
    const root = join(import.meta.dirname, '../../src');
    const files = (await readdir(root, { recursive: true })).filter((file) => file.endsWith('.ts')).map((file) => file.split(sep).join('/'));
    const printers = 'info|warning|error|notice|debug|startGroup|endGroup|group|setFailed|setSecret';
    const offenders: string[] = [];
    for (const file of files) {
      if (file === 'runner/log.ts' || file === 'runner/core.ts') continue;
      const text = await readFile(join(root, file), 'utf8');
      const patterns = [
        /process\.(stdout|stderr)\.write|console\.\w+\(|\bissueCommand\(/,
        new RegExp(`\\bcore\\.(${printers})\\b`),
        /from '@actions\/core'/,
        // a printer imported by name from runner/core.ts (secrets.ts may import setSecret: it masks)
        new RegExp(
          `import \\{[^}]*\\b(${file === 'runner/secrets.ts' ? printers.replace('|setSecret', '') : printers})\\b[^}]*\\} from '[./]*(runner/)?core\\.js'`,
        ),
      ];
      for (const pattern of patterns) {
        const found = pattern.exec(text);
        if (found) offenders.push(`${file}: ${found[0]}`);
      }
    }
    expect(files.length).toBeGreaterThan(20);
    expect(files).toContain('runner/log.ts');
    expect(offenders).toEqual([]);
  });
});

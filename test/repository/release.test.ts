// What a release needs: CHANGELOG.md with notes for package.json's version (the release workflow
// publishes them), the license package.json names, and the release notes script's behaviour.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionPath } from '../../scripts/readme-tables.js';
import { releaseNotes } from '../../scripts/release-notes.js';

const root = resolve(actionPath, '..');
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { version: string; license: string };

describe('CHANGELOG.md', () => {
  const changelog = read('CHANGELOG.md');

  it("has notes for package.json's version, and an Unreleased section above them", () => {
    expect(releaseNotes(changelog, pkg.version)).toMatch(/^### (Added|Changed|Fixed|Removed|Security|Deprecated)/m);
    expect(changelog.indexOf('## [Unreleased]')).toBeGreaterThan(-1);
    expect(changelog.indexOf('## [Unreleased]')).toBeLessThan(changelog.indexOf(`## [${pkg.version}]`));
  });

  it('lists versions newest first, each with a date and a link', () => {
    const versions = [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$/gm)].map((match) => match[1] as string);
    expect(versions.length).toBeGreaterThan(0);
    const byNumber = (a: string, b: string) => b.localeCompare(a, 'en', { numeric: true });
    expect(versions).toEqual([...versions].sort(byNumber));
    for (const version of ['Unreleased', ...versions]) expect(changelog).toMatch(new RegExp(`^\\[${version.replace(/\./g, '\\.')}\\]: https://`, 'm'));
  });
});

describe('releaseNotes', () => {
  const changelog = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '- next',
    '',
    '## [1.10.0] - 2026-12-24',
    '',
    '### Added',
    '',
    '- ten',
    '',
    '## [1.1.0] - 2026-12-20',
    '',
    '### Fixed',
    '',
    '- one',
    '',
    '[1.10.0]: https://example.test/v1.10.0',
  ].join('\n');

  it("returns one version's sections, without the heading, the next version or the links", () => {
    expect(releaseNotes(changelog, '1.10.0')).toBe('### Added\n\n- ten');
    expect(releaseNotes(changelog, '1.1.0')).toBe('### Fixed\n\n- one');
  });

  it('refuses a version without an entry, or with an empty one, naming it', () => {
    expect(() => releaseNotes(changelog, '1.1')).toThrow(/no "## \[1\.1\]" entry/);
    expect(() => releaseNotes(changelog, '2.0.0')).toThrow(/tagging v2\.0\.0/);
    expect(() => releaseNotes('## [3.0.0] - 2027-01-01\n\n## [2.0.0]', '3.0.0')).toThrow(/empty/);
  });
});

describe('the repository files', () => {
  it('LICENSE is the full Apache-2.0 text that package.json names', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const license = read('LICENSE');
    expect(license).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(license).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
    expect(license).toContain('END OF TERMS AND CONDITIONS');
  });

  it('SECURITY.md says how to report, what is sent where, and which Konnect roles the token needs', () => {
    const policy = read('SECURITY.md');
    for (const heading of ['## Reporting a vulnerability', '## What the action sends where', '## The least-privilege Konnect token']) {
      expect(policy).toContain(heading);
    }
    expect(policy).toMatch(/Plugin Admin/);
  });

  it('CONTRIBUTING.md covers the development loop', () => {
    const guide = read('CONTRIBUTING.md');
    for (const command of ['npm run -s emulator', 'npm run demo', 'npm test', 'npm run bench', 'npm run package', 'npm run lint'])
      expect(guide).toContain(command);
    expect(guide).toMatch(/CHANGELOG\.md/);
  });
});

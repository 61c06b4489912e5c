// What a release needs: CHANGELOG.md with notes for package.json's version (the release workflow
// publishes them), the license package.json names, the release notes script's behaviour, and the
// pinning of the documentation's examples to the release's commit once its tag exists.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compareVersions, pinExamples, pinsOf } from '../../scripts/pin-examples.js';
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

  it('says what each version added', () => {
    const versions = [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+)\] - /gm)].map((match) => match[1] as string);
    for (const version of versions) expect(releaseNotes(changelog, version), version).toMatch(/^### Added$/m);
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

  it('SECURITY.md says how to report and which versions get fixes, and leads to the security considerations', () => {
    const policy = read('SECURITY.md');
    for (const heading of ['## Reporting a vulnerability', '## Supported versions']) expect(policy).toContain(heading);
    const major = pkg.version.split('.')[0];
    expect(policy).toContain(`major tag (\`v${major}\`)`);
    expect(policy).toContain('docs/security.md');
  });

  it("docs/security.md says what is sent where, and which Konnect roles the token needs by Kong's names", () => {
    const considerations = read('docs/security.md');
    for (const heading of ['## What the action sends where', '## The least-privilege Konnect token', '## Pull requests from forks'])
      expect(considerations).toContain(heading);
    for (const role of ['Control Planes: `Viewer`', 'Control Planes: `Plugin Admin`', 'Control Planes: `Consumer Admin`', 'Auth Servers: `Admin`'])
      expect(considerations).toContain(role);
    expect(considerations).toMatch(/`spat_…`/);
  });

  it('CONTRIBUTING.md covers the development loop, the toolchain and the release', () => {
    const guide = read('CONTRIBUTING.md');
    for (const command of ['npm run -s emulator', 'npm run demo', 'npm test', 'npm run bench', 'npm run package', 'npm run lint', 'npm run local-action'])
      expect(guide).toContain(command);
    expect(guide).toMatch(/CHANGELOG\.md/);
    expect(guide).toMatch(/## Toolchain: why esbuild, and why no @actions\/github/);
    expect(guide).toContain('scripts/pin-examples.ts');
  });
});

describe('pinning the examples to a release', () => {
  const text = [
    '```yaml',
    '      - uses: kong-identity-oidc-action/kong-identity-oidc-action@<sha-of-v2.0.0> # v2.0.0',
    '   uses: kong-identity-oidc-action/kong-identity-oidc-action@0123456789abcdef0123456789abcdef01234567 # v1.0.0',
    '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
    '```',
  ].join('\n');
  const sha = 'a'.repeat(40);

  it("rewrites every pin of the action, and only the action's, to the SHA and version", () => {
    const pinned = pinExamples(text, '2.0.1', sha);
    expect(pinsOf(pinned)).toEqual([
      { ref: sha, version: '2.0.1' },
      { ref: sha, version: '2.0.1' },
    ]);
    expect(pinned).toContain('actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1');
  });

  it('refuses what is not a version or a full commit SHA', () => {
    expect(() => pinExamples(text, 'v2', sha)).toThrow(/not a version/);
    expect(() => pinExamples(text, '2.0.1', 'abc1234')).toThrow(/not a full commit SHA/);
  });

  it('orders versions as numbers', () => {
    expect(compareVersions('2.0.10', '2.0.9')).toBeGreaterThan(0);
    expect(compareVersions('1.9.0', '2.0.0')).toBeLessThan(0);
    expect(compareVersions('2.0.0', '2.0.0')).toBe(0);
  });

  it("is what the release workflow runs, after publishing, on the tag's commit", () => {
    const release = parse(read('.github/workflows/release.yml')) as {
      jobs: Record<string, { needs?: string | string[]; permissions?: Record<string, string>; steps: Array<{ run?: string }> }>;
    };
    const job = Object.values(release.jobs).find((candidate) => candidate.steps.some((step) => step.run?.includes('scripts/pin-examples.ts')));
    expect(job).toBeDefined();
    expect([job?.needs].flat()).toContain('release');
    expect(job?.permissions).toEqual({ contents: 'write' });
    const script = job?.steps.map((step) => step.run ?? '').join('\n') ?? '';
    expect(script).toContain('git rev-parse "$GITHUB_REF_NAME^{commit}"');
    expect(script).toMatch(/git push origin/);
  });
});

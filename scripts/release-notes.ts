// `node scripts/release-notes.ts 1.2.3`: prints the notes of that version from CHANGELOG.md (Keep a
// Changelog: a `## [1.2.3] - 2026-12-01` heading, then its sections until the next `## `), for the
// release workflow. Fails when the version has no entry or an empty one. Plain Node (types are
// stripped), so the release job runs it without installing the dev tools.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function releaseNotes(changelog: string, version: string): string {
  const lines = changelog.split(/\r?\n/);
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const heading = new RegExp(`^## \\[${escaped}\\](\\s|$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) throw new Error(`CHANGELOG.md has no "## [${version}]" entry: add one before tagging v${version}.`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('## ') || /^\[[^\]]+\]:\s/.test(line));
  const notes = (end === -1 ? rest : rest.slice(0, end)).join('\n').trim();
  if (notes === '') throw new Error(`CHANGELOG.md's entry for ${version} is empty.`);
  return notes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const version = process.argv[2]?.replace(/^v/, '');
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
    console.error('usage: node scripts/release-notes.ts 1.2.3');
    process.exit(2);
  }
  const changelog = readFileSync(new URL('../CHANGELOG.md', import.meta.url), 'utf8');
  try {
    console.log(releaseNotes(changelog, version));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

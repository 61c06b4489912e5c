// `node scripts/pin-examples.ts v2.0.0 <commit SHA>`: pins every example of README.md and docs/*.md to
// that release, `uses: kong-identity-oidc-action/kong-identity-oidc-action@<SHA> # v2.0.0`. A commit
// cannot name its own SHA, so the examples are pinned after the tag exists: the release workflow runs
// this on the default branch once the release is published, and commits the result. It leaves the
// examples alone when they already pin a newer release (a patch to an older major). Plain Node (types
// are stripped), so the release job runs it without installing the dev tools.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One example's pin: what follows `@`, and the version in its comment. */
export interface Pin {
  ref: string;
  version: string;
}

const PIN = /(kong-identity-oidc-action\/kong-identity-oidc-action@)(\S+) # v(\d+\.\d+\.\d+)$/gm;

/** The pins of the examples in a markdown text, in order. */
export function pinsOf(text: string): Pin[] {
  return [...text.matchAll(PIN)].map((match) => ({ ref: match[2] ?? '', version: match[3] ?? '' }));
}

/** The text with every example pinned to `sha`, commented `# v<version>`. */
export function pinExamples(text: string, version: string, sha: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`not a version: "${version}" (expected 1.2.3)`);
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`not a full commit SHA: "${sha}"`);
  return text.replace(PIN, (_, prefix: string) => `${prefix}${sha} # v${version}`);
}

/** Semantic-version order of two x.y.z versions: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((version) => version.split('.').map(Number));
  for (let i = 0; i < 3; i++) {
    const difference = (x?.[i] ?? 0) - (y?.[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** README.md and every markdown file of docs/, relative to the repository's root. */
export function exampleFiles(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name));
  return ['README.md', ...docs.sort()];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [tag, sha] = process.argv.slice(2);
  const version = tag?.replace(/^v/, '') ?? '';
  const root = fileURLToPath(new URL('..', import.meta.url));
  try {
    const files = exampleFiles(root).map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }));
    const newest = files
      .flatMap(({ text }) => pinsOf(text))
      .map((pin) => pin.version)
      .sort(compareVersions)
      .at(-1);
    if (newest !== undefined && compareVersions(newest, version) > 0) {
      console.log(`The examples pin v${newest}, newer than v${version}: left as they are.`);
    } else {
      for (const { file, text } of files) {
        const pinned = pinExamples(text, version, sha ?? '');
        if (pinned !== text) writeFileSync(join(root, file), pinned);
      }
      console.log(`Every example pins v${version} (${sha}).`);
    }
  } catch (error) {
    console.error(`usage: node scripts/pin-examples.ts v1.2.3 <40-character commit SHA>\n${(error as Error).message}`);
    process.exit(1);
  }
}

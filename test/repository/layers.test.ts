// The layout shows the architecture (docs/ARCHITECTURE.md): src/'s root holds the entry points only,
// and no folder imports from a layer above it. The layer order is written here on purpose, apart
// from the code it checks, so that a change to it is a change to this test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Lowest first; folders on one line are one layer. */
const LAYERS: readonly (readonly string[])[] = [
  ['runner', 'errors'],
  ['http'],
  ['konnect', 'seal'],
  ['inputs'],
  ['oauth', 'check'],
  ['resources'],
  ['engine'],
  ['report'],
  ['modes'],
  ['.'],
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const layerOf = (file: string) => {
  const folder = relative(src, file).split('/').length === 1 ? '.' : (relative(src, file).split('/')[0] ?? '.');
  const layer = LAYERS.findIndex((names) => names.includes(folder));
  if (layer < 0) throw new Error(`src/${folder} is in no layer of this test: add it to LAYERS (and to docs/ARCHITECTURE.md)`);
  return layer;
};

describe('the layout of src/', () => {
  it('holds only the entry points at its root', () => {
    expect(readdirSync(src).filter((name) => statSync(join(src, name)).isFile())).toEqual(['main.ts', 'post.ts']);
  });

  it('never imports from a layer above', () => {
    const upward: string[] = [];
    for (const file of files(src)) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)].map((match) => resolve(dirname(file), `${match[1]}.ts`));
      for (const target of imports) {
        if (layerOf(target) > layerOf(file)) upward.push(`${relative(src, file)} -> ${relative(src, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });
});

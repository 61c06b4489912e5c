// config.ts lists the inputs a second time (INPUTS, for types and for reading them all at once):
// it must name exactly the inputs action.yml declares, and the code must read no other input.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionPath } from '../../scripts/readme-tables.js';
import { INPUTS } from '../../src/inputs/config.js';

const declared = Object.keys((parse(readFileSync(actionPath, 'utf8')) as { inputs: Record<string, unknown> }).inputs);
const sourceRoot = resolve(actionPath, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe("config.ts's INPUTS and action.yml's inputs", () => {
  it('are the same names', () => {
    expect([...INPUTS].sort()).toEqual([...declared].sort());
  });

  it('are each listed once', () => {
    expect(new Set(INPUTS).size).toBe(INPUTS.length);
  });

  it('cover every input the code reads by name', () => {
    const read = sourceFiles(sourceRoot).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bgetInput\(\s*'([^']+)'/g)].map((match) => match[1] as string),
    );
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((name) => !declared.includes(name))).toEqual([]);
  });
});

// Keeps the inputs and outputs reference (docs/inputs.md) generated from action.yml, the one source of
// truth. `npm run docs` rewrites its tables; the docs test fails when they drift. (The README's
// grouped matrix is written by hand, and the same test checks it against action.yml and the modes.)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const readmePath = resolve(root, 'README.md');
export const referencePath = resolve(root, 'docs/inputs.md');
export const actionPath = resolve(root, 'action.yml');

interface ActionMetadata {
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description?: string }>;
}

const cell = (text: string) =>
  text
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|');

export function tables(actionYaml: string): { inputs: string; outputs: string } {
  const action = parse(actionYaml) as ActionMetadata;
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([name, input]) =>
      `| \`${name}\` | ${input.default === undefined || input.default === '' ? '' : `\`${cell(String(input.default))}\``} | ${cell(input.description ?? '')} |`,
  );
  const outputs = Object.entries(action.outputs ?? {}).map(([name, output]) => `| \`${name}\` | ${cell(output.description ?? '')} |`);
  return {
    // No "Required" column: action.yml can only say "required in every mode", and no input is; which
    // mode requires which is the README's matrix.
    inputs: ['| Input | Default | Description |', '| --- | --- | --- |', ...inputs].join('\n'),
    outputs: ['| Output | Description |', '| --- | --- |', ...outputs].join('\n'),
  };
}

/** The reference with each `<!-- NAME:start -->…<!-- NAME:end -->` block replaced by the generated table. */
export function withTables(reference: string, actionYaml: string): string {
  const generated = tables(actionYaml);
  return (['inputs', 'outputs'] as const).reduce((text, name) => {
    const block = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!block.test(text)) throw new Error(`docs/inputs.md has no <!-- ${name}:start --> … <!-- ${name}:end --> block`);
    return text.replace(block, `$1\n${generated[name]}\n$2`);
  }, reference);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(referencePath, withTables(readFileSync(referencePath, 'utf8'), readFileSync(actionPath, 'utf8')));
  console.log('docs/inputs.md tables regenerated from action.yml');
}

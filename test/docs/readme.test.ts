// The README documents what action.yml declares, and its example workflows use real inputs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionPath, readmePath, withTables } from '../../scripts/readme-tables.js';

const readme = readFileSync(readmePath, 'utf8');
const actionYaml = readFileSync(actionPath, 'utf8');

describe('README', () => {
  it('has the inputs and outputs tables that action.yml generates (run `npm run docs`)', () => {
    expect(readme).toBe(withTables(readme, actionYaml));
  });
});

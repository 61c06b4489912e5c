import { describe, expect, it } from 'vitest';
import { creationLabels, LABEL_VALUE_PATTERN, toLabelValue } from '../../src/resources/ownership.js';

/** Konnect's label rules (konnect-facts.md). */
function expectKonnectLabels(labels: Record<string, string>): void {
  expect(Object.keys(labels).length).toBeLessThanOrEqual(50);
  for (const [key, value] of Object.entries(labels)) {
    expect(key.length).toBeGreaterThanOrEqual(1);
    expect(key.length).toBeLessThanOrEqual(63);
    expect(key).not.toMatch(/^(kong|konnect|mesh|kic|_)/);
    expect(value).toMatch(LABEL_VALUE_PATTERN);
    expect(value.length).toBeLessThanOrEqual(63);
  }
}

describe('creationLabels', () => {
  it('records who manages the resource, and the repository and workflow that created it', () => {
    expect(creationLabels({ repository: 'acme/payments', workflow: 'deploy' })).toEqual({
      'managed-by': 'kong-identity-oidc-action',
      'github-owner': 'acme',
      'github-repository': 'payments',
      'github-workflow': 'deploy',
    });
  });

  it('keeps only managed-by outside a workflow run', () => {
    expect(creationLabels({})).toEqual({ 'managed-by': 'kong-identity-oidc-action' });
  });

  it.each([
    ['a workflow name with spaces and emoji', { repository: 'acme/payments', workflow: 'Deploy 🚀 to prod (EU)' }, 'Deploy-to-prod-EU'],
    ['a workflow without a name (its path)', { repository: 'acme/payments', workflow: '.github/workflows/deploy.yml' }, 'github-workflows-deploy.yml'],
    ['a very long workflow name', { repository: 'acme/payments', workflow: `Release ${'x'.repeat(80)}` }, `Release-${'x'.repeat(55)}`],
  ])('fits %s within Konnect rules', (_, origin, workflow) => {
    const labels = creationLabels(origin);
    expectKonnectLabels(labels);
    expect(labels['github-workflow']).toBe(workflow);
  });

  it('fits repository names GitHub allows: dots, underscores, a leading dot', () => {
    const labels = creationLabels({ repository: 'my-org/.github', workflow: 'ci' });
    expectKonnectLabels(labels);
    expect(labels).toMatchObject({ 'github-owner': 'my-org', 'github-repository': 'github' });
    expect(creationLabels({ repository: 'o/My_Repo.v2' })['github-repository']).toBe('My_Repo.v2');
  });
});

describe('toLabelValue', () => {
  it('leaves nothing when nothing fits', () => {
    expect(toLabelValue('🚀🚀')).toBeUndefined();
    expect(toLabelValue('---')).toBeUndefined();
  });

  it('always yields a valid value or none, whatever the input', () => {
    const alphabet = ['a', 'Z', '9', '-', '.', '_', ' ', '/', 'é', '🚀', '(', ':'];
    for (let i = 0; i < 2000; i++) {
      const length = 1 + ((i * 7) % 90);
      const text = Array.from({ length }, (_, j) => alphabet[(i * 31 + j * 17 + ((i * j) % 5)) % alphabet.length]).join('');
      const value = toLabelValue(text);
      if (value !== undefined) {
        expect(value).toMatch(LABEL_VALUE_PATTERN);
        expect(value.length).toBeLessThanOrEqual(63);
      }
    }
  });
});

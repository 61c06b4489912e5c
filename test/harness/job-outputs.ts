// Job outputs as the GitHub runner hands them to a later job (`needs.<job>.outputs.<name>`): a job
// output whose value contains a masked secret is dropped with "Skip output '<name>' since it may
// contain secret". The masks are the step's `::add-mask::` commands and the workflow's own secrets
// (`${{ secrets.* }}` values the runner registered). The runner also masks a secret's base64 forms;
// both are checked here.
import type { ActionRun } from './run-action.js';

export function maskedValues(run: Pick<ActionRun, 'stdout'>): string[] {
  return run.stdout
    .split(/\r?\n/)
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => line.slice('::add-mask::'.length));
}

function maskedForms(secret: string): string[] {
  const bytes = Buffer.from(secret);
  return [secret, bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url')];
}

/**
 * `declared` maps each job output to the step output it reads, as in
 * `outputs: { token: ${{ steps.oidc.outputs.sealed-access-token }} }`. Returns the outputs the next
 * job sees, and the names the runner skipped.
 */
export function jobOutputs(
  run: Pick<ActionRun, 'stdout' | 'outputs'>,
  declared: Record<string, string>,
  workflowSecrets: readonly string[] = [],
): { outputs: Record<string, string>; skipped: string[] } {
  const masks = [...maskedValues(run), ...workflowSecrets].filter((value) => value !== '').flatMap(maskedForms);
  const outputs: Record<string, string> = {};
  const skipped: string[] = [];
  for (const [name, stepOutput] of Object.entries(declared)) {
    const value = run.outputs[stepOutput] ?? '';
    if (masks.some((mask) => value.includes(mask))) skipped.push(name);
    else outputs[name] = value;
  }
  return { outputs, skipped };
}

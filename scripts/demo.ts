// `npm run demo`: the action end to end against the built-in Konnect emulator, as a workflow would
// run it: first run, then a rerun that must change nothing and still hand out a working token.
import { startEmulator } from '../test/emulator/index.js';
import { howToInputs } from '../test/harness/how-to.js';
import { runAction, type ActionRun } from '../test/harness/run-action.js';
import { isMutation, type RequestLogEntry } from '../test/harness/request-log.js';

const secretOutputs = new Set(['client-secret', 'access-token']);

function masked(name: string, value: string): string {
  return secretOutputs.has(name) ? `*** (${value.length} characters, masked)` : value;
}

function printRun(title: string, run: ActionRun, requests: RequestLogEntry[]): void {
  console.log(`\n=== ${title}: exit ${run.exitCode}, ${(run.durationMs / 1000).toFixed(1)} s`);
  for (const line of run.stdout.split('\n')) {
    if (line && !line.startsWith('::add-mask::') && !line.startsWith('::debug::')) console.log(`  | ${line}`);
  }
  if (run.exitCode !== 0) {
    console.log(run.stderr);
    return;
  }
  console.log('  outputs:');
  for (const [name, value] of Object.entries(run.outputs)) console.log(`    ${name.padEnd(18)} ${masked(name, value)}`);
  const mutations = requests.filter(isMutation).map((entry) => `${entry.method} ${entry.path}`);
  console.log(`  requests to the emulator: ${requests.length}`);
  console.log(`  changes: ${mutations.length === 0 ? 'none' : mutations.join(', ')}`);
}

const emulator = await startEmulator({ propagationMs: 1500 });
let failed = false;
try {
  const inputs = howToInputs(emulator, {
    'auth-server-description': 'Auth server for the Appointment dev environment',
    'proxy-url': emulator.proxyUrl,
  });
  console.log(`Konnect emulator: API ${emulator.apiUrl}, data plane ${emulator.proxyUrl}`);

  for (const title of ['First run (empty org)', 'Rerun (everything exists)']) {
    const before = emulator.requests().length;
    const run = await runAction(inputs, { timeoutMs: 120_000 });
    printRun(title, run, emulator.requests().slice(before));
    failed ||= run.exitCode !== 0 || run.outputs['check-status'] !== 'passed';
  }
} finally {
  await emulator.stop();
}
if (failed) {
  console.error('\nDemo failed.');
  process.exit(1);
}
console.log('\nDemo passed: the gateway accepted the minted token and refused requests without it.');

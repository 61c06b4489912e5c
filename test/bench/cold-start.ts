// Cold start: what loading the bundled action costs over a bare `node -e 0`, on the path that
// every run takes before its first request: start node, load dist/main.js, read and validate the
// inputs. The action fails fast here (konnect-token left out), so nothing after validation runs;
// the heavy modules (@actions/core, undici, jose) load only after validation, and are not counted.
//
//   npx tsx test/bench/cold-start.ts [runs]     (ACTION_BUNDLE=… to measure a private bundle)
import { spawnSync } from 'node:child_process';
import { distEntry, inputEnv } from '../harness/run-action.js';
import { howToInputs } from '../harness/how-to.js';

export interface ColdStart {
  runs: number;
  bareMs: number;
  actionMs: number;
  /** actionMs − bareMs: what the bundle adds. */
  extraMs: number;
}

export function measureColdStart(runs = 30): ColdStart {
  const { 'konnect-token': _left_out, ...inputs } = howToInputs({ apiUrl: 'https://us.api.konghq.com', konnectToken: '' });
  const env = { PATH: process.env['PATH'] ?? '', GITHUB_ACTIONS: 'true', ...inputEnv(inputs) };

  const check = spawnSync(process.execPath, [distEntry], { env, encoding: 'utf8' });
  if (check.status !== 1 || !check.stdout.includes('"konnect-token" is required')) {
    throw new Error(`expected ${distEntry} to fail fast on the missing konnect-token, got exit ${check.status}:\n${check.stdout}${check.stderr}`);
  }

  const timed = (args: string[]): number => {
    const started = performance.now();
    spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    return performance.now() - started;
  };
  // Alternating, so that the machine's load weighs on both alike; the check above warmed the caches.
  const bare: number[] = [];
  const action: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(timed(['-e', '0']));
    action.push(timed([distEntry]));
  }
  const bareMs = median(bare);
  const actionMs = median(action);
  return { runs, bareMs, actionMs, extraMs: actionMs - bareMs };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

export function describeColdStart(result: ColdStart): string {
  return `Cold start (median of ${result.runs}): node -e 0 ${result.bareMs.toFixed(0)} ms, node dist/main.js failing fast on a missing input ${result.actionMs.toFixed(0)} ms: +${result.extraMs.toFixed(0)} ms.`;
}

if (import.meta.main) {
  console.log(describeColdStart(measureColdStart(Number(process.argv[2] ?? 30))));
}

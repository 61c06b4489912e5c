// Check detection: how late the gateway check notices a new plugin once the data plane has applied
// it, read from the emulator (the request log and `dataPlane` in /_emulator/state, one clock). Each
// run is a first run with proxy-url against a fresh emulator whose data plane takes `propagationMs`
// to apply the plugin; the check's rounds fall at a different phase each time. No latency, so the
// figure is the check's cadence and the gateway's own answer time, not the network's.
//
//   npx tsx test/bench/check-detection.ts [runs]     (ACTION_BUNDLE=… to measure a private bundle)
import { startEmulator } from '../emulator/index.js';
import { howToInputs } from '../harness/how-to.js';
import { checkDetection } from '../harness/request-log.js';
import { runAction } from '../harness/run-action.js';
import { median } from './cold-start.js';

export interface CheckDetection {
  runs: number;
  /** From the data plane applying the plugin to the end of the check's passing round, per run. */
  delaysMs: number[];
  medianMs: number;
  maxMs: number;
}

export async function measureCheckDetection(runs = 7, propagationMs = 1500): Promise<CheckDetection> {
  const delaysMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const emulator = await startEmulator({ propagationMs });
    try {
      const run = await runAction(howToInputs(emulator, { 'proxy-url': emulator.proxyUrl }), { timeoutMs: 120_000 });
      if (run.exitCode !== 0) throw new Error(`the action failed (exit ${run.exitCode}):\n${run.stdout}${run.stderr}`);
      delaysMs.push((await checkDetection(emulator, run.outputs['plugin-id'] ?? '')).delayMs);
    } finally {
      await emulator.stop();
    }
  }
  return { runs, delaysMs, medianMs: median(delaysMs), maxMs: Math.max(...delaysMs) };
}

export function describeCheckDetection(result: CheckDetection): string {
  return (
    `Check detection (${result.runs} first runs, no latency): the check's passing round ended a median of ${result.medianMs.toFixed(0)} ms ` +
    `(at most ${result.maxMs.toFixed(0)} ms) after the data plane applied the plugin: ${result.delaysMs.map((ms) => ms.toFixed(0)).join(', ')} ms.`
  );
}

if (import.meta.main) {
  console.log(describeCheckDetection(await measureCheckDetection(Number(process.argv[2] ?? 7))));
}

// How long `npm run -s emulator` takes to print its ready line: timed here, in the bench, because a
// test that asserted a budget for it failed under CPU contention (test/emulator/cli.test.ts only
// checks the line itself).
//
//   npx tsx test/bench/emulator-start.ts [runs]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './cold-start.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Milliseconds from spawning `npm run -s emulator` to its first stdout line; stops it afterwards. */
async function timeToReadyLine(): Promise<number> {
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${root}node_modules/.bin:${process.env['PATH'] ?? ''}` };
  const started = performance.now();
  const child = spawn('npm', ['run', '-s', 'emulator'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the emulator exited (${String(code)}) before its ready line`)));
    });
    return performance.now() - started;
  } finally {
    const exited = once(child, 'exit');
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM'); // npm, tsx and node: the whole group
    await exited;
  }
}

export async function measureEmulatorStart(runs = 5): Promise<{ runs: number; medianMs: number; maxMs: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeToReadyLine());
  return { runs, medianMs: median(times), maxMs: Math.max(...times) };
}

if (import.meta.main) {
  const result = await measureEmulatorStart(Number(process.argv[2] ?? 5));
  console.log(`Emulator ready line (median of ${result.runs}): ${result.medianMs.toFixed(0)} ms, slowest ${result.maxMs.toFixed(0)} ms.`);
}

// `npm run local-action`: runs src/main.ts with @github/local-action and the inputs in .env, its
// output masked the way the runner masks it. local-action prints the action's output as it comes,
// `::add-mask::` commands included, and ends with a table of every output in clear, the client
// secret and the access token among them. This wrapper does what the runner does instead: it
// drops each `::add-mask::` line and replaces every value it registered with `***`.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const args = process.argv.slice(2);
const child = spawn('local-action', ['run', '.', 'src/main.ts', args[0] ?? '.env'], { stdio: ['inherit', 'pipe', 'pipe'] });

const masked = new Set<string>();

function unescapeCommandData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function mask(line: string): string {
  let shown = line;
  // Longest first, so that a secret containing another is hidden whole.
  for (const secret of [...masked].sort((a, b) => b.length - a.length)) shown = shown.split(secret).join('***');
  return shown;
}

function relay(stream: NodeJS.ReadableStream, out: NodeJS.WritableStream): Promise<void> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    const command = /::add-mask::(.*)$/.exec(line);
    if (command) {
      for (const value of unescapeCommandData(command[1] ?? '').split(/\r?\n/)) if (value.trim() !== '') masked.add(value);
      return;
    }
    out.write(`${mask(line)}\n`);
  });
  return new Promise((done) => lines.on('close', done));
}

const relayed = Promise.all([relay(child.stdout, process.stdout), relay(child.stderr, process.stderr)]);
child.on('close', async (code) => {
  await relayed;
  process.exitCode = code ?? 1;
});

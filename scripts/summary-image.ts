// `npm run docs:image`: the README's picture of a job summary, taken from a real run. It runs the
// bundled action (dist/) against the Konnect emulator with the how-to's inputs and a gateway check,
// lays the job summary it wrote out as GitHub lays out a summary (markdown-body styles), and
// screenshots it with headless Chromium into docs/images/job-summary.png.
//
//   npm run docs:image                  (CHROMIUM=/path/to/chrome to choose the browser)
//
// Chromium is a tool of this script only (Debian: apt-get install chromium); nothing else needs it.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmulator } from '../test/emulator/index.js';
import { howToInputs } from '../test/harness/how-to.js';
import { runAction } from '../test/harness/run-action.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const output = resolve(root, 'docs/images/job-summary.png');
const browser = process.env['CHROMIUM'] ?? 'chromium';

/** The summary as GitHub shows it under a job: a bordered box, its title, the markdown body. */
function page(summary: string, title: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; padding: 16px; background: #f6f8fa; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif, "Noto Color Emoji"; color: #1f2328; }
  .box { display: inline-block; min-width: 640px; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; }
  .title { padding: 12px 16px; border-bottom: 1px solid #d0d7de; font-size: 14px; font-weight: 600; }
  .markdown-body { padding: 8px 24px 16px; font-size: 14px; line-height: 1.5; }
  h3 { font-size: 1.25em; font-weight: 600; margin: 16px 0; }
  table { border-collapse: collapse; margin: 0 0 16px; }
  th, td { border: 1px solid #d0d7de; padding: 6px 13px; text-align: left; }
  th { font-weight: 600; }
  tr:nth-child(2n) { background: #f6f8fa; }
  code { font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, monospace; font-size: 85%; padding: .2em .4em; background: rgba(175,184,194,.2); border-radius: 6px; }
  ul { padding-left: 2em; margin: 0 0 8px; }
  a { color: #0969da; text-decoration: none; }
  </style></head><body><div class="box"><div class="title">${title}</div><div class="markdown-body">${summary}</div></div></body></html>`;
}

/** Chromium over the DevTools protocol: load the page, then capture the box at twice the pixels. */
async function screenshot(htmlFile: string, profile: string): Promise<Buffer> {
  const chrome = spawn(
    browser,
    ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  try {
    const endpoint = await new Promise<string>((done, fail) => {
      let text = '';
      chrome.stderr.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
        if (match?.[1]) done(match[1]);
      });
      chrome.on('error', fail);
      chrome.on('exit', (code) => fail(new Error(`${browser} exited (${code}) before listening:\n${text}`)));
    });
    const http = endpoint.replace(/^ws:/, 'http:').replace(/\/devtools\/browser\/.*$/, '');
    const target = (await (await fetch(`${http}/json/new?about:blank`, { method: 'PUT' })).json()) as { webSocketDebuggerUrl: string };
    const socket = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise((done, fail) => {
      socket.onopen = done;
      socket.onerror = fail;
    });
    let id = 0;
    const pending = new Map<number, (result: Record<string, unknown>) => void>();
    const events = new Map<string, () => void>();
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; method?: string; result?: Record<string, unknown> };
      if (message.id !== undefined) pending.get(message.id)?.(message.result ?? {});
      if (message.method !== undefined) events.get(message.method)?.();
    };
    const send = (method: string, params: Record<string, unknown> = {}) =>
      new Promise<Record<string, unknown>>((done) => {
        id += 1;
        pending.set(id, done);
        socket.send(JSON.stringify({ id, method, params }));
      });
    // Load the page and wait for its load event, then for its fonts; then measure the box.
    await send('Page.enable');
    const loaded = new Promise<void>((done) => events.set('Page.loadEventFired', done));
    await send('Page.navigate', { url: pathToFileURL(htmlFile).href });
    await loaded;
    await send('Runtime.evaluate', { expression: 'document.fonts.ready.then(() => true)', awaitPromise: true });
    const measured = await send('Runtime.evaluate', {
      expression: 'JSON.stringify((({x, y, width, height}) => ({x, y, width, height}))(document.querySelector(".box").getBoundingClientRect()))',
      returnByValue: true,
    });
    const box = JSON.parse(String((measured['result'] as { value: string }).value)) as { x: number; y: number; width: number; height: number };
    const margin = 8;
    const clip = { x: box.x - margin, y: box.y - margin, width: Math.ceil(box.width) + 2 * margin, height: Math.ceil(box.height) + 2 * margin, scale: 2 };
    const shot = await send('Page.captureScreenshot', { format: 'png', clip, captureBeyondViewport: true });
    socket.close();
    return Buffer.from(String(shot['data']), 'base64');
  } finally {
    // Wait until it has exited: it writes its profile until then, which is removed next.
    const exited = chrome.exitCode !== null ? Promise.resolve() : new Promise((done) => chrome.once('exit', done));
    chrome.kill('SIGTERM');
    await exited;
  }
}

const emulator = await startEmulator({ propagationMs: 1500 });
const work = await mkdtemp(join(tmpdir(), 'kio-summary-image-'));
try {
  const run = await runAction(howToInputs(emulator, { 'proxy-url': emulator.proxyUrl }), { timeoutMs: 120_000 });
  if (run.exitCode !== 0 || run.summary.trim() === '') throw new Error(`the action failed (exit ${run.exitCode}):\n${run.stdout}${run.stderr}`);
  const htmlFile = join(work, 'summary.html');
  await writeFile(htmlFile, page(run.summary, 'smoke-test summary'));
  const png = await screenshot(htmlFile, join(work, 'profile'));
  await writeFile(output, png);
  console.log(`${output}: ${png.length} bytes, from a first run against the emulator (${(run.durationMs / 1000).toFixed(1)} s)`);
} finally {
  await emulator.stop();
  await rm(work, { recursive: true, force: true, maxRetries: 5 });
}

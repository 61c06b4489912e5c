// Hostile stand-ins and the checks that go with them: a corpus of strings that try to forge workflow
// commands or job-summary elements, a loopback HTTP server that rewrites (or replaces) what an
// upstream (the emulator) answers, and the judges of a run's output: forged command lines, secrets
// the runner would show, summary elements built from outside text, ids that reached a URL path.
// Loopback only: every server here binds 127.0.0.1.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActionRun } from './run-action.js';

/** Present in every hostile string, so a check can tell hostile text from the action's own. */
export const HOSTILE_MARK = 'HOSTILE';

/**
 * Strings that try to become their own log line, a workflow command, or a summary element. Each
 * carries HOSTILE_MARK right after its would-be command, so a forged line is easy to recognise.
 */
export const HOSTILE_STRINGS = {
  stopCommands: `x\n::stop-commands::${HOSTILE_MARK}stop\n::warning::${HOSTILE_MARK} forged`,
  addMask: `y\n::add-mask::${HOSTILE_MARK}`,
  saveState: `z\n::save-state name=${HOSTILE_MARK}::1`,
  percentNewline: `a%0A::warning::${HOSTILE_MARK} percent`,
  loneCr: `b\r::error::${HOSTILE_MARK} cr`,
  lineSeparators: `c\u2028::notice::${HOSTILE_MARK} ls\u2029::debug::${HOSTILE_MARK} ps\u0085::group::${HOSTILE_MARK} nel`,
  legacyCommand: `d ##[warning]${HOSTILE_MARK} legacy`,
  leadingCommand: `::error::${HOSTILE_MARK} leading`,
  markdown: `e\n\n# ${HOSTILE_MARK} heading\n\n![${HOSTILE_MARK}](https://evil.example/pixel.png)\n\n[${HOSTILE_MARK} link](https://evil.example)\n\n| a | b |\n|---|---|\n| ${HOSTILE_MARK} | row |`,
  html: `f<img src="https://evil.example/${HOSTILE_MARK}.png"><a href="https://evil.example">${HOSTILE_MARK}</a></td></tr></table><script>${HOSTILE_MARK}</script>`,
} as const;

export type HostileName = keyof typeof HOSTILE_STRINGS;
export const HOSTILE_NAMES = Object.keys(HOSTILE_STRINGS) as HostileName[];

/** Every hostile string in one (they do not interfere with each other). */
export const ALL_HOSTILE = Object.values(HOSTILE_STRINGS).join(' ');

// ---- judging a run ---------------------------------------------------------------------------------

/** The lines the runner reads from stdout: it splits on CR, LF and CRLF; U+2028/2029 and NEL count too, to be strict. */
export function runnerLines(text: string): string[] {
  return text.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/);
}

/** The commands the action itself issues. */
const OWN_COMMAND = /^::(add-mask|debug|warning|error|notice|group|endgroup)::/;

/**
 * Lines of stdout/stderr that the runner would take as a command the action did not mean to issue:
 * any command other than the action's own, any of the action's commands whose data starts with
 * hostile text, and any legacy `##[` command.
 */
export function forgedCommandLines(run: Pick<ActionRun, 'stdout' | 'stderr'>): string[] {
  const forged: string[] = [];
  for (const raw of runnerLines(`${run.stdout}\n${run.stderr}`)) {
    const line = raw.trimStart();
    if (line.includes('##[')) forged.push(raw);
    else if (!line.startsWith('::')) continue;
    else if (!OWN_COMMAND.test(line)) forged.push(raw);
    else if (new RegExp(`^::[\\w-]+( [^:]*)?::\\s*${HOSTILE_MARK}`).test(line)) forged.push(raw);
  }
  return forged;
}

/**
 * The encodings in which a secret can leak: raw, URL-encoded (either case of hex), form-encoded,
 * base64(url), JSON-escaped (with or without an escaped slash). A test oracle deliberately apart from
 * src/runner/secrets.ts: one that shared the product's list could not catch a form the product forgets.
 * test/unit/log.test.ts checks that it covers at least every form the product redacts.
 */
export function encodedForms(secret: string): string[] {
  const percent = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = new Set([
    secret,
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (hexEscape) => hexEscape.toLowerCase()),
    new URLSearchParams({ s: secret }).toString().slice(2),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64').replace(/=+$/, ''),
    Buffer.from(secret).toString('base64url'),
    json,
    json.replace(/\//g, '\\/'),
  ]);
  return [...forms].filter((form) => form.length >= 6);
}

/** The `::add-mask::` values of stdout, in order, as the runner decodes them. */
export function maskedValues(stdout: string): string[] {
  return runnerLines(stdout)
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => line.slice('::add-mask::'.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'));
}

/**
 * Where a secret shows, in any encoded form: stdout and stderr lines (bar the `::add-mask::` that
 * registers it), the summary, the saved state. Also flags a secret whose `::add-mask::` comes after
 * a `::stop-commands::` (the runner would not register it) or after a line carrying it.
 */
export function secretExposures(run: Pick<ActionRun, 'stdout' | 'stderr' | 'summary' | 'state'>, secrets: Iterable<string>): string[] {
  const problems: string[] = [];
  const lines = runnerLines(`${run.stdout}\n${run.stderr}`);
  const places: Array<[string, string]> = [
    ['summary', run.summary],
    ['state', JSON.stringify(run.state)],
  ];
  const stopped = lines.findIndex((line) => line.trimStart().startsWith('::stop-commands::'));
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    const forms = encodedForms(secret);
    lines.forEach((line, index) => {
      // The runner shows no ::add-mask:: line (it registers the value); forged ones are forgedCommandLines' concern.
      if (line.startsWith('::add-mask::')) {
        const own = line === `::add-mask::${secret.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`;
        if (own && stopped >= 0 && stopped < index) problems.push(`the mask of a secret comes after ::stop-commands:: (line ${index + 1})`);
        return;
      }
      const form = forms.find((candidate) => line.includes(candidate));
      if (form !== undefined) problems.push(`log line ${index + 1} shows a secret (${describeForm(secret, form)}): ${line.slice(0, 120)}`);
    });
    for (const [where, text] of places) {
      const form = forms.find((candidate) => text.includes(candidate));
      if (form !== undefined) problems.push(`the ${where} shows a secret (${describeForm(secret, form)})`);
    }
  }
  return problems;
}

function describeForm(secret: string, form: string): string {
  if (form === secret) return 'raw';
  if (form === encodeURIComponent(secret)) return 'URL-encoded';
  if (form === JSON.stringify(secret).slice(1, -1)) return 'JSON-escaped';
  if (form.includes('+')) return 'form-encoded or base64';
  return 'encoded';
}

/** The HTML tags the action's summary is made of (@actions/core's summary writes HTML). */
const OWN_SUMMARY_TAGS = new Set([
  'h1',
  'h2',
  'h3',
  'h4',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'ul',
  'ol',
  'li',
  'code',
  'br',
  'strong',
  'em',
  'p',
  'details',
  'summary',
  'pre',
]);

/**
 * Elements outside text could create in the job summary, which GitHub renders as GFM with HTML: a
 * tag not among the action's own, a blank line (which ends an HTML block, so markdown after it
 * renders), a markdown heading, image, link or table row carrying hostile text.
 */
export function summaryInjections(summary: string): string[] {
  const problems: string[] = [];
  for (const match of summary.matchAll(/<\/?([a-zA-Z][\w-]*)/g)) {
    const tag = (match[1] ?? '').toLowerCase();
    if (!OWN_SUMMARY_TAGS.has(tag)) problems.push(`a <${tag}> element`);
  }
  const lines = summary.split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    if (!line.includes(HOSTILE_MARK)) return;
    if (/^\s*#/.test(line)) problems.push(`a heading: ${line}`);
    if (/!\[|\]\(/.test(line)) problems.push(`a markdown image or link: ${line}`);
    if (/^\s*\|/.test(line)) problems.push(`a table row: ${line}`);
    if (index > 0 && lines[index - 1]?.trim() === '') problems.push(`hostile text after a blank line: ${line}`);
  });
  return problems;
}

/** Request paths (as sent) that carry a dot segment, an encoded one, or the hostile mark. */
export function suspiciousPaths(paths: Iterable<string>): string[] {
  return [...paths].filter((path) => {
    const pathname = path.split('?')[0] ?? '';
    return pathname.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment)) || path.includes(HOSTILE_MARK);
  });
}

// ---- hostile servers -------------------------------------------------------------------------------

export interface RecordedRequest {
  method: string;
  /** The request target exactly as it arrived (path and query, not normalised). */
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface CannedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface HostileServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** What a hostile server does with one request: answer it, or (undefined) pass it upstream. */
export type HostileHandler = (req: RecordedRequest) => CannedResponse | undefined | Promise<CannedResponse | undefined>;

export interface HostileServerOptions {
  /** Answers requests itself; `undefined` passes the request to `upstream`. */
  handle?: HostileHandler;
  /** Where unanswered requests go (e.g. the emulator's apiUrl); without it they get 404. */
  upstream?: string;
  /** Rewrites an upstream JSON answer before it is returned (the parsed body; return the new one). */
  rewriteJson?: (req: RecordedRequest, body: unknown, status: number) => unknown;
  /** Extra headers on every upstream answer (e.g. a Retry-After that echoes the token). */
  extraHeaders?: (req: RecordedRequest) => Record<string, string>;
  /** Called once each answer (canned or forwarded) has been written, with its status and body. */
  onReplied?: (req: RecordedRequest, status: number, body: string) => void;
}

/**
 * A loopback server that stands in for Konnect, an issuer or a gateway: it answers what `handle`
 * answers and forwards the rest to `upstream`, rewriting JSON answers on the way back.
 */
export async function startHostileServer(options: HostileServerOptions = {}): Promise<HostileServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      void respond(recorded, res, options).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function respond(req: RecordedRequest, res: ServerResponse, options: HostileServerOptions): Promise<void> {
  const canned = await options.handle?.(req);
  if (canned !== undefined) {
    res.writeHead(canned.status, { 'content-type': 'application/json', ...canned.headers });
    res.end(canned.body ?? '');
    options.onReplied?.(req, canned.status, String(canned.body ?? ''));
    return;
  }
  if (options.upstream === undefined) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"message":"not found"}');
    return;
  }
  const upstream = await forward(options.upstream, req);
  let body = upstream.body;
  if (options.rewriteJson && /json/.test(upstream.headers['content-type'] ?? '') && body.length > 0) {
    body = Buffer.from(JSON.stringify(options.rewriteJson(req, JSON.parse(body.toString('utf8')), upstream.status)));
  }
  const headers: Record<string, string> = { ...upstream.headers, ...options.extraHeaders?.(req), 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  res.writeHead(upstream.status, headers);
  res.end(body);
  options.onReplied?.(req, upstream.status, body.toString('utf8'));
}

function forward(upstream: string, req: RecordedRequest): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const target = new URL(upstream);
  const { host: _host, 'content-length': _length, ...headers } = req.headers;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.path, headers: { ...headers, 'content-length': Buffer.byteLength(req.body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const flat: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
          resolve({ status: response.statusCode ?? 502, headers: flat, body: Buffer.concat(chunks) });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** Replaces, anywhere in a JSON value, the string fields named `fields` with `value(original)`. */
export function rewriteFields(json: unknown, fields: ReadonlySet<string>, value: (original: string, field: string) => string): unknown {
  if (Array.isArray(json)) return json.map((item) => rewriteFields(item, fields, value));
  if (typeof json !== 'object' || json === null) return json;
  return Object.fromEntries(
    Object.entries(json).map(([key, item]) => [key, fields.has(key) && typeof item === 'string' ? value(item, key) : rewriteFields(item, fields, value)]),
  );
}

// `npm run emulator`: one JSON ready line on stdout, the flags honoured, a clean stop. How long it
// takes to be ready is printed, never asserted (CPU contention makes any budget flaky): the bench
// times it (test/bench/emulator-start.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

interface Started {
  child: ChildProcess;
  ready: { apiUrl: string; proxyUrl: string; konnectToken: string };
  readyAfterMs: number;
  stdout: () => string;
}

/** Runs `npm run -s emulator -- …` (silent: npm's own banner stays off stdout) in its own process group. */
async function runCli(args: string[]): Promise<Started> {
  const startedAt = Date.now();
  // npm and the tsx it runs must find Node 24, which lives beside the running test process.
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${ROOT}node_modules/.bin:${process.env['PATH'] ?? ''}` };
  const child = spawn('npm', ['run', '-s', 'emulator', '--', ...args], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline !== -1) resolve(stdout.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`emulator exited (${String(code)}) before its ready line: ${stderr}`)));
  });
  const line = await firstLine;
  return { child, ready: JSON.parse(line) as Started['ready'], readyAfterMs: Date.now() - startedAt, stdout: () => stdout };
}

/**
 * Stops the whole process group (npm, tsx, node) with SIGTERM, as a CI runner would; true when all
 * of it is gone. The generous bound only keeps a hung group from hanging the suite.
 */
async function stop(child: ChildProcess): Promise<boolean> {
  const group = child.pid;
  if (group === undefined) return true;
  const exited = once(child, 'exit');
  process.kill(-group, 'SIGTERM');
  await exited;
  for (let waited = 0; waited < 20_000; waited += 50) {
    try {
      process.kill(-group, 0);
    } catch {
      return true; // ESRCH: no process of the group is left
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.kill(-group, 'SIGKILL');
  return false;
}

describe('npm run emulator', () => {
  it('prints one JSON ready line, honours its flags and stops on SIGTERM', async () => {
    const { child, ready, readyAfterMs, stdout } = await runCli([
      '--latency-ms',
      '15',
      '--page-size',
      '1',
      '--propagation-ms',
      '0',
      '--gateway-version',
      '3.13',
      '--fault',
      'GET /v1/auth-servers 503 x1',
    ]);
    try {
      expect(Object.keys(ready)).toEqual(['apiUrl', 'proxyUrl', 'konnectToken']);
      expect(ready.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ready.proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ready.konnectToken).toMatch(/^kpat_/);

      const headers = { authorization: `Bearer ${ready.konnectToken}` };
      const controlPlanes = await fetch(`${ready.apiUrl}/v2/control-planes`, { headers });
      expect(controlPlanes.status).toBe(200);
      const body = (await controlPlanes.json()) as { data: { name: string }[]; meta: { page: { size: number } } };
      expect(body.data.map((cp) => cp.name)).toEqual(['quickstart']);
      expect(body.meta.page.size).toBe(1);
      expect((await fetch(`${ready.apiUrl}/v1/auth-servers`, { headers })).status).toBe(503);
      expect((await fetch(`${ready.apiUrl}/v1/auth-servers`, { headers })).status).toBe(200);
      expect((await fetch(`${ready.apiUrl}/v1/auth-servers`)).status).toBe(401);
      expect((await fetch(`${ready.proxyUrl}/anything`)).status).toBe(200);
      const knobs = (await (await fetch(`${ready.apiUrl}/_emulator/config`)).json()) as { gatewayVersion: string };
      expect(knobs.gatewayVersion).toBe('3.13');

      const log = (await (await fetch(`${ready.apiUrl}/_emulator/requests`)).json()) as { status: number; start: number; end: number }[];
      expect(log.map((entry) => entry.status)).toEqual([200, 503, 200, 401, 200]);
      for (const entry of log) expect(entry.end - entry.start).toBeGreaterThanOrEqual(14);
    } finally {
      expect(await stop(child)).toBe(true);
    }
    await expect(fetch(`${ready.apiUrl}/_emulator/state`)).rejects.toThrow();
    expect(stdout().trim().split('\n')).toHaveLength(1);
    console.info(`emulator ready line after ${readyAfterMs} ms`);
  });

  it('--rate-limit-auth-server and --rate-limit-org set the limits (default 100 and off): a burst over one gets 429 with the headers', async () => {
    const defaults = await runCli([]);
    try {
      const config = (await (await fetch(`${defaults.ready.apiUrl}/_emulator/config`)).json()) as Record<string, unknown>;
      expect(config).toMatchObject({ rateLimitAuthServer: 100, rateLimitOrg: null });
    } finally {
      expect(await stop(defaults.child)).toBe(true);
    }

    const { child, ready } = await runCli(['--rate-limit-auth-server', '3', '--rate-limit-org', 'off']);
    try {
      const config = (await (await fetch(`${ready.apiUrl}/_emulator/config`)).json()) as Record<string, unknown>;
      expect(config).toMatchObject({ rateLimitAuthServer: 3, rateLimitOrg: null });
      const headers = { authorization: `Bearer ${ready.konnectToken}`, 'content-type': 'application/json' };
      const created = await fetch(`${ready.apiUrl}/v1/auth-servers`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Appointments Dev', audience: 'http://myhttpbin.dev' }),
      });
      const { id } = (await created.json()) as { id: string };
      const burst = await Promise.all(Array.from({ length: 10 }, () => fetch(`${ready.apiUrl}/v1/auth-servers/${id}/scopes`, { headers })));
      const throttled = burst.filter((response) => response.status === 429);
      expect(throttled.length).toBeGreaterThanOrEqual(4);
      for (const response of throttled) {
        expect(response.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        expect(response.headers.get('ratelimit-limit')).toBe('3');
        expect(response.headers.get('ratelimit-remaining')).toBe('0');
        expect(response.headers.get('ratelimit-reset')).toMatch(/^[1-9]\d*$/);
      }
      await Promise.all(burst.map((response) => response.arrayBuffer()));
    } finally {
      expect(await stop(child)).toBe(true);
    }

    const org = await runCli(['--rate-limit-org', '2']);
    try {
      const headers = { authorization: `Bearer ${org.ready.konnectToken}` };
      const statuses = await Promise.all(Array.from({ length: 8 }, async () => (await fetch(`${org.ready.apiUrl}/v2/control-planes`, { headers })).status));
      expect(statuses).toContain(429);
      const violations = (await (await fetch(`${org.ready.apiUrl}/_emulator/violations`)).json()) as unknown[];
      expect(violations).toEqual([]);
    } finally {
      expect(await stop(org.child)).toBe(true);
    }
  });

  it('sets the unknowns from their flags (each the opposite of its default), seen in /_emulator/config', async () => {
    const { child, ready } = await runCli([
      '--openid-scope',
      'granted',
      '--consumer-keys',
      'lenient',
      '--duplicate-consumer-status',
      '409',
      '--rate-limit-retry-after',
      'off',
      '--rate-limit-body',
      'problem',
    ]);
    try {
      const config = (await (await fetch(`${ready.apiUrl}/_emulator/config`)).json()) as Record<string, unknown>;
      expect(config).toMatchObject({
        openidScope: 'granted',
        consumerKeys: 'lenient',
        duplicateConsumerStatus: 409,
        rateLimitRetryAfter: false,
        rateLimitBody: 'problem',
      });
    } finally {
      expect(await stop(child)).toBe(true);
    }
  });

  it.each([
    [['--openid-scope', 'maybe'], '--openid-scope must be one of granted, refused'],
    [['--consumer-keys', 'loose'], '--consumer-keys must be one of strict, lenient'],
    [['--duplicate-consumer-status', '418'], '--duplicate-consumer-status must be one of 400, 409'],
    [['--rate-limit-retry-after', 'yes'], '--rate-limit-retry-after must be one of on, off'],
    [['--rate-limit-body', 'html'], '--rate-limit-body must be one of message, problem'],
    [['--fault', 'GET /x 418'], 'unknown kind "418"'],
    [['--gateway-version', '3.14'], '--gateway-version must be one of 3.13, 3.15'],
    [['--rate-limit-org', '0'], '--rate-limit-org must be'],
  ])('refuses a bad flag (%j) with a usage message and exit code 2', async (args, message) => {
    const child = spawn('npm', ['run', '-s', 'emulator', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});

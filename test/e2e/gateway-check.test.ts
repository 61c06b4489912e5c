// The gateway check's cadence and its verdict on a gateway that cannot be reached, through the
// bundle. Times come from the emulator (its request log and `dataPlane` in /_emulator/state, one
// clock) or from what the action reports, never from timing the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { howToInputs } from '../harness/how-to.js';
import { checkDetection, type RequestLogEntry } from '../harness/request-log.js';
import { errorAnnotation, loggedLines, runAction } from '../harness/run-action.js';

const CHECK_PATH = '/anything';

describe('the gateway check, while a new plugin reaches the data plane', () => {
  // The delay is read on the emulator's clock, but a machine too busy to fire a 250 ms timer on
  // time makes it late all the same: such a run gets another try.
  it('passes within 300 ms of the data plane applying the plugin', { retry: 2, timeout: 240_000 }, async () => {
    // Long enough for several rounds to see the gateway without the plugin first.
    const emulator = await startEmulator({ propagationMs: 2500 });
    try {
      const run = await runAction(howToInputs(emulator, { 'proxy-url': emulator.proxyUrl, 'check-timeout': '60' }), { timeoutMs: 90_000 });
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expect(run.outputs['check-status']).toBe('passed');

      const { probes, appliedAt, passedAt } = await checkDetection(emulator, run.outputs['plugin-id'] ?? '', CHECK_PATH);
      expect(
        probes
          .slice(-2)
          .map((entry) => entry.status)
          .sort(),
      ).toEqual([200, 401]);
      expect(passedAt).toBeGreaterThanOrEqual(appliedAt); // a 401 needs the plugin
      expect(passedAt - appliedAt).toBeLessThanOrEqual(300);
      // Before that, every round found the route open: no plugin yet.
      const before = probes.slice(0, -2);
      expect(before.length).toBeGreaterThanOrEqual(4);
      for (const entry of before) expect(entry.status).toBe(200);
      expect(maxInAnySecond(probes)).toBeLessThanOrEqual(8);
    } finally {
      await emulator.stop();
    }
  });
});

describe('the gateway check, with 50 ms of latency per request', () => {
  let emulator: Emulator;
  let probes: RequestLogEntry[];

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 3000, latencyMs: 50 });
    const run = await runAction(howToInputs(emulator, { 'proxy-url': emulator.proxyUrl }), { timeoutMs: 90_000 });
    expect(run.exitCode).toBe(0);
    probes = emulator.requests().filter((entry) => entry.path === CHECK_PATH);
  }, 120_000);
  afterAll(async () => emulator?.stop());

  it('sends both probes of a round together: the second leaves before the first is answered', () => {
    expect(probes.length).toBeGreaterThanOrEqual(4);
    expect(probes.length % 2).toBe(0);
    for (let i = 0; i < probes.length; i += 2) {
      const [first, second] = [probes[i], probes[i + 1]] as [RequestLogEntry, RequestLogEntry];
      expect(second.start, `round ${i / 2 + 1}`).toBeLessThan(first.end);
    }
  });

  it('never sends more than 8 requests a second', () => {
    expect(maxInAnySecond(probes)).toBeLessThanOrEqual(8);
  });
});

/**
 * The most requests of `log` that started within one second. The log stamps a request when the
 * emulator gets to it, which on a loaded machine can be tens of milliseconds after it was sent; a
 * window of 900 ms allows for that, and still catches rounds of two closer than 225 ms apart.
 */
function maxInAnySecond(log: readonly RequestLogEntry[]): number {
  return Math.max(...log.map((entry) => log.filter((other) => other.start >= entry.start && other.start < entry.start + 900).length));
}

/**
 * A loopback port nothing listens on, so connections are refused: port 1 (tcpmux), below the
 * ephemeral range, so no server of a test running beside this one can be given it.
 */
const REFUSING_URL = 'http://127.0.0.1:1';

describe('the gateway check, when proxy-url cannot be reached', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ propagationMs: 0 });
  });
  afterAll(async () => emulator?.stop());

  it('gives up after 15 s of refused connections, well before check-timeout, and says proxy-url cannot be reached', async () => {
    // check-timeout keeps its default (120 s); the harness would kill a run that waited for it.
    const run = await runAction(howToInputs(emulator, { 'proxy-url': REFUSING_URL }), { timeoutMs: 60_000 });
    expect(run.signal).toBeNull();
    expect(run.exitCode).toBe(1);
    expect(run.outputs['check-status']).toBe('failed');

    const failure = errorAnnotation(run);
    expect(failure).toMatch(/^Gateway check failed: proxy-url cannot be reached: /);
    expect(failure).toContain('connection refused');
    expect(failure).toMatch(/gave up before check-timeout \(120 s\)/);
    const silentSeconds = Number(/got no answer in ([\d.]+) s/.exec(failure)?.[1]);
    expect(silentSeconds).toBeGreaterThanOrEqual(14);
    expect(silentSeconds).toBeLessThanOrEqual(15);
    expect(failure).toMatch(/What to do: Check proxy-url/);

    // While it retries, the log says that nothing answers, instead of blaming the plugin.
    const waiting = loggedLines(run).filter((line) => line.startsWith('Gateway check: '));
    expect(waiting.some((line) => line.includes('no answer from proxy-url'))).toBe(true);
    expect(waiting.join('\n')).not.toContain('waiting for the plugin');
  }, 90_000);

  it('fails at check-timeout when that comes first, saying the same', async () => {
    // TLS to a plain-HTTP port: the handshake fails on every request.
    const proxyUrl = emulator.proxyUrl.replace(/^http:/, 'https:');
    const run = await runAction(howToInputs(emulator, { 'proxy-url': proxyUrl, 'check-timeout': '3' }), { timeoutMs: 60_000 });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['check-status']).toBe('failed');
    const failure = errorAnnotation(run);
    expect(failure).toMatch(/^Gateway check failed: proxy-url cannot be reached \(after 3 s, /);
    expect(failure).toContain('TLS failed');
    // Nothing reached the data plane as HTTP.
    expect(emulator.requests().filter((entry) => entry.path === CHECK_PATH)).toEqual([]);
  }, 90_000);
});

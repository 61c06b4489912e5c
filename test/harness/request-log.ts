// Reading the emulator's request log: how many requests, of which kinds, and how many sequential
// round trips they took (the longest chain of requests each starting after the previous one ended).
import type { RequestLogEntry } from '../emulator/http/server.js';
import type { DataPlaneState } from '../emulator/proxy/index.js';

export type { RequestLogEntry };

/** The length of the longest chain of requests in which each starts after the previous one ended. */
export function sequentialRoundTrips(entries: readonly RequestLogEntry[]): number {
  const byStart = [...entries].sort((a, b) => a.start - b.start || a.end - b.end);
  const chainEndingAt: number[] = [];
  let longest = 0;
  byStart.forEach((entry, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) {
      const earlier = byStart[j];
      if (earlier && earlier.end <= entry.start) before = Math.max(before, chainEndingAt[j] ?? 0);
    }
    chainEndingAt[i] = before + 1;
    longest = Math.max(longest, before + 1);
  });
  return longest;
}

export const isMutation = (entry: Pick<RequestLogEntry, 'method'>): boolean => !['GET', 'HEAD', 'OPTIONS'].includes(entry.method.toUpperCase());

/** Konnect's management API (the emulator's API port); the issuer and the proxy serve other paths. */
export const isKonnectApi = (entry: Pick<RequestLogEntry, 'path'>): boolean => /^\/v[12]\//.test(entry.path);

/**
 * The most requests the server was handling at once. A request that starts in the millisecond
 * another ended counts as after it, as in sequentialRoundTrips: a client only sends the next
 * request once the reply it waited for has been written, and both times are whole milliseconds.
 */
export function maxInFlight(entries: readonly RequestLogEntry[]): number {
  const events = entries.flatMap((entry) => [
    { at: entry.start, delta: 1 },
    { at: entry.end, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta); // at a tie, ends first
  let current = 0;
  let most = 0;
  for (const event of events) {
    current += event.delta;
    most = Math.max(most, current);
  }
  return most;
}

/**
 * How late the gateway check noticed the plugin, on the emulator's one clock: from the moment the
 * data plane applied the plugin (`dataPlane` in `/_emulator/state`) to the end of the check's
 * passing round (its last two requests to `checkPath` in the log).
 */
export async function checkDetection(
  emulator: { apiUrl: string; requests(): RequestLogEntry[] },
  pluginId: string,
  checkPath = '/anything',
): Promise<{ appliedAt: number; passedAt: number; delayMs: number; probes: RequestLogEntry[] }> {
  const state = (await (await fetch(`${emulator.apiUrl}/_emulator/state`)).json()) as { dataPlane: DataPlaneState };
  const appliedAt = state.dataPlane.plugins.find((plugin) => plugin.id === pluginId)?.appliedAt ?? NaN;
  const probes = emulator.requests().filter((entry) => entry.path === checkPath);
  const passedAt = Math.max(...probes.slice(-2).map((entry) => entry.end));
  return { appliedAt, passedAt, delayMs: passedAt - appliedAt, probes };
}

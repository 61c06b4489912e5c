// Reading the emulator's request log: how many requests, of which kinds, and how many sequential
// round trips they took (the longest chain of requests each starting after the previous one ended).

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  start: number;
  end: number;
}

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

export const isMutation = (entry: Pick<RequestLogEntry, 'method'>): boolean =>
  !['GET', 'HEAD', 'OPTIONS'].includes(entry.method.toUpperCase());

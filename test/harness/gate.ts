// A gate between one run of the action and the emulator's API: the run's api-url points at it, so
// the gate sees that run's Konnect requests and no one else's. It can hold a request before passing
// it on until something has happened elsewhere (another run created its client, or exited), which
// makes interleavings of concurrent runs deterministic, and it tells when a request was answered.
// Built on the hostile server (a forwarding loopback server); the issuer and the proxy are not gated.
import { startHostileServer, type CannedResponse, type RecordedRequest } from './hostile.js';

export interface GatedRequest {
  method: string;
  /** The path, without the query. */
  path: string;
  /** 1-based: the how-manieth request this gate received. */
  index: number;
}

/** A request and its answer. */
export interface Answered extends GatedRequest {
  status: number;
  body: string;
}

export interface Gate {
  /** `http://127.0.0.1:PORT`: give it as the run's api-url. */
  url: string;
  /** The requests answered so far, with their status and body, in the order their answers were written. */
  answered: Answered[];
  /** What the `until` functions of holds threw (the held request was passed on regardless). */
  holdFailures: unknown[];
  /**
   * Holds every later request for which `when` is true until `until` settles (then passes it on);
   * a function is called with the request when it arrives (e.g. to change the org meanwhile). Several
   * holds may apply to one request: it waits for all of them.
   */
  hold(when: (request: GatedRequest) => boolean, until: Promise<unknown> | ((request: GatedRequest) => Promise<unknown>)): void;
  /**
   * Answers the requests for which `when` is true itself, as Konnect would, instead of passing them
   * on (e.g. Konnect's status for a duplicate where the emulator uses the Admin API's).
   */
  answer(when: (request: GatedRequest) => CannedResponse | undefined): void;
  /** Resolves once a request for which `when` is true has been answered (at once if one was). */
  whenAnswered(when: (request: Answered) => boolean): Promise<void>;
  /** Calls `listener` with each later answer, as soon as it has been written; returns the unsubscribe. */
  watch(listener: (answer: Answered) => void): () => void;
  close(): Promise<void>;
}

export async function startGate(upstream: string): Promise<Gate> {
  const holds: { when: (request: GatedRequest) => boolean; until: Promise<unknown> | ((request: GatedRequest) => Promise<unknown>) }[] = [];
  const canned: ((request: GatedRequest) => CannedResponse | undefined)[] = [];
  const answered: Gate['answered'] = [];
  const holdFailures: unknown[] = [];
  const listeners = new Set<(answer: Answered) => void>();
  const indexes = new WeakMap<RecordedRequest, number>();
  let received = 0;
  const gated = (req: RecordedRequest): GatedRequest => {
    let index = indexes.get(req);
    if (index === undefined) {
      index = ++received;
      indexes.set(req, index);
    }
    return { method: req.method, path: req.path.split('?')[0] ?? req.path, index };
  };

  const server = await startHostileServer({
    upstream,
    handle: async (req) => {
      const request = gated(req);
      const waits = holds.filter((hold) => hold.when(request)).map((hold) => (typeof hold.until === 'function' ? hold.until(request) : hold.until));
      for (const settled of await Promise.allSettled(waits)) if (settled.status === 'rejected') holdFailures.push(settled.reason);
      for (const answer of canned) {
        const reply = answer(request);
        if (reply) return reply;
      }
      return undefined;
    },
    onReplied: (req, status, body) => {
      const done = { ...gated(req), status, body };
      answered.push(done);
      for (const listener of [...listeners]) listener(done);
    },
  });

  return {
    url: server.url,
    answered,
    holdFailures,
    hold: (when, until) => holds.push({ when, until }),
    answer: (when) => canned.push(when),
    whenAnswered: (when) =>
      answered.some(when)
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const listener = (answer: Answered) => {
              if (!when(answer)) return;
              listeners.delete(listener);
              resolve();
            };
            listeners.add(listener);
          }),
    watch: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => server.close(),
  };
}

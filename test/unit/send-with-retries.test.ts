// sendWithRetries with a scripted transport: which answers it repeats, which it returns, and how
// the run's signal stops it, without a server or a child process.
import { describe, expect, it } from 'vitest';
import { RequestInterruptedError } from '../../src/http/request-interrupted.js';
import { DEFAULT_RETRY_POLICY } from '../../src/http/retry.js';
import { sendWithRetries, type SendOptions } from '../../src/http/send-with-retries.js';
import type { HttpRequest, HttpResponse, Transport } from '../../src/http/transport.js';

type Step = HttpResponse | Error | ((req: HttpRequest) => Promise<HttpResponse>);

/** A transport that answers with `steps`, one per attempt, and counts the attempts. */
function scriptedTransport(steps: Step[]): { transport: Transport; attempts: () => number } {
  let attempts = 0;
  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    const step = steps[attempts];
    attempts += 1;
    if (step === undefined) throw new Error(`unexpected attempt ${attempts}`);
    if (typeof step === 'function') return step(req);
    if (step instanceof Error) throw step;
    return step;
  };
  return { transport: { send } as unknown as Transport, attempts: () => attempts };
}

const reply = (status: number, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, text: '' });
const networkError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

const request = (signal = new AbortController().signal): HttpRequest => ({
  method: 'GET',
  url: 'https://api.example.test/v1/auth-servers',
  signal,
  timeoutMs: 1000,
});
const options = (overrides: Partial<SendOptions> = {}): SendOptions => ({
  policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1 },
  idempotent: true,
  label: 'GET /v1/auth-servers',
  ...overrides,
});

describe('sendWithRetries', () => {
  it('returns the first answer that is not worth repeating, whatever its status', async () => {
    for (const status of [200, 404, 500]) {
      const { transport, attempts } = scriptedTransport([reply(status)]);
      expect((await sendWithRetries(transport, request(), options())).status).toBe(status);
      expect(attempts()).toBe(1);
    }
  });

  it('repeats 429, 502, 503, 504 and transient network failures until an answer comes', async () => {
    const { transport, attempts } = scriptedTransport([reply(429, { 'retry-after': '0' }), networkError('ECONNRESET'), reply(503), reply(200)]);
    expect((await sendWithRetries(transport, request(), options())).status).toBe(200);
    expect(attempts()).toBe(4);
  });

  it('stops after retry-max-attempts and returns the last answer, or throws the last network error', async () => {
    const throttled = scriptedTransport([reply(503), reply(503), reply(502)]);
    expect((await sendWithRetries(throttled.transport, request(), options({ policy: { ...options().policy, maxAttempts: 3 } }))).status).toBe(502);
    expect(throttled.attempts()).toBe(3);

    const down = scriptedTransport([networkError('ECONNRESET'), networkError('ETIMEDOUT')]);
    await expect(sendWithRetries(down.transport, request(), options({ policy: { ...options().policy, maxAttempts: 2 } }))).rejects.toMatchObject({
      code: 'ETIMEDOUT',
    });
    expect(down.attempts()).toBe(2);
  });

  it('never repeats a failure that is not transient', async () => {
    const { transport, attempts } = scriptedTransport([networkError('ERR_INVALID_URL')]);
    await expect(sendWithRetries(transport, request(), options())).rejects.toMatchObject({ code: 'ERR_INVALID_URL' });
    expect(attempts()).toBe(1);
  });

  it('repeats a create only when the server cannot have acted on it: a 429, or a connection that never opened', async () => {
    const create = options({ idempotent: false, label: 'POST /v1/auth-servers' });
    const unavailable = scriptedTransport([reply(503)]);
    expect((await sendWithRetries(unavailable.transport, request(), create)).status).toBe(503);
    expect(unavailable.attempts()).toBe(1);

    const reset = scriptedTransport([networkError('ECONNRESET')]);
    await expect(sendWithRetries(reset.transport, request(), create)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(reset.attempts()).toBe(1);

    const safe = scriptedTransport([reply(429, { 'retry-after': '0' }), networkError('ECONNREFUSED'), reply(201)]);
    expect((await sendWithRetries(safe.transport, request(), create)).status).toBe(201);
    expect(safe.attempts()).toBe(3);
  });

  it('holds the limiter for each attempt', async () => {
    let held = 0;
    const limiter = {
      run: async <T>(work: () => Promise<T>): Promise<T> => {
        held += 1;
        return work();
      },
    };
    const { transport } = scriptedTransport([reply(502), reply(200)]);
    await sendWithRetries(transport, request(), options({ limiter }));
    expect(held).toBe(2);
  });

  it("stops when the run's signal fires in flight, naming the request and what the earlier attempt met", async () => {
    const controller = new AbortController();
    const { transport } = scriptedTransport([
      reply(503),
      async (req) => {
        controller.abort(new Error('run timed out'));
        throw req.signal.reason;
      },
    ]);
    const error = await sendWithRetries(transport, request(controller.signal), options()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestInterruptedError);
    expect(error).toMatchObject({ label: 'GET /v1/auth-servers', stage: 'in flight', lastFailure: 'HTTP 503' });
  });

  it("stops during the backoff when the run's signal fires there", async () => {
    const controller = new AbortController();
    const { transport, attempts } = scriptedTransport([reply(429, { 'retry-after': '30' })]);
    const sending = sendWithRetries(transport, request(controller.signal), options());
    setImmediate(() => controller.abort(new Error('another stage failed')));
    const error = await sending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestInterruptedError);
    expect(error).toMatchObject({ stage: 'backoff', lastFailure: 'HTTP 429 (Retry-After: 30)' });
    expect(attempts()).toBe(1);
  });
});

// The gateway check with a scripted gateway: when it passes, and how each failure is explained.
// Behaviour only: how often it polls is the check's own business (and the bench's).
import { describe, expect, it } from 'vitest';
import { checkGateway } from '../../src/check/probes.js';
import type { HttpRequest, HttpResponse, Transport } from '../../src/http/transport.js';

type Answer = number | Error;

/** A gateway that answers each round from `rounds` (with token, without), repeating the last one. */
function scriptedGateway(rounds: Array<[Answer, Answer]>) {
  const seen: Array<{ url: string; authorization: string | undefined }> = [];
  let withToken = 0;
  let withoutToken = 0;
  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    const authorization = req.headers?.['authorization'];
    seen.push({ url: req.url, authorization });
    const index = authorization === undefined ? withoutToken++ : withToken++;
    const round = rounds[Math.min(index, rounds.length - 1)] as [Answer, Answer];
    const answer = authorization === undefined ? round[1] : round[0];
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (answer instanceof Error) throw answer;
    return { status: answer, headers: {}, text: '' };
  };
  return { transport: { send } as unknown as Transport, seen };
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
const url = 'http://127.0.0.1:8000/anything';
/** A budget shorter than one round: the check gives its verdict on the first answers. */
const oneRound = { url, timeoutSeconds: 0.001 };

describe('checkGateway', () => {
  it('passes when the token gets 200 and no token gets 401, sending the token as a bearer token', async () => {
    const { transport, seen } = scriptedGateway([[200, 401]]);
    const result = await checkGateway(transport, { url, timeoutSeconds: 30 }, 'the-token', new AbortController().signal);
    expect(result).toMatchObject({ url, withTokenStatus: 200, withoutTokenStatus: 401 });
    expect(seen.map((request) => request.authorization).sort()).toEqual(['Bearer the-token', undefined]);
    expect(seen.every((request) => request.url === url)).toBe(true);
  });

  it('keeps polling while the plugin reaches the data planes, and passes once it enforces', async () => {
    const { transport, seen } = scriptedGateway([
      [200, 200],
      [200, 401],
    ]);
    const result = await checkGateway(transport, { url, timeoutSeconds: 30 }, 'the-token', new AbortController().signal);
    expect(result).toMatchObject({ withTokenStatus: 200, withoutTokenStatus: 401 });
    expect(seen.length).toBeGreaterThanOrEqual(4);
  });

  const failures: Array<[string, [Answer, Answer], RegExp, RegExp]> = [
    ['lets requests without a token through', [200, 200], /lets requests without a token through/, /check-path is routed/],
    ['has no route for check-path', [404, 404], /no route matches check-path/, /Set check-path/],
    ['refuses the token', [401, 401], /refuses the token/, /issuer/],
    ['refuses the token for what it lacks', [403, 401], /refuses the token/, /audience_required/],
    ['answers with an upstream error', [502, 401], /expected 200 with the token and 401 without/, /5xx comes from the upstream/],
  ];
  for (const [what, answers, message, hint] of failures) {
    it(`fails, explaining it, when the gateway ${what}`, async () => {
      const { transport } = scriptedGateway([answers]);
      const error = await checkGateway(transport, oneRound, 'the-token', new AbortController().signal).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain(`got ${answers[0]} with the token and ${answers[1]} without`);
      expect(String((error as { hint?: unknown }).hint)).toMatch(hint);
    });
  }

  it('fails naming proxy-url when the gateway is unreachable', async () => {
    const { transport } = scriptedGateway([[refused(), refused()]]);
    const error = await checkGateway(transport, oneRound, 'the-token', new AbortController().signal).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/proxy-url cannot be reached/);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(String((error as { hint?: unknown }).hint)).toMatch(/proxy-url/);
  });

  it('keeps polling through network errors once answers come back, and passes', async () => {
    const { transport, seen } = scriptedGateway([
      [refused(), refused()],
      [200, 200],
      [200, 401],
    ]);
    const result = await checkGateway(transport, { url, timeoutSeconds: 30 }, 'the-token', new AbortController().signal);
    expect(result).toMatchObject({ withTokenStatus: 200, withoutTokenStatus: 401 });
    expect(seen).toHaveLength(6);
  });

  it("stops when the run's signal fires, with the run's reason rather than a verdict on the gateway", async () => {
    const controller = new AbortController();
    const reason = new Error('the run timed out');
    const { transport } = scriptedGateway([[200, 200]]);
    const checking = checkGateway(transport, { url, timeoutSeconds: 30 }, 'the-token', controller.signal);
    setTimeout(() => controller.abort(reason), 20);
    const error = await checking.catch((caught: unknown) => caught);
    // The reason itself, or an AbortError carrying it (node's timers), never a gateway verdict.
    expect(error === reason || (error as Error).cause === reason).toBe(true);
  });
});

// Konnect's rate limits in the emulator (http/rate-limits.ts): per auth server over its identity API
// and its token endpoint, and optionally per org over the management API. A burst over a limit gets
// 429 (by default with Retry-After and the RateLimit-* headers, and Konnect's captured body
// `{"message":"API rate limit exceeded"}`), changes nothing, and still honours the contract. The
// knobs rateLimitRetryAfter and rateLimitBody give the 429 each shape Konnect has been seen to send.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from './http/rate-limits.js';
import { authServerWithScope, clientFor, useEmulator, type Reply } from './testing.js';

const t = useEmulator({ rateLimitAuthServer: 5 });

/** `count` requests at once. */
const burst = (count: number, send: () => Promise<Reply>) => Promise.all(Array.from({ length: count }, send));

function expectThrottled(
  reply: Reply,
  limit: number,
  shape: { retryAfter: boolean; body: 'message' | 'problem' } = { retryAfter: true, body: 'message' },
): void {
  expect(reply.status).toBe(429);
  if (shape.retryAfter) {
    expect(reply.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(reply.headers.get('ratelimit-limit')).toBe(String(limit));
    expect(reply.headers.get('ratelimit-remaining')).toBe('0');
    expect(reply.headers.get('ratelimit-reset')).toBe(reply.headers.get('retry-after'));
  } else {
    for (const header of ['retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']) expect(reply.headers.get(header), header).toBeNull();
  }
  if (shape.body === 'message') {
    expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(reply.body).toEqual({ message: 'API rate limit exceeded' });
  } else {
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(reply.body.instance).toMatch(/^kong:trace:\d+$/);
  }
}

describe('the limiter', () => {
  it('counts fixed one-second windows per scope, refuses over the limit without counting, and reports what is left', () => {
    const limiter = new RateLimiter();
    const scopes = [
      { key: 'org', limit: 3 },
      { key: 'auth-server:a', limit: 2 },
    ];
    const at = 10_000_250;
    expect(limiter.take(scopes, at)).toEqual({
      allowed: true,
      headers: { 'ratelimit-limit': '2', 'ratelimit-remaining': '1', 'ratelimit-reset': '1' },
    });
    expect(limiter.take(scopes, at + 1)).toMatchObject({ allowed: true, headers: { 'ratelimit-remaining': '0' } });
    expect(limiter.take(scopes, at + 2)).toEqual({
      allowed: false,
      headers: { 'retry-after': '1', 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': '1' },
    });
    // The refused request counted nowhere: the org scope still has one left for another auth server.
    expect(
      limiter.take(
        [
          { key: 'org', limit: 3 },
          { key: 'auth-server:b', limit: 2 },
        ],
        at + 3,
      ),
    ).toMatchObject({
      allowed: true,
      headers: { 'ratelimit-limit': '3', 'ratelimit-remaining': '0' },
    });
    // The next window starts afresh.
    expect(limiter.take(scopes, at + 750)).toMatchObject({ allowed: true, headers: { 'ratelimit-remaining': '1' } });
    expect(limiter.take([], at)).toBeUndefined();
  });
});

describe('per auth server', () => {
  it('a burst over the limit on one auth server gets 429 with the headers; the handler does not run; another auth server is not affected', async () => {
    const { server } = await authServerWithScope(t.api);
    const { server: other } = await authServerWithScope(t.api, 'Other');
    t.emulator.resetLog();
    const replies = await burst(15, () => t.api.post(`/v1/auth-servers/${server.id}/claims`, { name: `c${Math.random()}`, value: 'v' }));
    const created = replies.filter((reply) => reply.status === 201);
    const throttled = replies.filter((reply) => reply.status === 429);
    // A burst may straddle two windows (and the scope's creation counted in the first): at most two windows' worth get through.
    expect(created.length).toBeGreaterThan(0);
    expect(created.length).toBeLessThanOrEqual(10);
    expect(throttled).toHaveLength(15 - created.length);
    throttled.forEach((reply) => expectThrottled(reply, 5));
    for (const reply of created) {
      expect(reply.headers.get('ratelimit-limit')).toBe('5');
      expect(Number(reply.headers.get('ratelimit-remaining'))).toBeLessThan(5);
    }
    expect(t.emulator.store.getAuthServer(server.id)?.claims).toHaveLength(created.length);
    expect((await t.api.get(`/v1/auth-servers/${other.id}/claims`)).status).toBe(200);
    // Org-level paths are not the auth server's: no limit by default.
    const lists = await burst(12, () => t.api.get('/v1/auth-servers'));
    expect(lists.map((reply) => reply.status)).toEqual(Array(12).fill(200));
  });

  it("the token endpoint counts in its auth server's limit; discovery and the JWKS do not", async () => {
    const { server } = await authServerWithScope(t.api);
    const client = await t.api.post(`/v1/auth-servers/${server.id}/clients`, {
      name: 'Client',
      grant_types: ['client_credentials'],
      response_types: ['token'],
      allow_all_scopes: true,
    });
    expect(client.status).toBe(201);
    const token = () =>
      fetch(`${server.issuer}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.body.id, client_secret: client.body.client_secret }),
      });
    const statuses = await Promise.all(
      Array.from({ length: 15 }, async () => {
        const response = await token();
        await response.arrayBuffer();
        if (response.status === 429) expect(response.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        return response.status;
      }),
    );
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(10);
    const jwks = await Promise.all(Array.from({ length: 12 }, () => fetch(`${server.issuer}/.well-known/jwks`).then((r) => r.status)));
    expect(jwks).toEqual(Array(12).fill(200));
  });

  it('no limit when the knob is null', async () => {
    const { server } = await authServerWithScope(t.api);
    t.emulator.options.rateLimitAuthServer = null;
    const replies = await burst(15, () => t.api.get(`/v1/auth-servers/${server.id}/scopes`));
    expect(replies.map((reply) => reply.status)).toEqual(Array(15).fill(200));
    expect(replies[0]?.headers.get('ratelimit-limit')).toBeNull();
  });
});

describe('per org', () => {
  it('limits the whole management API, core entities included, and each 429 passes the contract check', async () => {
    t.emulator.options.rateLimitOrg = 4;
    const api = clientFor(t.emulator);
    const controlPlane = t.emulator.store.findControlPlaneByName('quickstart');
    const paths = ['/v2/control-planes', '/v1/auth-servers', `/v2/control-planes/${controlPlane?.id}/core-entities/plugins`];
    const replies = await burst(18, async () => api.get(paths[Math.floor(Math.random() * paths.length)] ?? '/v1/auth-servers'));
    const throttled = replies.filter((reply) => reply.status === 429);
    expect(replies.filter((reply) => reply.status === 200).length).toBeLessThanOrEqual(8);
    expect(throttled.length).toBeGreaterThanOrEqual(10);
    throttled.forEach((reply) => expectThrottled(reply, 4));
    // useEmulator's afterEach asserts that no response broke the spec: the 429s are a declared gap.
    expect(t.emulator.violations()).toEqual([]);
    // The proxy and the issuer are not the management API.
    const proxy = await Promise.all(Array.from({ length: 8 }, () => fetch(`${t.emulator.proxyUrl}/anything`).then((r) => r.status)));
    expect(proxy).toEqual(Array(8).fill(200));
  });
});

describe("the 429's shape", () => {
  it.each([
    { retryAfter: true, body: 'problem' },
    { retryAfter: false, body: 'message' },
    { retryAfter: false, body: 'problem' },
  ] as const)('rateLimitRetryAfter $retryAfter, rateLimitBody $body: management API and token endpoint alike', async (shape) => {
    const { server } = await authServerWithScope(t.api);
    t.emulator.options.rateLimitRetryAfter = shape.retryAfter;
    t.emulator.options.rateLimitBody = shape.body;
    const replies = await burst(15, () => t.api.get(`/v1/auth-servers/${server.id}/scopes`));
    const throttled = replies.filter((reply) => reply.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(5);
    throttled.forEach((reply) => expectThrottled(reply, 5, shape));
    // Answers within the limit still say what is left.
    expect(replies.find((reply) => reply.status === 200)?.headers.get('ratelimit-limit')).toBe('5');
    const tokens = await Promise.all(
      Array.from({ length: 15 }, async () => {
        const response = await fetch(`${server.issuer}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }) });
        return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, unknown> };
      }),
    );
    const tokenThrottled = tokens.filter((reply) => reply.status === 429);
    expect(tokenThrottled.length).toBeGreaterThan(0);
    for (const reply of tokenThrottled) {
      expect(reply.retryAfter === null).toBe(!shape.retryAfter);
      expect(Object.keys(reply.body)).toEqual(shape.body === 'message' ? ['message'] : ['status', 'title', 'instance', 'detail']);
    }
  });

  it('an injected 429 fault takes the body the knob says, and keeps its own Retry-After', async () => {
    t.emulator.addFault('GET /v1/auth-servers 429 retry-after=2 x2');
    const message = await t.api.get('/v1/auth-servers');
    expect(message.body).toEqual({ message: 'API rate limit exceeded' });
    expect(message.headers.get('retry-after')).toBe('2');
    t.emulator.options.rateLimitBody = 'problem';
    t.emulator.options.rateLimitRetryAfter = false;
    const problem = await t.api.get('/v1/auth-servers');
    expect(problem.body).toMatchObject({ status: 429, title: 'Too Many Requests', detail: 'Injected fault' });
    expect(problem.headers.get('retry-after')).toBe('2');
  });
});

// Ids in Konnect paths (src/konnect/paths.ts) and plain http through a proxy (src/http/url.ts).
import { describe, expect, it } from 'vitest';
import { clearTextProxyReason } from '../../src/http/url.js';
import { pathSegment } from '../../src/konnect/paths.js';

describe('pathSegment', () => {
  it.each([
    ['uuid', 'd32d905a-ed33-46a3-a093-d8f536af9a8a'],
    ['client-id', 'kYa9iQFU5xPDSIUH9z1z'],
    ['client-id', 'a_b-C'],
  ] as const)('accepts a %s: %s', (kind, value) => {
    expect(pathSegment(value, kind, 'x')).toBe(value);
  });

  it.each([
    ['uuid', '..'],
    ['uuid', '.'],
    ['uuid', 'd32d905a-ed33-46a3-a093-d8f536af9a8a/..'],
    ['uuid', ''],
    ['uuid', 42],
    ['client-id', '..'],
    ['client-id', 'a.b'],
    ['client-id', 'a'.repeat(37)],
    ['client-id', 'a/b'],
    ['client-id', null],
  ] as const)('refuses a %s of %j, naming what it is', (kind, value) => {
    expect(() => pathSegment(value, kind, 'client secret id')).toThrow(/^The client secret id .* is not .*; nothing was sent with it\.$/);
  });

  it('quotes a refused value on one line', () => {
    expect(() => pathSegment('x\n::stop-commands::y', 'uuid', 'plugin id')).toThrow('The plugin id "x\\n::stop-commands::y" is not a UUID');
  });
});

describe('clearTextProxyReason', () => {
  const api = new URL('http://127.0.0.1:8080/v1');
  const remote = { HTTP_PROXY: 'http://proxy.example.com:3128' };

  it('refuses loopback http carried by a proxy on another host', () => {
    expect(clearTextProxyReason(api, remote)).toMatch(/travel in clear through the proxy proxy\.example\.com/);
    expect(clearTextProxyReason(api, { http_proxy: 'http://proxy.example.com', HTTP_PROXY: 'http://127.0.0.1:1' })).toBeDefined(); // lower case first
  });

  it.each([
    ['no proxy', {}],
    ['a loopback proxy', { HTTP_PROXY: 'http://127.0.0.1:3128' }],
    ['NO_PROXY naming the host', { ...remote, NO_PROXY: 'example.com,127.0.0.1' }],
    ['NO_PROXY naming host and port', { ...remote, NO_PROXY: '127.0.0.1:8080' }],
    ['NO_PROXY *', { ...remote, no_proxy: '*' }],
  ])('allows it with %s', (_, env) => {
    expect(clearTextProxyReason(api, env)).toBeUndefined();
  });

  it.each([
    ['another port', '127.0.0.1:9090'],
    ['another host', 'localhost'],
    ['a subdomain wildcard, which does not match the apex', '*.127.0.0.1'],
  ])('is not exempted by NO_PROXY naming %s', (_, noProxy) => {
    expect(clearTextProxyReason(api, { ...remote, NO_PROXY: noProxy })).toBeDefined();
  });

  it('leaves https alone: it is tunnelled', () => {
    expect(clearTextProxyReason(new URL('https://127.0.0.1/'), { ...remote, HTTPS_PROXY: 'http://proxy.example.com' })).toBeUndefined();
  });
});

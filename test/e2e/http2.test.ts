// undici speaks HTTP/2 with a server that offers it, and the bundle loads node:http2 only then
// (scripts/bundle.ts gives undici its constants and a `connect` that loads it on first use). Through
// the bundle, against a gateway that speaks nothing but HTTP/2 over TLS, the check still passes.
import { readFile } from 'node:fs/promises';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { howToInputs } from '../harness/how-to.js';
import { runAction } from '../harness/run-action.js';

const TLS = new URL('../fixtures/tls/', import.meta.url);

let emulator: Emulator;
let gateway: Http2SecureServer;
/** The ALPN protocol of every TLS session the gateway accepted, and how many requests it answered. */
const seen = { protocols: [] as string[], requests: 0 };

beforeAll(async () => {
  emulator = await startEmulator({ propagationMs: 0 });
  const [key, cert] = await Promise.all([readFile(new URL('localhost-key.pem', TLS)), readFile(new URL('localhost-cert.pem', TLS))]);
  // HTTP/2 only (a client that offers no h2 is refused at the TLS handshake), in front of the emulator's data plane.
  gateway = createSecureServer({ key, cert, allowHTTP1: false });
  gateway.on('secureConnection', (socket) => seen.protocols.push(String(socket.alpnProtocol)));
  gateway.on('stream', (stream, headers) => {
    seen.requests += 1;
    const authorization = headers.authorization;
    fetch(`${emulator.proxyUrl}${headers[':path'] ?? '/'}`, { headers: authorization ? { authorization } : {}, redirect: 'manual' })
      .then(async (answer) => {
        await answer.arrayBuffer();
        stream.respond({ ':status': answer.status });
        stream.end();
      })
      .catch(() => stream.close());
  });
  await new Promise<void>((listening) => gateway.listen(0, '127.0.0.1', listening));
});

afterAll(async () => {
  await new Promise((closed) => gateway.close(closed));
  await emulator.stop();
});

describe('a gateway that speaks only HTTP/2', () => {
  it('is checked over HTTP/2: 200 with the token, 401 without', { timeout: 120_000 }, async () => {
    const port = (gateway.address() as AddressInfo).port;
    const run = await runAction(howToInputs(emulator, { 'proxy-url': `https://localhost:${port}`, 'check-timeout': '30' }), {
      env: { NODE_EXTRA_CA_CERTS: fileURLToPath(new URL('localhost-cert.pem', TLS)) },
      timeoutMs: 90_000,
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs['check-status']).toBe('passed');
    expect(seen.requests).toBeGreaterThanOrEqual(2);
    expect(seen.protocols.length).toBeGreaterThanOrEqual(1);
    expect(new Set(seen.protocols)).toEqual(new Set(['h2']));
  });
});

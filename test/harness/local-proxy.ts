// A local HTTP proxy for the transport tests, as a runner's corporate proxy would be. It tunnels
// CONNECT (what an https request through HTTPS_PROXY asks for) and forwards absolute-form requests
// (what undici sends for a plain-http origin through HTTP_PROXY), and records both. It only ever
// connects to loopback: anything else is refused, so no test traffic leaves the machine. `routes`
// tunnels a named authority (such as us.api.konghq.com:443) to a loopback server, as /etc/hosts would.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { isLoopbackHost } from '../../src/http/url.js';

export interface LocalProxy {
  /** `http://127.0.0.1:PORT`, for HTTPS_PROXY / HTTP_PROXY. */
  url: string;
  /** The `host:port` of each CONNECT, in arrival order. */
  tunnels: string[];
  /** `METHOD http://host:port/path?query` of each forwarded request, in arrival order. */
  forwarded: string[];
  stop(): Promise<void>;
}

export interface LocalProxyOptions {
  /** CONNECT authority (`host:port`) → the loopback `host:port` its tunnel reaches instead. */
  routes?: Readonly<Record<string, string>>;
}

export async function startLocalProxy(options: LocalProxyOptions = {}): Promise<LocalProxy> {
  const tunnels: string[] = [];
  const forwarded: string[] = [];

  const server = createServer((req, res) => {
    const target = URL.canParse(req.url ?? '') ? new URL(req.url ?? '') : undefined;
    forwarded.push(`${req.method} ${target?.href ?? req.url}`);
    if (!target || !isLoopbackHost(target.hostname)) {
      res.writeHead(403).end();
      return;
    }
    const { 'proxy-connection': _hopByHop, ...headers } = req.headers;
    const upstream = request(target, { method: req.method, headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });

  server.on('connect', (req, socket, head) => {
    const authority = req.url ?? '';
    tunnels.push(authority);
    const { hostname, port } = new URL(`http://${options.routes?.[authority] ?? authority}`);
    if (!isLoopbackHost(hostname)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port), hostname, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    socket.on('error', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    forwarded,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// Konnect's own API hosts (https://us.api.konghq.com, …) answered by the emulator, on loopback only.
// Some of what the action shows exists only for Konnect's own API (links to Konnect's web app, the
// region's name), so a test of it must give the action that api-url and really talk to it. No DNS and
// no network: the child's HTTPS_PROXY is a local proxy whose CONNECT tunnels for these hosts reach a
// local TLS server, which hands the decrypted bytes to the emulator's plain-http API. Its certificate
// names the hosts and is signed by a throwaway CA made with openssl at start (NODE_EXTRA_CA_CERTS),
// so the action verifies TLS as it would against Konnect. Any other host is refused by the proxy.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { promisify } from 'node:util';
import type { Emulator } from '../emulator/index.js';
import { startLocalProxy, type LocalProxy } from './local-proxy.js';

export interface KonnectFront {
  /** The child's environment: HTTPS_PROXY and NODE_EXTRA_CA_CERTS. */
  env: Record<string, string>;
  /** The proxy, whose `tunnels` say which hosts the action asked for. */
  proxy: LocalProxy;
  stop(): Promise<void>;
}

/** Fronts `emulator`'s API as `https://<host>` for each of `hosts` (e.g. 'us.api.konghq.com'). */
export async function startKonnectFront(emulator: Pick<Emulator, 'apiUrl'>, hosts: readonly string[]): Promise<KonnectFront> {
  const dir = await mkdtemp(join(tmpdir(), 'kio-konnect-front-'));
  try {
    const { key, cert, ca } = await throwawayCertificate(dir, hosts);
    const api = new URL(emulator.apiUrl);
    const open = new Set<Socket>();
    const tls = createServer({ key, cert }, (socket) => {
      const upstream = connect(Number(api.port), api.hostname);
      for (const each of [socket, upstream]) {
        open.add(each);
        each.on('close', () => open.delete(each));
      }
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((listening) => tls.listen(0, '127.0.0.1', listening));
    const target = `127.0.0.1:${(tls.address() as AddressInfo).port}`;
    const proxy = await startLocalProxy({ routes: Object.fromEntries(hosts.map((host) => [`${host}:443`, target])) });
    return {
      env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: ca },
      proxy,
      stop: async () => {
        open.forEach((socket) => socket.destroy());
        await Promise.all([proxy.stop(), close(tls)]);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

const execFileAsync = promisify(execFile);

/** A CA (its certificate's path returned as `ca`) and a key and certificate for `hosts` that it signed, valid for a day. */
async function throwawayCertificate(dir: string, hosts: readonly string[]): Promise<{ key: Buffer; cert: Buffer; ca: string }> {
  const openssl = (args: string) => execFileAsync('openssl', args.split(' '), { cwd: dir });
  const ec = '-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes';
  await openssl(`req -x509 ${ec} -keyout ca-key.pem -out ca.pem -days 1 -subj /CN=throwaway-test-CA`);
  await openssl(`req ${ec} -keyout key.pem -out req.pem -subj /CN=${hosts[0]}`);
  await writeFile(join(dir, 'ext.cnf'), `subjectAltName=${hosts.map((host) => `DNS:${host}`).join(',')}\nextendedKeyUsage=serverAuth\n`);
  await openssl('x509 -req -in req.pem -CA ca.pem -CAkey ca-key.pem -set_serial 1 -days 1 -extfile ext.cnf -out cert.pem');
  const [key, cert] = await Promise.all([readFile(join(dir, 'key.pem')), readFile(join(dir, 'cert.pem'))]);
  return { key, cert, ca: join(dir, 'ca.pem') };
}

function close(server: Server): Promise<void> {
  return new Promise((closed) => server.close(() => closed()));
}

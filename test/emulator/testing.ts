// Helpers for the emulator's own tests: a fresh emulator per test and a small JSON client.
import { afterEach, beforeEach, expect } from 'vitest';
import { startEmulator, type Emulator, type StartEmulatorOptions } from './index.js';

/** Test bodies are whatever JSON the emulator sent; tests assert on their shape. */
// biome-ignore lint/suspicious/noExplicitAny: a test reads whatever JSON the emulator sent, asserting its shape
export type Json = any;

export interface Reply {
  status: number;
  headers: Headers;
  body: Json;
}

export interface CallOptions {
  /** Send this token instead of the emulator's; `null` sends no Authorization header. */
  token?: string | null;
  contentType?: string;
  /** A raw body, sent as is. */
  raw?: string;
}

export interface Client {
  call(method: string, path: string, body?: unknown, options?: CallOptions): Promise<Reply>;
  get(path: string, options?: CallOptions): Promise<Reply>;
  post(path: string, body?: unknown, options?: CallOptions): Promise<Reply>;
  put(path: string, body?: unknown): Promise<Reply>;
  patch(path: string, body?: unknown): Promise<Reply>;
  delete(path: string): Promise<Reply>;
}

export function clientFor(emulator: Emulator): Client {
  const call = async (method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? emulator.konnectToken : options.token;
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    let payload: string | undefined = options.raw;
    if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const response = await fetch(`${emulator.apiUrl}${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
    const text = await response.text();
    let parsed: Json = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    call,
    get: (path, options) => call('GET', path, undefined, options),
    post: (path, body, options) => call('POST', path, body, options),
    put: (path, body) => call('PUT', path, body),
    patch: (path, body) => call('PATCH', path, body),
    delete: (path) => call('DELETE', path),
  };
}

/**
 * A fresh emulator (and client) for every test of the calling file; after each test, no response
 * the emulator sent may have broken the spec.
 */
export function useEmulator(options: StartEmulatorOptions = {}): { readonly emulator: Emulator; readonly api: Client } {
  const current: { emulator?: Emulator; api?: Client } = {};
  beforeEach(async () => {
    current.emulator = await startEmulator({ propagationMs: 0, ...options });
    current.api = clientFor(current.emulator);
  });
  afterEach(async () => {
    const emulator = current.emulator;
    if (!emulator) return;
    await emulator.stop();
    expect(emulator.violations()).toEqual([]);
  });
  return {
    get emulator() {
      if (!current.emulator) throw new Error('no emulator outside a test');
      return current.emulator;
    },
    get api() {
      if (!current.api) throw new Error('no emulator outside a test');
      return current.api;
    },
  };
}

/** The quickstart control plane's ID, and the core-entities base path under it. */
export function quickstart(emulator: Emulator): { id: string; core: string } {
  const controlPlane = emulator.store.findControlPlaneByName('quickstart');
  if (!controlPlane) throw new Error('quickstart control plane not seeded');
  return { id: controlPlane.id, core: `/v2/control-planes/${controlPlane.id}/core-entities` };
}

export const AUTH_SERVER = { name: 'Appointments Dev', audience: 'http://myhttpbin.dev', description: 'Auth server for the Appointment dev environment' };

/** Creates an auth server with a scope; returns their IDs. */
export async function authServerWithScope(api: Client, name = 'Appointments Dev'): Promise<{ server: Json; scope: Json }> {
  const server = await api.post('/v1/auth-servers', { ...AUTH_SERVER, name });
  expect(server.status).toBe(201);
  const scope = await api.post(`/v1/auth-servers/${server.body.id}/scopes`, { name: 'my-scope', enabled: true });
  expect(scope.status).toBe(201);
  return { server: server.body, scope: scope.body };
}

// The upstream every service reaches: a built-in echo shaped like httpbin's `/anything` (the
// how-to's example-service is httpbin), reporting the request as the upstream receives it from
// Kong: the service's host, the rewritten path, and Kong's forwarding headers.
import type { EmulatorReply, EmulatorRequest } from '../http/types.js';
import type { Service } from '../store.js';
import type { Exchange } from './kong-replies.js';
import type { UpstreamChanges } from './openid-connect.js';
import type { RouteMatch } from './router.js';

/** Headers that concern one connection only, which a proxy does not forward. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** The emulator's ports listen on loopback, so every client is local. */
const CLIENT_ADDRESS = '127.0.0.1';

export interface EchoInput {
  request: EmulatorRequest;
  exchange: Exchange;
  match: RouteMatch & { service: Service };
  upstreamPath: string;
  changes: UpstreamChanges;
}

export function echoUpstream({ request, exchange, match, upstreamPath, changes }: EchoInput): EmulatorReply {
  const query = new URLSearchParams(request.url.search);
  for (const name of changes.removeQueryArgs) query.delete(name);
  const headers = upstreamHeaders({ request, exchange, match, upstreamPath, changes });
  const search = query.size > 0 ? `?${query.toString()}` : '';
  const scheme = match.service.protocol === 'https' ? 'https' : 'http';
  const body = bodyFields(request);
  return {
    status: 200,
    headers: {
      'Content-Type': 'application/json',
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Credentials': 'true',
      Server: 'gunicorn/19.9.0',
      Via: `1.1 ${exchange.server}`,
      'X-Kong-Upstream-Latency': '0',
      'X-Kong-Proxy-Latency': String(Date.now() - exchange.startedAt),
      'X-Kong-Request-Id': exchange.requestId,
    },
    body: {
      args: httpbinArgs(query),
      data: body.data,
      files: {},
      form: body.form,
      headers: titleCased(headers),
      json: body.json,
      method: request.method,
      origin: headers['x-forwarded-for'] ?? CLIENT_ADDRESS,
      url: `${scheme}://${headers['host'] ?? match.service.host}${upstreamPath}${search}`,
    },
  };
}

/** The request's headers as Kong forwards them. */
function upstreamHeaders({ request, exchange, match, changes }: EchoInput): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // nginx buffers the request body and sends it with a length.
  if (request.headers['transfer-encoding']) headers['content-length'] = String(request.body.length);
  const requestHost = (request.headers.host ?? request.url.host).replace(/:\d+$/, '');
  const { service, route } = match;
  const defaultPort = service.protocol === 'https' ? 443 : 80;
  headers['host'] = route.preserve_host
    ? (request.headers.host ?? request.url.host)
    : service.port === defaultPort
      ? service.host
      : `${service.host}:${service.port}`;
  const forwardedFor = request.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${String(forwardedFor)}, ${CLIENT_ADDRESS}` : CLIENT_ADDRESS;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-host'] = requestHost;
  headers['x-forwarded-port'] = request.url.port || '80';
  headers['x-forwarded-path'] = request.url.pathname;
  if (route.strip_path && match.matchedPath !== '') headers['x-forwarded-prefix'] = match.matchedPath;
  headers['x-real-ip'] = CLIENT_ADDRESS;
  headers['x-kong-request-id'] = exchange.requestId;
  for (const name of changes.removeHeaders) delete headers[name];
  Object.assign(headers, changes.setHeaders);
  return headers;
}

/** httpbin's `args` and `form`: one value as a string, repeated values as an array. */
function httpbinArgs(params: URLSearchParams): Record<string, string | string[]> {
  const args: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    args[name] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return args;
}

function bodyFields(request: EmulatorRequest): { data: string; form: Record<string, string | string[]>; json: unknown } {
  const text = request.body.toString('utf8');
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') return { data: '', form: httpbinArgs(new URLSearchParams(text)), json: null };
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { data: text, form: {}, json };
}

function titleCased(headers: Record<string, string>): Record<string, string> {
  const titled: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    titled[
      name
        .split('-')
        .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
        .join('-')
    ] = value;
  }
  return titled;
}

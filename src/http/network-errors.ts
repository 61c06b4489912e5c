import { errorCode } from './retry.js';

/**
 * A network failure in words a workflow author recognises, followed by the code and message of the
 * HTTP stack (what to search for): `connection reset before a response arrived (UND_ERR_SOCKET: other side closed)`.
 */
export function describeNetworkError(error: unknown): string {
  const code = errorCode(error);
  const message = (error instanceof Error ? error.message : String(error)).trim();
  const detail = code && !message.includes(code) ? `${code}: ${message}` : message || code || 'unknown error';
  const plain = code === undefined ? undefined : (PLAIN_WORDS[code] ?? (TLS_CODE.test(code) ? TLS_WORDS : undefined));
  return plain ? `${plain} (${detail})` : detail;
}

/** OpenSSL's and Node's TLS codes; a proxy that inspects TLS shows up here with an untrusted certificate. */
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_)|CERT|SELF_SIGNED/;
const TLS_WORDS = 'TLS failed (a proxy that inspects TLS needs its CA in NODE_EXTRA_CA_CERTS)';

/** undici reports a connection the server closed without answering as UND_ERR_SOCKET "other side closed". */
const PLAIN_WORDS: Record<string, string> = {
  ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection reset before a response arrived',
  UND_ERR_CLOSED: 'connection closed',
  EPIPE: 'connection reset while sending',
  ECONNREFUSED: 'connection refused',
  ECONNABORTED: 'connection aborted',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name could not be resolved',
  ETIMEDOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'timed out connecting',
  UND_ERR_HEADERS_TIMEOUT: 'timed out waiting for the response',
  UND_ERR_BODY_TIMEOUT: 'timed out reading the response',
};

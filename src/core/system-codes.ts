/**
 * What Node's system codes mean, for connection failures (`connection refused by 127.0.0.1:9
 * (ECONNREFUSED)`). Only Node's fetch reports them (undici nests them in the error's cause), so
 * only the Node entry imports this table: browsers, which give no code, never load it.
 *
 * @module
 * @internal
 */

const PHRASES: Record<string, string> = {
  ECONNREFUSED: 'connection refused by',
  ECONNRESET: 'connection reset by',
  EPIPE: 'connection closed by',
  ETIMEDOUT: 'connection timed out to',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out to',
  UND_ERR_SOCKET: 'connection closed by',
  EHOSTUNREACH: 'host unreachable:',
  ENETUNREACH: 'network unreachable for',
  ENOTFOUND: 'DNS lookup failed for',
  EAI_AGAIN: 'DNS lookup failed for',
};

/** The phrase for a system code, put before `host:port`; `undefined` for a code it does not know. @internal */
export function systemCodePhrase(code: string): string | undefined {
  if (Object.hasOwn(PHRASES, code)) return PHRASES[code];
  return code.startsWith('ERR_TLS') || code.includes('CERT') ? 'TLS failed with' : undefined;
}

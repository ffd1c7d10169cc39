/**
 * A 127.0.0.1 file server for the media checks (the tests and `npm run bench`): the fixtures with and
 * without `Range` support, behind any query string (so presigned-looking URLs reach them), an HTML
 * page, error statuses, and large MP4 files synthesised on the fly — a fixture's own boxes with its
 * `mdat` stretched by zeros — so a 700 MB file is served without being written anywhere. It counts
 * the bytes it sends.
 *
 * Paths: `/range/<file>` (Range honoured), `/plain/<file>` (Range ignored: 200 with the whole file),
 * `/chunked/<file>` (200, no Content-Length), `/typed/<type>/<subtype>/<file>` (Range, that
 * Content-Type), `/html/<name>`, `/html-untyped/<name>` (a page without its type), `/status/<code>`,
 * and `/synth/<range|plain>/<bytes>/<file>` (the file stretched to `<bytes>`).
 */
import { readFileSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/media/', import.meta.url));

const TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
};

/** A file as a function of byte ranges, so a large one need not exist. */
export interface Body {
  size: number;
  slice(start: number, end: number): Uint8Array;
}

/** A fixture file as it is. */
export function fixture(name: string): Body {
  const bytes = new Uint8Array(readFileSync(FIXTURES + name));
  return { size: bytes.length, slice: (start, end) => bytes.subarray(start, end) };
}

/**
 * An MP4 of `size` bytes made from a fixture: its boxes before `mdat` (ftyp, and the moov when it is at
 * the start), an `mdat` of zeros long enough to reach `size`, then its boxes after `mdat` (the moov when
 * it is at the end). The metadata is the fixture's, so a check reads the same facts, from a file as big
 * as a real recording.
 */
export function stretched(name: string, size: number): Body {
  const bytes = new Uint8Array(readFileSync(FIXTURES + name));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at < bytes.length && String.fromCharCode(...bytes.subarray(at + 4, at + 8)) !== 'mdat') {
    at += view.getUint32(at);
  }
  if (at >= bytes.length) throw new Error(`${name} has no mdat box`);
  const head = bytes.slice(0, at + 8);
  const tail = bytes.subarray(at + view.getUint32(at));
  const mdatSize = size - at - tail.length;
  if (mdatSize < 8 || mdatSize > 0xffffffff) throw new Error(`cannot stretch ${name} to ${size} bytes`);
  new DataView(head.buffer).setUint32(at, mdatSize);
  const tailStart = size - tail.length;
  return {
    size,
    slice(start, end) {
      const out = new Uint8Array(end - start);
      if (start < head.length) out.set(head.subarray(start, Math.min(end, head.length)), 0);
      if (end > tailStart) {
        const from = Math.max(start, tailStart);
        out.set(tail.subarray(from - tailStart, end - tailStart), from - start);
      }
      return out;
    },
  };
}

/** The HTML page a share link serves instead of the file. */
const PAGE = '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in to download</body></html>';

/** A running server: its origin, and the bytes it has sent since the last reset. */
export interface MediaServer {
  origin: string;
  /** Response body bytes written (not counting what the client never read after cancelling). */
  served(): number;
  /** Requests answered. */
  requests(): number;
  /** Each request's `Range` header (or null), in order. */
  ranges(): (string | null)[];
  reset(): void;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 at a free port. */
export async function startMediaServer(): Promise<MediaServer> {
  let served = 0;
  let ranges: (string | null)[] = [];
  const server = createServer((req, res) => {
    ranges.push(req.headers.range ?? null);
    const write = res.write.bind(res);
    res.write = ((chunk: Uint8Array | string, ...rest: never[]) => {
      served += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      return write(chunk, ...rest);
    }) as typeof res.write;
    try {
      route(req, res);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    served: () => served,
    requests: () => ranges.length,
    ranges: () => ranges,
    reset: () => {
      served = 0;
      ranges = [];
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function route(req: IncomingMessage, res: ServerResponse): undefined {
  const parts = new URL(req.url ?? '/', 'http://x').pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [mode, ...rest] = parts;
  const typeOf = (file: string) => TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream';
  switch (mode) {
    case 'range':
      return send(req, res, fixture(rest.join('/')), typeOf(rest.join('/')), { range: true });
    case 'plain':
      return send(req, res, fixture(rest.join('/')), typeOf(rest.join('/')), { range: false });
    case 'chunked':
      return send(req, res, fixture(rest.join('/')), typeOf(rest.join('/')), { range: false, length: false });
    case 'typed': {
      const [type, subtype, ...file] = rest;
      return send(req, res, fixture(file.join('/')), `${type}/${subtype}`, { range: true });
    }
    case 'synth': {
      const [how, bytes, ...file] = rest;
      const name = file.join('/');
      return send(req, res, stretched(name, Number(bytes)), typeOf(name), { range: how === 'range' });
    }
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.write(PAGE);
      return void res.end();
    case 'html-untyped':
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(PAGE);
      return void res.end();
    case 'status':
      res.writeHead(Number(rest[0]), { 'content-type': 'application/xml' });
      res.write('<Error><Code>AccessDenied</Code></Error>');
      return void res.end();
    default:
      res.writeHead(404).end();
  }
}

/** Sends a body, honouring `Range` or not; streams in 64 KiB pieces and stops when the client goes. */
function send(
  req: IncomingMessage,
  res: ServerResponse,
  body: Body,
  type: string,
  { range, length = true }: { range: boolean; length?: boolean },
): undefined {
  let start = 0;
  let end = body.size;
  const asked = range ? req.headers.range?.match(/^bytes=(\d+)-(\d*)$/) : null;
  if (asked) {
    start = Number(asked[1]);
    end = asked[2] ? Math.min(Number(asked[2]) + 1, body.size) : body.size;
    if (start >= body.size) {
      res.writeHead(416, { 'content-range': `bytes */${body.size}` }).end();
      return;
    }
    res.writeHead(206, {
      'content-type': type,
      'content-length': end - start,
      'content-range': `bytes ${start}-${end - 1}/${body.size}`,
      'accept-ranges': 'bytes',
    });
  } else {
    res.writeHead(200, { 'content-type': type, ...(length ? { 'content-length': body.size } : {}) });
  }
  let at = start;
  let gone = false;
  res.on('close', () => {
    gone = true;
  });
  const pump = () => {
    while (!gone && at < end) {
      const next = Math.min(end, at + 64 * 1024);
      const ok = res.write(body.slice(at, next));
      at = next;
      if (!ok) return void res.once('drain', pump);
    }
    if (!gone) res.end();
  };
  pump();
}

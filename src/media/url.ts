/**
 * URL sources: what a presigned URL says about its expiry, and reading the file the way Tavus will
 * fetch it — a plain GET of the URL, with no header but `Range` — as little of it as the checks need.
 */
import { CHUNK_BYTES, PREFIX_BYTES, SOURCES, URL_RULES } from './rules.js';
import { type ByteReader, OutOfReach, baseName } from './source.js';
import type { PresignedUrlScheme, TrainingMediaProblem, TrainingMediaProblemCode } from './types.js';

/** What a presigned URL's query says about when it stops working. */
export interface PresignedExpiry {
  /** The signing scheme recognised. */
  scheme: PresignedUrlScheme;
  /** When the URL expires, or null when the scheme was recognised but its expiry could not be read. */
  expiresAt: Date | null;
  /**
   * S3 URLs signed with temporary credentials (`X-Amz-Security-Token`) stop working when those
   * credentials expire, which may be before the URL's own expiry (S3V4).
   */
  temporaryCredentials: boolean;
  /** The page that documents the scheme. */
  source: string;
}

/**
 * Reads the expiry of a presigned URL (S3 SigV4 and SigV2, GCS V4 and V2, Azure SAS, CloudFront
 * canned and custom policies), or returns null for a URL that carries no signature we know (assumed public).
 * Query names are matched case-insensitively: S3-compatible stores and hand-built URLs vary.
 */
export function readPresignedExpiry(url: URL): PresignedExpiry | null {
  const q = new Map<string, string>();
  for (const [key, value] of url.searchParams) q.set(key.toLowerCase(), value);
  const temporaryCredentials = q.has('x-amz-security-token');
  const found = (scheme: PresignedUrlScheme, expiresAt: Date | null, source: string): PresignedExpiry => ({
    scheme,
    expiresAt: expiresAt && Number.isFinite(expiresAt.getTime()) ? expiresAt : null,
    temporaryCredentials,
    source,
  });

  // S3V4: X-Amz-Date (YYYYMMDDTHHMMSSZ, UTC) + X-Amz-Expires (seconds).
  if (q.has('x-amz-signature') || q.get('x-amz-algorithm') === 'AWS4-HMAC-SHA256') {
    return found('aws-sigv4', addSeconds(basicIsoDate(q.get('x-amz-date')), q.get('x-amz-expires')), SOURCES.S3V4);
  }
  // GCS4: the same shape under X-Goog-*.
  if (q.has('x-goog-signature') || q.get('x-goog-algorithm') === 'GOOG4-RSA-SHA256') {
    return found('gcs-v4', addSeconds(basicIsoDate(q.get('x-goog-date')), q.get('x-goog-expires')), SOURCES.GCS4);
  }
  // CFC / CFP: Key-Pair-Id marks CloudFront; a custom policy carries its expiry in the policy JSON.
  if (q.has('key-pair-id')) {
    const policy = q.get('policy');
    if (policy !== undefined) return found('cloudfront-custom', cloudFrontPolicyExpiry(policy), SOURCES.CFP);
    return found('cloudfront-canned', epochSeconds(q.get('expires')), SOURCES.CFC);
  }
  // GCS2 / S3V2: `Expires` is an absolute Unix time in seconds.
  if (q.has('googleaccessid')) return found('gcs-v2', epochSeconds(q.get('expires')), SOURCES.GCS2);
  if (q.has('awsaccessid') || q.has('awsaccesskeyid')) {
    return found('aws-sigv2', epochSeconds(q.get('expires')), SOURCES.S3V2);
  }
  // AZ: `sig` plus `se`, the expiry in ISO 8601 UTC (a date alone is allowed).
  if (q.has('sig') && (q.has('se') || q.has('sv'))) {
    const se = q.get('se');
    return found(
      'azure-sas',
      se ? new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(se) || !se.includes('T') ? se : `${se}Z`) : null,
      SOURCES.AZ,
    );
  }
  return null;
}

/** `20130721T201207Z` → a Date (S3V4, GCS4). */
function basicIsoDate(value: string | undefined): Date | null {
  const m = value?.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
}

function addSeconds(date: Date | null, seconds: string | undefined): Date | null {
  if (!date || seconds === undefined || !/^\d+$/.test(seconds)) return null;
  return new Date(date.getTime() + Number(seconds) * 1000);
}

function epochSeconds(value: string | undefined): Date | null {
  return value !== undefined && /^\d+$/.test(value) ? new Date(Number(value) * 1000) : null;
}

/** CFP: URL-safe base64 (CloudFront's own alphabet: `-` for `+`, `_` for `=`, `~` for `/`) of a JSON policy. */
function cloudFrontPolicyExpiry(policy: string): Date | null {
  try {
    const base64 = policy.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/');
    const json = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))));
    const epoch = json?.Statement?.[0]?.Condition?.DateLessThan?.['AWS:EpochTime'];
    return typeof epoch === 'number' ? new Date(epoch * 1000) : epochSeconds(String(epoch));
  } catch {
    return null;
  }
}

/** The expiry rule (VQ / IQ: downloadable ≥ 24 h after submission), applied now. */
export function expiryProblems(expiry: PresignedExpiry | null, now: number): TrainingMediaProblem[] {
  if (!expiry) return [];
  const out: TrainingMediaProblem[] = [];
  const resign = `Sign it again for at least 25 hours (up to 7 days), e.g. \`aws s3 presign s3://bucket/key --expires-in 90000\`, and check it just before creating the face.`;
  if (!expiry.expiresAt) {
    out.push({
      code: 'url_expiry',
      severity: 'warning',
      message: `the URL looks signed (${expiry.scheme}) but its expiry could not be read, so the 24-hour rule was not checked`,
      fix: 'Make sure the link stays downloadable for at least 24 hours after you create the face.',
      source: SOURCES.VQ,
    });
  } else {
    const left = expiry.expiresAt.getTime() - now;
    const at = expiry.expiresAt.toISOString();
    if (left <= 0) {
      out.push({
        code: 'url_expiry',
        severity: 'error',
        message: `the ${expiry.scheme} URL expired at ${at}`,
        fix: resign,
        source: SOURCES.VQ,
      });
    } else if (left < URL_RULES.minLifetimeMs - URL_RULES.clockSkewMs) {
      out.push({
        code: 'url_expiry',
        severity: 'error',
        message: `the ${expiry.scheme} URL expires at ${at}, in ${(left / 3600_000).toFixed(1)} h; Tavus needs it downloadable for at least 24 h`,
        fix: resign,
        source: SOURCES.VQ,
      });
    }
  }
  if (expiry.temporaryCredentials) {
    out.push({
      code: 'url_expiry',
      severity: 'warning',
      message:
        'the URL is signed with temporary credentials (X-Amz-Security-Token): it stops working when they expire, which may be before its own expiry',
      fix: 'Sign training URLs with long-lived credentials (an IAM user or a role session of at least 24 h).',
      source: SOURCES.S3V4,
    });
  }
  return out;
}

/** What the first request of a URL found. */
export interface UrlOpened {
  /** The facts for the report. */
  facts: { url: string; status: number; contentType: string | null; rangeSupported: boolean };
  /** Problems found before the content was read. */
  problems: TrainingMediaProblem[];
  /** Rules left unchecked and why. */
  unchecked: { codes: TrainingMediaProblemCode[]; why: string }[];
  /** Reads the content, or null when there is none to read. */
  reader: ByteReader | null;
}

const fail = (message: string, fix: string): TrainingMediaProblem => ({
  code: 'download_link',
  severity: 'error',
  message,
  fix,
  source: SOURCES.CF,
});
const DIRECT =
  'Use a direct-download link that answers a plain GET with the file itself, e.g. a presigned S3 GET URL (a share page of Drive or Dropbox serves HTML).';

/**
 * GETs the URL with `Range: bytes=0-65535` and nothing else: not HEAD, which a URL presigned for GET
 * refuses (the method is part of the signature, S3V4), and no credentials or cookies, which Tavus will
 * not have. A 206 means ranges work and gives the size; a 200 means the server sends the whole file,
 * so a bounded prefix is read and the rest left unread.
 */
export async function openUrl(
  raw: string | URL,
  kind: 'video' | 'image',
  fetchFn: typeof fetch,
  signal: AbortSignal | undefined,
): Promise<UrlOpened> {
  const url = String(raw);
  const facts = { url, status: 0, contentType: null as string | null, rangeSupported: false };
  const none = (problem: TrainingMediaProblem): UrlOpened => ({
    facts,
    problems: [problem],
    unchecked: [],
    reader: null,
  });
  let response: Response;
  try {
    response = await fetchFn(url, {
      headers: { Range: `bytes=0-${CHUNK_BYTES - 1}` },
      redirect: 'follow',
      credentials: 'omit',
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    return none(
      fail(
        `the URL could not be fetched: ${(error as Error).message}${cause ? ` (${cause})` : ''}` +
          (typeof document === 'undefined'
            ? ''
            : '; in a browser this is also what a server without CORS headers looks like'),
        'Check that the URL is public: open it in a private browser window, or `curl -I` it from another network.',
      ),
    );
  }
  facts.status = response.status;
  const contentType = response.headers.get('content-type');
  facts.contentType = contentType;
  const mime = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';

  // CF: "a direct-download, publicly reachable URL"; ESD names the failure `download_link`.
  if (response.status === 416) {
    await response.body?.cancel();
    return none(fail('the URL serves an empty file (416 to a request for its first bytes)', DIRECT));
  }
  if (response.status !== 200 && response.status !== 206) {
    await response.body?.cancel();
    const hint =
      response.status === 403 || response.status === 401
        ? ' (an expired signature, a private object, or a link that needs a login)'
        : response.status === 404
          ? ' (no file there)'
          : '';
    return none(fail(`the URL answered ${response.status}${hint}`, DIRECT));
  }
  // CF again: a share or login page is reachable but is not the file.
  if (mime === 'text/html' || mime === 'application/xhtml+xml') {
    await response.body?.cancel();
    return none(fail(`the URL serves an HTML page (${mime}), not a ${kind} file`, DIRECT));
  }

  const problems: TrainingMediaProblem[] = [];
  const wanted = kind === 'video' ? 'video/' : 'image/';
  // Tavus documents no Content-Type; a wrong specific one usually means the wrong file, so a warning
  // (ours). Generic binary types are what many uploads get: there the bytes decide.
  const generic = ['', 'application/octet-stream', 'binary/octet-stream', 'application/mp4'];
  if (!mime.startsWith(wanted) && !generic.includes(mime)) {
    problems.push({
      code: 'content_type',
      severity: 'warning',
      message: `the URL serves Content-Type ${mime}, not ${wanted}*`,
      fix: `Store the file with its media type (e.g. \`aws s3 cp rio.mp4 s3://bucket/ --content-type ${kind === 'video' ? 'video/mp4' : 'image/jpeg'}\`).`,
      source: SOURCES.CF,
    });
  }

  const name = baseName(new URL(response.url || url).pathname);
  const unchecked: UrlOpened['unchecked'] = [];
  if (response.status === 206) {
    facts.rangeSupported = true;
    const range = response.headers.get('content-range')?.match(/^bytes\s+(\d+)-(\d+)\/(\d+|\*)/i);
    const total = range?.[3] && range[3] !== '*' ? Number(range[3]) : null;
    const first = await readBody(response, CHUNK_BYTES * 2);
    const reader = new HttpReader(url, fetchFn, signal, total, name, first.bytes);
    if (total === null)
      unchecked.push({ codes: ['file_size'], why: 'the server did not say the size (Content-Range total "*")' });
    if (looksLikeHtml(first.bytes)) {
      return none(fail(`the URL serves an HTML page, not a ${kind} file`, DIRECT));
    }
    return { facts, problems, unchecked, reader };
  }

  // 200: the whole file is coming. Content-Length is its size unless the body is compressed in transit.
  const length = response.headers.get('content-length');
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const declared = length !== null && /^\d+$/.test(length) && !encoded ? Number(length) : null;
  const prefix = await readBody(response, PREFIX_BYTES);
  if (looksLikeHtml(prefix.bytes)) return none(fail(`the URL serves an HTML page, not a ${kind} file`, DIRECT));
  const size = prefix.complete ? prefix.bytes.length : declared;
  if (size === null) unchecked.push({ codes: ['file_size'], why: 'the server sent no Content-Length' });
  const why = `the server does not support Range requests, so only the first ${PREFIX_BYTES / 1024 / 1024} MiB were read`;
  const reader = new HttpPrefixReader(prefix.bytes, size, name, prefix.complete ? null : why);
  return { facts, problems, unchecked, reader };
}

/** `<!doctype html` or `<html` at the start (after whitespace or a BOM): a page served without its type. */
function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 256))
    .replace(/^\uFEFF?\s*/, '')
    .toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

/** Reads a response body up to `limit` bytes, then cancels the rest (the connection closes; nothing more is downloaded). */
async function readBody(response: Response, limit: number): Promise<{ bytes: Uint8Array; complete: boolean }> {
  if (!response.body) return { bytes: new Uint8Array(0), complete: true };
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  let complete = false;
  while (length < limit) {
    const { done, value } = await reader.read();
    if (done) {
      complete = true;
      break;
    }
    parts.push(value);
    length += value.length;
  }
  if (!complete) await reader.cancel().catch(() => {});
  const bytes = new Uint8Array(Math.min(length, limit));
  let at = 0;
  for (const part of parts) {
    const take = Math.min(part.length, bytes.length - at);
    bytes.set(part.subarray(0, take), at);
    at += take;
    if (at === bytes.length) break;
  }
  return { bytes, complete: complete && length <= limit };
}

/** The prefix of a file from a server without `Range`: reads past it are out of reach. */
class HttpPrefixReader implements ByteReader {
  readonly bytesRead: number;
  readonly extent: number;
  constructor(
    private readonly bytes: Uint8Array,
    readonly size: number | null,
    readonly name: string | null,
    private readonly why: string | null,
  ) {
    this.bytesRead = this.extent = bytes.length;
  }

  async read(start: number, end: number): Promise<Uint8Array> {
    if (this.why && end > this.bytes.length) throw new OutOfReach(this.why);
    return this.bytes.subarray(start, end);
  }

  async close(): Promise<void> {}
}

/**
 * Reads a file over HTTP ranges: each miss fetches at least {@link CHUNK_BYTES} from where it starts
 * (a box header and usually its box in one request), and the chunks fetched are kept for later reads.
 */
class HttpReader implements ByteReader {
  bytesRead: number;
  readonly extent: number;
  private chunks: { start: number; bytes: Uint8Array }[];
  constructor(
    private readonly url: string,
    private readonly fetchFn: typeof fetch,
    private readonly signal: AbortSignal | undefined,
    readonly size: number | null,
    readonly name: string | null,
    first: Uint8Array,
  ) {
    this.bytesRead = first.length;
    // An unknown total ("*") is rare; reading stays within what the first answer showed.
    this.extent = size ?? first.length;
    this.chunks = [{ start: 0, bytes: first }];
  }

  async read(start: number, end: number): Promise<Uint8Array> {
    for (const chunk of this.chunks) {
      if (start >= chunk.start && end <= chunk.start + chunk.bytes.length) {
        return chunk.bytes.subarray(start - chunk.start, end - chunk.start);
      }
    }
    let last = Math.max(end, start + CHUNK_BYTES);
    if (this.size !== null) last = Math.min(last, this.size);
    const response = await this.fetchFn(this.url, {
      headers: { Range: `bytes=${start}-${last - 1}` },
      credentials: 'omit',
      signal: this.signal,
    });
    if (response.status !== 206) {
      await response.body?.cancel();
      throw new OutOfReach(`a Range request for bytes ${start}–${last - 1} was answered ${response.status}, not 206`);
    }
    const { bytes } = await readBody(response, last - start);
    this.bytesRead += bytes.length;
    // mediabunny keeps its own cache of what it parsed; these few chunks only save re-requests of box headers.
    this.chunks.push({ start, bytes });
    if (this.chunks.length > 8) this.chunks.splice(1, 1);
    return bytes.subarray(0, end - start);
  }

  async close(): Promise<void> {}
}

/**
 * One way to read bytes, whatever the source: the video and image checks ask for ranges and never
 * know whether they come from memory, a `Blob`, a file or an HTTP server.
 */

/** Reads byte ranges of one file. */
export interface ByteReader {
  /** The file's size, or null when the source does not say (a server without `Content-Length`). */
  readonly size: number | null;
  /** A file name for the fix commands (`rio.mov`), when the source has one. */
  readonly name: string | null;
  /** Bytes read so far (downloaded, for a URL). */
  readonly bytesRead: number;
  /** How far reads can go when `size` is null (the prefix a server sent without its length). */
  readonly extent: number;
  /**
   * Resolves with the bytes of `[start, end)`, fewer only at the end of the file. Rejects with
   * {@link OutOfReach} for bytes this source cannot give (past the prefix a server without `Range` sent).
   */
  read(start: number, end: number): Promise<Uint8Array>;
  /** Frees what the reader holds (a file handle). */
  close(): Promise<void>;
}

/** A read past what the source can give: the rules that needed it are reported as not checked. */
export class OutOfReach extends Error {
  override name = 'OutOfReach';
}

/** Reads from bytes in memory. */
export class BufferReader implements ByteReader {
  bytesRead = 0;
  readonly size: number;
  readonly extent: number;
  constructor(
    private readonly bytes: Uint8Array,
    readonly name: string | null,
  ) {
    this.size = this.extent = bytes.length;
  }

  async read(start: number, end: number): Promise<Uint8Array> {
    const out = this.bytes.subarray(start, end);
    this.bytesRead += out.length;
    return out;
  }

  async close(): Promise<void> {}
}

/** Reads slices of a `Blob` (or `File`), so a 700 MB file picked in a browser is never loaded whole. */
export class BlobReader implements ByteReader {
  bytesRead = 0;
  readonly size: number;
  readonly extent: number;
  readonly name: string | null;
  constructor(private readonly blob: Blob) {
    this.size = this.extent = blob.size;
    this.name = typeof (blob as File).name === 'string' && (blob as File).name ? (blob as File).name : null;
  }

  async read(start: number, end: number): Promise<Uint8Array> {
    const out = new Uint8Array(await this.blob.slice(start, end).arrayBuffer());
    this.bytesRead += out.length;
    return out;
  }

  async close(): Promise<void> {}
}

/** Opens `{ path }` sources; only the Node build installs one, so `node:fs` stays out of the browser build. */
export type PathOpener = (path: string) => Promise<ByteReader>;

let openPath: PathOpener | undefined;

/** Called once by the Node entry (src/media/index.node.ts). */
export function usePathOpener(opener: PathOpener): void {
  openPath = opener;
}

/** The installed opener, or an error that says where `{ path }` works. */
export function pathOpener(): PathOpener {
  if (!openPath) {
    throw new TypeError(
      'checkTrainingMedia: a { path } source needs Node (the `node` build of tavus-faces/media); in a browser pass a File or Blob',
    );
  }
  return openPath;
}

/** The last segment of a path or URL path, for fix commands. */
export function baseName(path: string): string | null {
  const name = path.split(/[\\/]/).pop();
  return name ? name : null;
}

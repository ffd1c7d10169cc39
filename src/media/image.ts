/**
 * Training image facts by sniffing the header, mediabunny-style: the format from its signature
 * bytes, the size from the fixed place each format keeps it (PNG's IHDR, JPEG's start-of-frame
 * segment, found by hopping over the segments before it with range reads). No library: the rules
 * only need JPEG and PNG sizes and the name of anything else, which is ~100 lines, where the
 * libraries parse 20 formats from a whole buffer.
 */
import { CHUNK_BYTES, IMAGE, IMAGE_HEADER_BYTES, SOURCES } from './rules.js';
import { ffmpegInput } from './fix.js';
import { type ByteReader, OutOfReach } from './source.js';
import type { TrainingImageReport, TrainingMediaProblem, TrainingMediaProblemCode } from './types.js';

/** The facts of an image report. */
export type ImageFacts = Pick<TrainingImageReport, 'format' | 'width' | 'height'>;

/** What sniffing found, and what it could not read. */
export interface ImageRead {
  facts: ImageFacts;
  /** Set when the dimensions were out of reach (past a prefix) or past {@link IMAGE_HEADER_BYTES}. */
  outOfReach: string | null;
}

/** A window on the file that moves forward as the walk needs bytes further on. */
class Window {
  private start = 0;
  private bytes: Uint8Array = new Uint8Array(0);
  constructor(private readonly reader: ByteReader) {}

  /** The `length` bytes at `at`, or null past the end of the file. */
  async get(at: number, length: number): Promise<DataView | null> {
    if (at < this.start || at + length > this.start + this.bytes.length) {
      if (at + length > IMAGE_HEADER_BYTES)
        throw new OutOfReach(`the header runs past its first ${IMAGE_HEADER_BYTES} bytes`);
      this.start = at;
      this.bytes = await this.reader.read(at, at + Math.max(length, CHUNK_BYTES));
    }
    const offset = at - this.start;
    if (offset + length > this.bytes.length) return null;
    return new DataView(this.bytes.buffer, this.bytes.byteOffset + offset, length);
  }
}

const ascii = (view: DataView, at: number, length: number) =>
  String.fromCharCode(...new Uint8Array(view.buffer, view.byteOffset + at, length));

/** Reads the format and pixel size from the header. */
export async function readImage(reader: ByteReader): Promise<ImageRead> {
  const facts: ImageFacts = { format: null, width: null, height: null };
  const window = new Window(reader);
  try {
    const head = await window.get(0, 32);
    if (!head) return { facts, outOfReach: null };
    const size = (width: number, height: number) => {
      facts.width = width;
      facts.height = height;
    };
    if (head.getUint32(0) === 0x89504e47 && ascii(head, 12, 4) === 'IHDR') {
      facts.format = 'png';
      size(head.getUint32(16), head.getUint32(20));
    } else if (head.getUint16(0) === 0xffd8) {
      facts.format = 'jpeg';
      await jpegSize(window, size);
    } else if (ascii(head, 0, 4) === 'GIF8') {
      facts.format = 'gif';
      size(head.getUint16(6, true), head.getUint16(8, true));
    } else if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') {
      facts.format = 'webp';
      const chunk = ascii(head, 12, 4);
      if (chunk === 'VP8X') size(1 + (head.getUint32(24, true) & 0xffffff), 1 + (head.getUint32(27, true) & 0xffffff));
      else if (chunk === 'VP8L') {
        const bits = head.getUint32(21, true);
        size(1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff));
      } else if (chunk === 'VP8 ') size(head.getUint16(26, true) & 0x3fff, head.getUint16(28, true) & 0x3fff);
    } else if (ascii(head, 0, 2) === 'BM') {
      facts.format = 'bmp';
      size(head.getInt32(18, true), Math.abs(head.getInt32(22, true)));
    } else if (ascii(head, 0, 4) === 'II*\0' || ascii(head, 0, 4) === 'MM\0*') {
      facts.format = 'tiff';
    } else if (ascii(head, 4, 4) === 'ftyp') {
      const brand = ascii(head, 8, 4);
      if (brand === 'avif' || brand === 'avis') facts.format = 'avif';
      else if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(brand)) facts.format = 'heic';
    }
  } catch (error) {
    if (!(error instanceof OutOfReach)) throw error;
    return { facts, outOfReach: error.message };
  }
  return { facts, outOfReach: null };
}

/** Hops from segment to segment to the start-of-frame (SOF0–SOF15 but DHT, JPG and DAC), which holds the size. */
async function jpegSize(window: Window, size: (width: number, height: number) => void): Promise<void> {
  let at = 2;
  for (;;) {
    const marker = await window.get(at, 9);
    if (marker?.getUint8(0) !== 0xff) return;
    const type = marker.getUint8(1);
    if (type === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (type === 0xd9 || type === 0xda) return; // end of image, or scan data before any frame header
    if ((type >= 0xd0 && type <= 0xd7) || type === 0x01) {
      at += 2; // markers without a length
      continue;
    }
    if (type >= 0xc0 && type <= 0xcf && type !== 0xc4 && type !== 0xc8 && type !== 0xcc) {
      size(marker.getUint16(7), marker.getUint16(5));
      return;
    }
    at += 2 + marker.getUint16(2);
  }
}

/** The image rules applied to the facts read. */
export function imageProblems(
  read: ImageRead,
  name: string | null,
  unchecked: Set<TrainingMediaProblemCode>,
): TrainingMediaProblem[] {
  const { format, width, height } = read.facts;
  const out: TrainingMediaProblem[] = [];
  // P4I: "JPG or PNG".
  if (format === null && read.outOfReach) unchecked.add('image_format');
  else if (format === null || !(IMAGE.formats as readonly string[]).includes(format)) {
    out.push({
      code: 'image_format',
      severity: 'error',
      message: `the image is ${format ? `a ${format.toUpperCase()} file` : 'no image format we recognise'}; Tavus takes JPG or PNG`,
      fix: `Convert it: \`ffmpeg -i ${ffmpegInput(name, format ?? 'img')} -q:v 2 training.jpg\` (or \`training.png\`).`,
      source: SOURCES.P4I,
    });
  }
  // P4I, TWI: at least 512 × 512.
  if (width === null || height === null) {
    if (format !== null && (IMAGE.formats as readonly string[]).includes(format)) unchecked.add('image_size');
  } else if (width < IMAGE.minSide || height < IMAGE.minSide) {
    out.push({
      code: 'image_size',
      severity: 'error',
      message: `the image is ${width} × ${height}; Tavus needs at least ${IMAGE.minSide} × ${IMAGE.minSide}`,
      fix: `Use a larger photo (at least ${IMAGE.minSide} px on each side, head and shoulders in frame); upscaling a small one adds no detail.`,
      source: SOURCES.P4I,
    });
  }
  return out;
}

// tavus-faces/media: how much of a 700 MB training video `checkTrainingMedia` reads from a 127.0.0.1
// server, and how long it takes, with the moov box at the start and at the end, from a server that
// honours Range and from one that ignores it. The server (test/media/server.ts, the tests' own)
// synthesises the file from a fixture's boxes plus zeros, so nothing is written to disk, and counts
// the bytes it writes. Also weighs the browser bundle of `import { checkTrainingMedia }`.
// Usage: node --import tsx media.mjs <dist>; prints JSON.
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { build } from 'esbuild';
import { startMediaServer } from '../media/server.ts';
import { ROOT, median, nowMs } from './lib.mjs';

const dist = process.argv[2];
const { checkTrainingMedia } = await import(join(dist, 'media.node.js'));
const SIZE = 700 * 1000 * 1000;
const ROUNDS = 5;

const cases = {
  'Range, moov at the start': `/synth/range/${SIZE}/good-125s.mp4`,
  'Range, moov at the end': `/synth/range/${SIZE}/good-125s-moov-end.mp4`,
  'no Range, moov at the start': `/synth/plain/${SIZE}/good-125s.mp4`,
  'no Range, moov at the end': `/synth/plain/${SIZE}/good-125s-moov-end.mp4`,
};

const server = await startMediaServer();
const results = {};
try {
  // One untimed pass: module compilation and the first sockets are not what is measured.
  await checkTrainingMedia(server.origin + cases['Range, moov at the start'], { kind: 'video' });
  for (const [name, path] of Object.entries(cases)) {
    const ms = [];
    let last;
    for (let round = 0; round < ROUNDS; round++) {
      server.reset();
      const start = nowMs();
      const report = await checkTrainingMedia(server.origin + path, { kind: 'video' });
      ms.push(nowMs() - start);
      // Let the server notice a cancelled response before its count is read.
      await new Promise((resolve) => setTimeout(resolve, 50));
      last = { report, served: server.served(), requests: server.requests() };
    }
    const { report } = last;
    results[name] = {
      ms: median(ms),
      msMin: Math.min(...ms),
      msMax: Math.max(...ms),
      bytesRead: report.bytesRead,
      bytesServed: last.served,
      requests: last.requests,
      ok: report.ok,
      problems: report.problems.map((p) => `${p.severity}:${p.code}`),
      unchecked: report.unchecked,
      facts: `${report.videoCodec ?? '?'} / ${report.audioCodec ?? '?'} in ${report.container ?? '?'}, ${report.width ?? '?'}×${report.height ?? '?'} @ ${report.fps ?? '?'} fps, ${report.durationS === null ? '?' : report.durationS.toFixed(1)} s`,
    };
  }
} finally {
  await server.close();
}

/** Min + brotli of a bundle, as size-limit measures it. */
async function weigh(contents) {
  const out = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return brotliCompressSync(out.outputFiles[0].text).length;
}
const bundle = {
  media: await weigh(`export { checkTrainingMedia } from ${JSON.stringify(join(dist, 'media.js'))};`),
  // The mediabunny parts it uses, alone: the readers of MP4/MOV and WebM/MKV over a custom source.
  mediabunny: await weigh("export { Input, CustomSource, MP4, QTFF, WEBM, MATROSKA } from 'mediabunny';"),
};

process.stdout.write(`${JSON.stringify({ sizeBytes: SIZE, rounds: ROUNDS, results, bundle })}\n`);

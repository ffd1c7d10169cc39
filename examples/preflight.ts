/**
 * Check training media before paying for a training: each argument is a URL or a local file, checked
 * as a video (an image by its extension) against the model's rules; prints the facts and what to fix.
 *
 *   npx tsx examples/preflight.ts https://…/rio.mp4 ./ana.jpg --model phoenix-3
 *
 * Exits non-zero when any file would fail.
 */
import { type TrainingMediaReport, checkTrainingMedia } from '../src/media/index.node.js';

/** Checks every input and prints a short report of each; resolves with the reports. */
export async function main(
  inputs: string[],
  model_name = 'phoenix-4',
  log: (line: string) => void = console.log,
): Promise<TrainingMediaReport[]> {
  const reports: TrainingMediaReport[] = [];
  for (const input of inputs) {
    const kind = /\.(jpe?g|png|webp|gif|heic|avif|bmp|tiff?)(\?|$)/i.test(input) ? 'image' : 'video';
    const source = /^https?:\/\//.test(input) ? input : { path: input };
    const report = await checkTrainingMedia(source, { kind, model_name });
    reports.push(report);
    log(`${report.ok ? 'OK  ' : 'FAIL'} ${input} (${kind}, ${model_name}): ${facts(report)}`);
    for (const p of report.problems) {
      log(`  ${p.severity} ${p.code}: ${p.message}`);
      log(`    fix: ${p.fix}`);
    }
  }
  return reports;
}

function facts(report: TrainingMediaReport): string {
  const size = report.sizeBytes === null ? '? bytes' : `${(report.sizeBytes / 1e6).toFixed(1)} MB`;
  if (report.kind === 'image') return `${report.format ?? '?'} ${report.width ?? '?'}×${report.height ?? '?'}, ${size}`;
  const duration = report.durationS === null ? '?' : `${report.durationS.toFixed(1)} s`;
  const audio = report.hasAudio === null ? '' : report.hasAudio ? ` + ${report.audioCodec}` : ', no audio';
  return `${report.videoCodec ?? '?'}${audio} in ${report.container ?? '?'}, ${report.width ?? '?'}×${report.height ?? '?'} @ ${report.fps ?? '?'} fps, ${duration}, ${size}; read ${report.bytesRead} bytes`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--model');
  const model = at >= 0 ? args.splice(at, 2)[1] : undefined;
  main(args, model).then(
    (reports) => {
      if (reports.some((r) => !r.ok)) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

/**
 * `preflight (URL | FILE)` and the check `faces train` runs before its POST. `preflight` takes a
 * local file too, so it calls `checkTrainingMedia` from tavus-faces/media itself (loaded only when a
 * check runs: it brings mediabunny); `faces train` has Create Face params, so it asks
 * `tavus.faces.preflight`, which also puts an image that passes to Tavus's own image check.
 *
 * @module
 * @internal
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CreateFaceParams, FacePreflightProblem, FacePreflightReport } from '../index.node.js';
import type { TrainingMediaProblem, TrainingMediaReport } from '../media/index.node.js';
import { type Cli, CliError } from './context.js';
import { EXIT, type Stream } from './output.js';
import type { Act } from './shared.js';

/** Checks a training file or URL (the same check in both commands). @internal */
export async function checkMedia(
  cli: Cli,
  source: string,
  kind: 'video' | 'image',
  model: string | undefined,
): Promise<TrainingMediaReport> {
  const { checkTrainingMedia } = await import('../media/index.node.js');
  // A URL is fetched as Tavus will fetch it; anything else without a scheme is a file here.
  const target = /^[a-z][a-z\d+.-]*:\/\//i.test(source) ? source : { path: resolve(source) };
  try {
    return await checkTrainingMedia(target, {
      kind,
      signal: cli.signal,
      ...(model === undefined ? {} : { model_name: model }),
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new CliError(`${source}: no such file (give a local file or an http(s) URL)`);
    if (code === 'EISDIR') throw new CliError(`${source} is a directory, not a video or image file`);
    throw error;
  }
}

/** The report for humans: a verdict line with the facts read, then each problem and its fix. @internal */
export function reportLines(cli: Cli, report: TrainingMediaReport, stream: Stream): string[] {
  return [
    verdictLine(cli, report.ok, report.problems, stream, `${report.kind}, ${report.model_name}: ${facts(report)}`),
    ...problemLines(cli, report.problems, stream),
  ];
}

/** `faces train`'s report: the same lines, with Tavus's image verdict and each URL's facts. */
function faceReportLines(cli: Cli, report: FacePreflightReport, stream: Stream): string[] {
  const { train_video_url: video, train_image_url: image, consent_video_url: consent } = report.reports;
  const media = video ?? image;
  const about = [
    media ? `${media.kind}, ${report.model_name}: ${facts(media)}` : report.model_name,
    ...(consent ? [`consent video: ${facts(consent)}`] : []),
    ...(report.imageValidation ? [`Tavus image check: ${report.imageValidation.passed ? 'passed' : 'failed'}`] : []),
  ];
  return [
    verdictLine(cli, report.ok, report.problems, stream, about.join('; ')),
    ...problemLines(cli, report.problems, stream),
  ];
}

function verdictLine(
  cli: Cli,
  ok: boolean,
  problems: readonly TrainingMediaProblem[] | readonly FacePreflightProblem[],
  stream: Stream,
  about: string,
): string {
  const { out } = cli;
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const verdict = ok
    ? out.paint(stream, 'green', 'ok')
    : out.paint(stream, 'red', `${errors} error${errors === 1 ? '' : 's'}`);
  return `preflight: ${verdict}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''} (${about})`;
}

function problemLines(
  cli: Cli,
  problems: readonly (TrainingMediaProblem | FacePreflightProblem)[],
  stream: Stream,
): string[] {
  const { out } = cli;
  return problems.flatMap((p) => {
    const label = p.severity === 'error' ? out.paint(stream, 'red', 'error') : out.paint(stream, 'yellow', 'warning');
    // Only the consent video is named: the training file is the one the command line gave.
    const field = 'field' in p && p.field === 'consent_video_url' ? 'consent video ' : '';
    return [`  ${label} ${field}${p.code}: ${p.message}`, `    fix: ${p.fix}`];
  });
}

function byteSize(bytes: number): string {
  return bytes < 1_048_576 ? `${Math.max(1, Math.round(bytes / 1024))} kB` : `${(bytes / 1_048_576).toFixed(1)} MB`;
}

function facts(report: TrainingMediaReport): string {
  const size = report.width && report.height ? `${report.width}x${report.height}` : undefined;
  const bytes = report.sizeBytes === null ? undefined : byteSize(report.sizeBytes);
  const parts =
    report.kind === 'video'
      ? [
          report.container,
          report.videoCodec && `${report.videoCodec}${report.audioCodec ? `/${report.audioCodec}` : ', no audio'}`,
          report.durationS === null ? undefined : `${report.durationS.toFixed(1)} s`,
          size,
          report.fps === null ? undefined : `${Math.round(report.fps)} fps`,
          bytes,
        ]
      : [report.format, size, bytes];
  const known = parts.filter((p): p is string => typeof p === 'string' && p !== '');
  return known.length ? known.join(', ') : 'nothing could be read';
}

/** Registers `preflight`. @internal */
export function preflightCommand(program: Command, act: Act): void {
  program
    .command('preflight')
    .description('check a training video or image against Tavus\u2019s requirements, before a paid training')
    .argument('<source>', 'an http(s) URL (fetched as Tavus will fetch it) or a local file')
    .option('--image', 'it is a training image (default: a training video)')
    .option('--model <model>', 'the Phoenix model whose rules apply (default: phoenix-4)')
    .addHelpText(
      'after',
      '\nExit status 2 when the report has errors.\n\nExample:\n  $ tavus-faces preflight ./me.mp4 --model phoenix-4.5',
    )
    .action(
      act(async (cli, source: string, options: { image?: boolean; model?: string }) => {
        const report = await checkMedia(cli, source, options.image ? 'image' : 'video', options.model);
        cli.out.result(report, () => reportLines(cli, report, cli.out.io.stdout));
        return report.ok ? EXIT.ok : EXIT.preflight;
      }),
    );
}

/**
 * The preflight of `faces train`: `tavus.faces.preflight` on the very params it will send (the
 * training file's checks, and for an image Tavus's own image check), the report printed (as
 * notes), and no training on errors. @internal
 */
export async function preflightBeforeTraining(cli: Cli, params: CreateFaceParams): Promise<FacePreflightReport> {
  const tavus = await cli.client();
  const report = await tavus.faces.preflight(params, { signal: cli.signal });
  const lines = faceReportLines(cli, report, cli.out.io.stderr);
  if (report.ok) {
    for (const line of lines) cli.out.note(line);
    return report;
  }
  // Errors are shown even with --quiet: they are why nothing happened.
  for (const line of lines) cli.out.io.stderr.write(`${line}\n`);
  throw new CliError(
    'Not training: the preflight found errors (above). Fix them, or pass --no-preflight to train anyway',
    EXIT.preflight,
    { preflight: report, created: false },
  );
}

/**
 * `faces train | watch | list | get | rename | delete`.
 *
 * @module
 * @internal
 */
import { createInterface } from 'node:readline/promises';
import { type Command, Option } from 'commander';
import type { CreateFaceParams, Face, TrainingGoal, WatchTrainingOptions } from '../index.node.js';
import { type Cli, CliError } from './context.js';
import { EXIT, UsageError, fields, table } from './output.js';
import { preflightBeforeTraining } from './preflight.js';
import { faceState, showTraining } from './progress.js';
import { type Act, intervalOption } from './shared.js';

interface TrainOptions {
  video?: string;
  image?: string;
  voice?: string;
  name?: string;
  model?: string;
  callbackUrl?: string;
  preflight: boolean;
  watch?: boolean;
  until?: TrainingGoal;
  /** Whether `--until` was given (it has a default, so `until` alone cannot say). */
  untilGiven?: boolean;
  interval?: number;
}

/** Registers `faces …`. @internal */
export function facesCommands(program: Command, act: Act): void {
  const faces = program.command('faces').description('your own faces: train, watch, list, read, rename, delete');

  faces
    .command('train')
    .description('train a face from a video, or from an image and a voice (preflight first)')
    .option('--video <url>', 'the training video: a direct-download URL valid for 24 h')
    .option('--image <url>', 'the training image (needs --voice)')
    .option('--voice <slug>', 'a stock voice for image training, e.g. anna (see `voices list`)')
    .option('--name <name>', 'the face\u2019s display name')
    .option('--model <model>', 'the Phoenix model: phoenix-3, phoenix-4 (default) or phoenix-4.5')
    .option('--callback-url <url>', 'Tavus POSTs here when training completes or fails')
    .option('--no-preflight', 'skip the check of the training file (it is on by default)')
    .option('--watch', 'then watch the training with a live bar until the face is usable')
    .addOption(untilOption())
    .addOption(intervalOption())
    .addHelpText(
      'after',
      '\nThe preflight report is printed first; its errors stop the command (exit 2) before anything is sent.\n\n' +
        'Examples:\n' +
        '  $ tavus-faces faces train --video https://example.com/me.mp4 --name Rio --watch\n' +
        '  $ tavus-faces faces train --image https://example.com/me.jpg --voice anna --model phoenix-4.5 --watch --until tuned',
    )
    .action(
      act((cli, options: TrainOptions, command: Command) =>
        train(cli, { ...options, untilGiven: command.getOptionValueSource('until') === 'cli' }),
      ),
    );

  faces
    .command('watch')
    .description('watch a training with a live bar (percent, ETA) until the face is usable')
    .argument('<id>', 'the face id')
    .addOption(untilOption())
    .addOption(intervalOption())
    .addHelpText('after', '\nExample:\n  $ tavus-faces faces watch r90bbd427f71 --until tuned')
    .action(
      act(async (cli, id: string, options: { until?: TrainingGoal; interval?: number }) => {
        const face = await watch(cli, id, options);
        cli.out.result(face, () => faceLines(face));
      }),
    );

  faces
    .command('list')
    .description('list your faces (every page)')
    .addHelpText('after', '\nExample:\n  $ tavus-faces faces list --json')
    .action(
      act(async (cli) => {
        const tavus = await cli.client();
        const all = await tavus.faces.list(undefined, cli.request).toArray();
        cli.out.result(all, () => faceTable(all, 'no faces yet: train one with `tavus-faces faces train`'));
      }),
    );

  faces
    .command('get')
    .description('show one face')
    .argument('<id>', 'the face id')
    .addHelpText('after', '\nExample:\n  $ tavus-faces faces get r90bbd427f71')
    .action(
      act(async (cli, id: string) => {
        const face = await (await cli.client()).faces.get(id, { verbose: true }, cli.request);
        cli.out.result(face, () => faceLines(face));
      }),
    );

  faces
    .command('rename')
    .description('rename a face')
    .argument('<id>', 'the face id')
    .argument('<name>', 'the new name')
    .addHelpText('after', '\nExample:\n  $ tavus-faces faces rename r90bbd427f71 "Rio (office)"')
    .action(
      act(async (cli, id: string, name: string) => {
        const updated = await (await cli.client()).faces.rename(id, name, cli.request);
        cli.out.result(updated, () => [`Renamed face ${id} to ${JSON.stringify(name)}`]);
      }),
    );

  faces
    .command('delete')
    .description('delete a face (asks first on a terminal)')
    .argument('<id>', 'the face id')
    .option('--hard', 'irreversibly delete its assets (training footage) too')
    .option('--yes', 'do not ask (required when stdin is not a terminal)')
    .addHelpText(
      'after',
      '\nWithout --yes it asks on a terminal, and refuses when stdin is not one (a script must say --yes).\n\n' +
        'Example:\n  $ tavus-faces faces delete r90bbd427f71 --hard --yes',
    )
    .action(
      act(async (cli, id: string, options: { hard?: boolean; yes?: boolean }) => {
        if (
          !options.yes &&
          !(await confirm(cli, `Delete face ${id}${options.hard ? ' and its assets, for good' : ''}?`))
        ) {
          cli.out.error('Not deleted.');
          return EXIT.failure;
        }
        await (await cli.client()).faces.delete(id, { hard: options.hard === true }, cli.request);
        cli.out.result({ face_id: id, deleted: true, hard: options.hard === true }, () => [
          `Deleted face ${id}${options.hard ? ' (hard)' : ''}`,
        ]);
      }),
    );
}

function untilOption(): Option {
  return new Option(
    '--until <goal>',
    'when the face counts as done: usable, or tuned (Phoenix-4.5\u2019s fine-tuning too)',
  )
    .choices(['usable', 'tuned'])
    .default('usable');
}

async function train(cli: Cli, options: TrainOptions): Promise<void> {
  const params = trainParams(options);
  if (!options.watch && options.untilGiven) throw new UsageError('--until only applies with --watch');
  // The origin and path only: a presigned URL's query carries its signature, which logs must not get.
  const source = withoutQuery(options.video ?? options.image ?? '');
  if (options.preflight) await preflightBeforeTraining(cli, params);
  const tavus = await cli.client();
  const created = await tavus.faces.create(params, cli.request);
  const { face_id } = created;
  cli.out.note(`Training face ${face_id}${options.name ? ` (${options.name})` : ''} from ${source}`);
  if (!options.watch) {
    cli.out.result(created, () => [face_id]);
    cli.out.note(`Watch it with: tavus-faces faces watch ${face_id}`);
    return;
  }
  const face = await watch(cli, face_id, options);
  cli.out.result(face, () => faceLines(face));
}

/** The Create Face body from the flags; a bad combination is a usage error (nothing sent). */
function trainParams(options: TrainOptions): CreateFaceParams {
  const { video, image, voice } = options;
  if ((video === undefined) === (image === undefined)) {
    throw new UsageError('give exactly one of --video URL or --image URL');
  }
  if (image !== undefined && voice === undefined) {
    throw new UsageError('image training needs a voice: add --voice SLUG (see `tavus-faces voices list`)');
  }
  const common = {
    ...(options.name === undefined ? {} : { face_name: options.name }),
    ...(options.callbackUrl === undefined ? {} : { callback_url: options.callbackUrl }),
    ...(voice === undefined ? {} : { voice_name: voice }),
    ...(options.model === undefined ? {} : { model_name: options.model }),
  };
  return (
    video !== undefined ? { ...common, train_video_url: video } : { ...common, train_image_url: image }
  ) as CreateFaceParams;
}

async function watch(cli: Cli, faceId: string, options: { until?: TrainingGoal; interval?: number }): Promise<Face> {
  const tavus = await cli.client();
  const watchOptions: WatchTrainingOptions = { signal: cli.signal, until: options.until ?? 'usable' };
  if (options.interval !== undefined) watchOptions.intervalMs = options.interval;
  const job = tavus.faces.watchTraining(faceId, watchOptions);
  cli.interruptNote = `Stopped watching face ${faceId}; its training goes on. Resume with: tavus-faces faces watch ${faceId}`;
  const stop = showTraining(cli, job);
  try {
    const face = await job.done;
    stop();
    cli.out.note(`Face ${face.face_id} is ready (${faceState(face)})`);
    return face;
  } finally {
    stop();
  }
}

/** Asks on a terminal; refuses (a usage error) when stdin is not one. */
async function confirm(cli: Cli, question: string): Promise<boolean> {
  const { stdin, stderr } = cli.out.io;
  if (stdin.isTTY !== true) {
    throw new UsageError('refusing to delete without confirmation: stdin is not a terminal, so pass --yes');
  }
  const rl = createInterface({ input: stdin, output: stderr as NodeJS.WritableStream });
  // Ctrl-C at the prompt: readline takes the key press, so pass it on as the run's interrupt.
  rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal: cli.signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch (error) {
    if (cli.signal.aborted) throw new CliError('Interrupted.', EXIT.interrupted);
    throw error;
  } finally {
    rl.close();
  }
}

/** A face for humans. @internal */
export function faceLines(face: Face): string[] {
  return fields([
    ['face_id', face.face_id],
    ['name', face.face_name],
    ['status', faceState(face)],
    ['progress', face.training_progress],
    ['model', face.model_name],
    ['type', face.face_type],
    ['voice', face.default_voice_id],
    ['error', face.error_message],
    ['created', face.created_at],
    ['thumbnail', face.thumbnail_video_url],
  ]);
}

/** Faces as a table, or `empty` when there are none. @internal */
export function faceTable(faces: readonly Face[], empty: string): string[] {
  if (faces.length === 0) return [empty];
  return table([
    ['FACE_ID', 'STATUS', 'MODEL', 'NAME'],
    ...faces.map((f) => [
      f.face_id,
      f.status === 'completed' || !f.training_progress ? String(f.status) : `${f.status} ${f.training_progress}`,
      f.model_name ?? '',
      f.face_name ?? '',
    ]),
  ]);
}

function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
  } catch {
    return url;
  }
}

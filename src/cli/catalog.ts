/**
 * `stock-faces list`, `voices list` and `voices create`.
 *
 * @module
 * @internal
 */
import type { Command } from 'commander';
import type { CreateVoiceParams, Voice, WaitForVoiceOptions } from '../index.node.js';
import type { Cli } from './context.js';
import { faceTable } from './faces.js';
import { fields, table } from './output.js';
import { type Act, intervalOption, seconds } from './shared.js';

interface CreateVoiceOptions {
  name: string;
  audioUrl: string;
  description?: string;
  callbackUrl?: string;
  wait?: boolean;
  interval?: number;
  timeout?: number;
}

/** Registers `stock-faces …` and `voices …`. @internal */
export function catalogCommands(program: Command, act: Act): void {
  program
    .command('stock-faces')
    .description('the ready-made Tavus faces')
    .command('list')
    .description('list stock faces (every page); each look has one face id per Phoenix model')
    .option('--model <model>', 'only the faces of this model, e.g. phoenix-4')
    .addHelpText('after', '\nExample:\n  $ tavus-faces stock-faces list --model phoenix-4')
    .action(
      act(async (cli, options: { model?: string }) => {
        const tavus = await cli.client();
        const params = options.model === undefined ? {} : { model_name: options.model };
        const all = await tavus.stockFaces.list(params, cli.request).toArray();
        cli.out.result(all, () => faceTable(all, 'no stock faces match'));
      }),
    );

  const voices = program.command('voices').description('voices for image training and PALs');
  voices
    .command('list')
    .description('list voices (every page)')
    .option('--search <text>', 'only voices whose name contains this (case-insensitive)')
    .addHelpText('after', '\nExample:\n  $ tavus-faces voices list --search ann')
    .action(
      act(async (cli, options: { search?: string }) => {
        const tavus = await cli.client();
        const params = options.search === undefined ? {} : { search: options.search };
        const all = await tavus.voices.list(params, cli.request).toArray();
        cli.out.result(all, () => voiceTable(all));
      }),
    );

  voices
    .command('create')
    .description('clone a voice from an audio sample (ready within a few minutes)')
    .requiredOption('--name <name>', 'the voice\u2019s name, 1\u2013255 characters')
    .requiredOption(
      '--audio-url <url>',
      'a public URL of the sample: .mp3, .wav, .m4a, .flac, .ogg, .oga, .webm, .mp4 or .mov (you must hold the rights to the voice)',
    )
    .option('--description <text>', 'free text returned on reads, at most 1000 characters')
    .option('--callback-url <url>', 'Tavus POSTs here when the voice is ready or has failed')
    .option('--wait', 'then wait until the voice can speak, and print it')
    .addOption(intervalOption('milliseconds between polls while waiting (default: 5000)'))
    .option('--timeout <seconds>', 'how long --wait waits (default: 600)', seconds)
    .addHelpText(
      'after',
      '\nWithout --wait it prints the new voice id at once (its status is `started`). The request is never\n' +
        're-sent after a failure that may have reached Tavus: a second one would make a second voice.\n\n' +
        'Example:\n' +
        '  $ tavus-faces voices create --name Ana --audio-url https://example.com/ana.mp3 --description "Warm, unhurried" --wait',
    )
    .action(act((cli, options: CreateVoiceOptions) => createVoice(cli, options)));
}

async function createVoice(cli: Cli, options: CreateVoiceOptions): Promise<void> {
  const params: CreateVoiceParams = {
    voice_name: options.name,
    audio_url: options.audioUrl,
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.callbackUrl === undefined ? {} : { callback_url: options.callbackUrl }),
  };
  const tavus = await cli.client();
  const created = await tavus.voices.create(params, cli.request);
  const { voice_id } = created;
  // The audio URL is not echoed: a presigned link's signature must not reach logs.
  cli.out.note(`Creating voice ${voice_id} (${options.name})`);
  if (!options.wait) {
    cli.out.result(created, () => [voice_id]);
    cli.out.note('It can speak within a few minutes (status `completed`); add --wait to wait for it.');
    return;
  }
  const wait: WaitForVoiceOptions = { signal: cli.signal };
  if (options.interval !== undefined) wait.intervalMs = options.interval;
  if (options.timeout !== undefined) wait.timeoutMs = options.timeout * 1000;
  cli.interruptNote = `Stopped waiting for voice ${voice_id}; it is still being made. Its status: tavus-faces voices list --json --search ${JSON.stringify(options.name)}`;
  cli.out.note(`Waiting for voice ${voice_id} to be ready\u2026`);
  const voice = await tavus.voices.waitUntilReady(voice_id, wait);
  cli.out.note(`Voice ${voice_id} is ready`);
  cli.out.result(voice, () => voiceLines(voice));
}

/** A voice for humans. */
function voiceLines(voice: Voice): string[] {
  return fields([
    ['voice_id', voice.voice_id],
    ['name', voice.voice_name],
    ['status', voice.status],
    ['type', voice.voice_type],
    ['description', voice.description],
    ['created', voice.created_at],
  ]);
}

function voiceTable(voices: readonly Voice[]): string[] {
  if (voices.length === 0) return ['no voices match'];
  return table([
    ['VOICE_ID', 'NAME', 'TYPE', 'DESCRIPTION'],
    ...voices.map((v) => [v.voice_id ?? '', v.voice_name, v.voice_type ?? '', v.description ?? '']),
  ]);
}

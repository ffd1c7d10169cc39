/**
 * `stock-faces list` and `voices list`.
 *
 * @module
 * @internal
 */
import type { Command } from 'commander';
import type { Voice } from '../index.node.js';
import { faceTable } from './faces.js';
import { table } from './output.js';
import type { Act } from './shared.js';

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
  // GAP (issue 19): `voices create …` is wired here once `tavus.voices.create(params)` exists in the
  // SDK (being added in parallel); until then the command is absent rather than half there.
}

function voiceTable(voices: readonly Voice[]): string[] {
  if (voices.length === 0) return ['no voices match'];
  return table([
    ['VOICE_ID', 'NAME', 'TYPE', 'DESCRIPTION'],
    ...voices.map((v) => [v.voice_id ?? '', v.voice_name, v.voice_type ?? '', v.description ?? '']),
  ]);
}

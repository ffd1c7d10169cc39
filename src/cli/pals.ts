/**
 * `pals create | get | list | update | publish | delete`. `update` takes a JSON Merge Patch (from
 * `--set path=value` flags or a file; `tavus.pals.update`) or a JSON Patch array (`tavus.pals.patch`).
 * `--dry-run` runs that very call on a client whose PATCH requests are caught and printed instead of
 * sent, so what it prints is what the SDK would send: same checks, same plan, same batches.
 *
 * @module
 * @internal
 */
import type { Command } from 'commander';
import { type Pal, type PalPatchOperation, type Tavus, type UpdatePalChanges, parsePointer } from '../index.node.js';
import { type Cli, CliError } from './context.js';
import { UsageError, fields, table } from './output.js';
import { type Act, readJson } from './shared.js';

/** Registers `pals …`. @internal */
export function palsCommands(program: Command, act: Act): void {
  const pals = program.command('pals').description('PALs: what a face says and how (prompt, layers)');

  pals
    .command('create')
    .description('create a PAL from a JSON file (Create PAL\u2019s body)')
    .requiredOption('--file <pal.json>', 'the PAL as JSON (`-` reads stdin)')
    .addHelpText(
      'after',
      '\nExample:\n  $ echo \'{"pal_name":"Coach","system_prompt":"You are a running coach.","default_face_id":"r90bbd427f71"}\' > pal.json\n' +
        '  $ tavus-faces pals create --file pal.json',
    )
    .action(
      act(async (cli, options: { file: string }) => {
        const params = await readJson(cli, options.file);
        const tavus = await cli.client();
        const created = await tavus.pals.create(params as never, cli.request);
        cli.out.result(created, () => [created.pal_id]);
        cli.out.note(`Created PAL ${created.pal_id}${created.pal_name ? ` (${created.pal_name})` : ''}`);
      }),
    );

  pals
    .command('get')
    .description('show one PAL')
    .argument('<id>', 'the PAL id')
    .addHelpText('after', '\nExample:\n  $ tavus-faces pals get pcb7a34da5fe --json')
    .action(
      act(async (cli, id: string) => {
        const pal = await (await cli.client()).pals.get(id, cli.request);
        cli.out.result(pal, () => palLines(pal));
      }),
    );

  pals
    .command('list')
    .description('list PALs (every page)')
    .addHelpText('after', '\nExample:\n  $ tavus-faces pals list')
    .action(
      act(async (cli) => {
        const all = await (await cli.client()).pals.list(undefined, cli.request).toArray();
        cli.out.result(all, () =>
          all.length === 0
            ? ['no PALs yet: create one with `tavus-faces pals create --file pal.json`']
            : table([
                ['PAL_ID', 'DEFAULT_FACE', 'NAME'],
                ...all.map((p) => [p.pal_id, p.default_face_id ?? '', p.pal_name ?? '']),
              ]),
        );
      }),
    );

  pals
    .command('update')
    .description('change a PAL: --set path=value (repeatable) or --file changes.json; sent as a JSON Patch')
    .argument('<id>', 'the PAL id')
    .option('--set <path=value>', 'one change; the value is JSON when it parses (null removes), else text', collect, [])
    .option('--file <changes.json>', 'a JSON Merge Patch of the PAL, or a JSON Patch array (`-` reads stdin)')
    .option('--dry-run', 'print the JSON Patch it would send, and send nothing')
    .option('--force', 'overwrite live even when PAL Maker holds an unpublished draft (discards the draft)')
    .addHelpText(
      'after',
      '\nPaths are dotted (layers.llm.model) or JSON Pointers (/layers/llm/model).\n\n' +
        'Examples:\n' +
        '  $ tavus-faces pals update pcb7a34da5fe --set system_prompt="You are a patient tutor." --set layers.stt.hotwords=null --dry-run\n' +
        '  $ tavus-faces pals update pcb7a34da5fe --file changes.json',
    )
    .action(
      act(async (cli, id: string, options: { set: string[]; file?: string; dryRun?: boolean; force?: boolean }) => {
        if (options.set.length > 0 === (options.file !== undefined)) {
          throw new UsageError('give the changes with --set path=value (one or more) or with --file, not both');
        }
        const changes = options.file === undefined ? mergeFromSets(options.set) : await readJson(cli, options.file);
        const tavus = await cli.client();
        if (options.dryRun) return dryRun(cli, tavus, id, changes, options.force === true);
        return update(cli, tavus, id, changes, options.force === true);
      }),
    );

  pals
    .command('publish')
    .description('publish the PAL Builder draft to live')
    .argument('<id>', 'the PAL id')
    .addHelpText('after', '\nExample:\n  $ tavus-faces pals publish pcb7a34da5fe')
    .action(
      act(async (cli, id: string) => {
        const pal = await (await cli.client()).pals.publish(id, cli.request);
        cli.out.result(pal, () => [`Published PAL ${pal.pal_id}`]);
      }),
    );

  pals
    .command('delete')
    .description('delete a PAL')
    .argument('<id>', 'the PAL id')
    .addHelpText('after', '\nExample:\n  $ tavus-faces pals delete pcb7a34da5fe')
    .action(
      act(async (cli, id: string) => {
        await (await cli.client()).pals.delete(id, cli.request);
        cli.out.result({ pal_id: id, deleted: true }, () => [`Deleted PAL ${id}`]);
      }),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--set` flags as one JSON Merge Patch: `a.b=1` and `/a/c=x` give `{ a: { b: 1, c: 'x' } }`. @internal */
export function mergeFromSets(sets: readonly string[]): Record<string, unknown> {
  const merge: Record<string, unknown> = {};
  for (const set of sets) {
    const at = set.indexOf('=');
    if (at <= 0)
      throw new UsageError(`--set ${JSON.stringify(set)}: expected path=value, e.g. layers.llm.model=tavus-glm-4.7`);
    const path = set.slice(0, at);
    const raw = set.slice(at + 1);
    let segments: string[];
    try {
      segments = path.startsWith('/') ? parsePointer(path) : path.split('.');
    } catch (error) {
      throw new UsageError(`--set ${path}: ${(error as Error).message}`);
    }
    if (segments.length === 0 || segments.some((s) => s === '')) {
      throw new UsageError(`--set ${JSON.stringify(path)}: empty path segment`);
    }
    let node = merge;
    segments.forEach((segment, i) => {
      const last = i === segments.length - 1;
      const existing = Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (last) {
        if (existing !== undefined)
          throw new UsageError(`--set ${path} is given twice, or conflicts with another --set`);
        put(node, segment, value(raw));
        return;
      }
      if (existing === undefined) {
        const child: Record<string, unknown> = {};
        put(node, segment, child);
        node = child;
      } else if (isPlainObject(existing)) {
        node = existing;
      } else {
        throw new UsageError(`--set ${path} conflicts with another --set of ${segments.slice(0, i + 1).join('.')}`);
      }
    });
  }
  return merge;
}

// Defined, not assigned: a segment named `__proto__` is a key like any other.
function put(node: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

function value(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Runs the update on a client whose PATCH requests are recorded, answered 304, and never sent. */
async function dryRun(cli: Cli, tavus: Tavus, id: string, changes: unknown, force: boolean): Promise<void> {
  const patches: unknown[] = [];
  const send = cli.fetch;
  const caught: typeof fetch = async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    if (request.method === 'PATCH') {
      patches.push(await request.json());
      cli.out.debug(`dry run: PATCH ${new URL(request.url).pathname} not sent`);
      return new Response(null, { status: 304 });
    }
    // Reads only: a dry run must not change anything.
    if (request.method !== 'GET') throw new CliError(`dry run: refusing to send ${request.method} ${request.url}`);
    return send(request);
  };
  await apply(tavus.withOptions({ fetch: caught, maxRetries: 0 }), id, changes, force, cli);
  cli.out.result({ pal_id: id, patches }, () => {
    if (patches.length === 0) return [`Nothing would change: no PATCH request would be sent to PAL ${id}.`];
    const lines = [`Would send ${patches.length} PATCH request${patches.length === 1 ? '' : 's'} to /v2/pals/${id}:`];
    for (const ops of patches) lines.push(JSON.stringify(ops, null, 2));
    return lines;
  });
}

/** `tavus.pals.patch` for a JSON Patch array, `tavus.pals.update` for a merge patch. */
function apply(tavus: Tavus, id: string, changes: unknown, force: boolean, cli: Cli): Promise<Pal> {
  return Array.isArray(changes)
    ? tavus.pals.patch(id, changes as PalPatchOperation[], { force }, cli.request)
    : tavus.pals.update(id, changes as UpdatePalChanges, { ...cli.request, force });
}

async function update(cli: Cli, tavus: Tavus, id: string, changes: unknown, force: boolean): Promise<void> {
  let patches = 0;
  const count = (e: { method: string; attempt: number }): void => {
    if (e.method === 'PATCH' && e.attempt === 1) patches += 1;
  };
  tavus.on('request', count);
  let pal: Pal;
  try {
    pal = await apply(tavus, id, changes, force, cli);
  } catch (error) {
    const conflict = (error as { status?: number; body?: { conflict?: unknown } }).body?.conflict;
    if ((error as { status?: number }).status === 409 && conflict === 'maker_changes') {
      throw new CliError(
        `PAL ${id} has an unpublished PAL Maker draft, so Tavus refused the change (409). ` +
          `Publish it first (tavus-faces pals publish ${id}), or pass --force to overwrite live and discard the draft`,
      );
    }
    throw error;
  } finally {
    tavus.off('request', count);
  }
  cli.out.result(pal, () => [
    patches === 0
      ? `PAL ${id}: nothing to change (no request sent)`
      : `Updated PAL ${id} (${patches} PATCH request${patches === 1 ? '' : 's'})`,
  ]);
}

/** A PAL for humans. */
function palLines(pal: Pal): string[] {
  return fields([
    ['pal_id', pal.pal_id],
    ['name', pal.pal_name],
    ['default_face', pal.default_face_id],
    ['pipeline', pal.pipeline_mode],
    ['system_prompt', pal.system_prompt],
    ['context', pal.context],
    ['conferencing', pal.conferencing_email],
    ['layers', pal.layers],
    ['created', pal.created_at],
  ]);
}

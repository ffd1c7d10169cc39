/**
 * The packed tarball is what users get: pack it, install it into throwaway ESM, CJS and TypeScript
 * consumers, and prove that `import`, `require` and the types work as users will use them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let work: string;
let consumer: string;

async function sh(cmd: string, args: string[], cwd: string) {
  const { stdout } = await run(cmd, args, { cwd, env: { ...process.env, TAVUS_API_KEY: '' }, maxBuffer: 16 << 20 });
  return stdout;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tavus-faces-pack-'));
  await sh('npm', ['pack', '--pack-destination', work, '--silent'], root);
  const tarball = (await readdir(work)).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack produced no tarball');
  consumer = join(work, 'consumer');
  await mkdir(consumer);
  await writeFile(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }),
  );
  // The registry is reachable; the cache that `npm ci` filled makes this fast.
  await sh(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, tarball)],
    consumer,
  );
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const SCRIPT = `
  const tavus = new Tavus({ apiKey: 'k', maxRetries: 0, fetch: async (request) => {
    const url = new URL(request.url);
    if (request.headers.get('x-api-key') !== 'k') return new Response('{"message":"Invalid access token"}', { status: 401 });
    return Response.json({ face_id: url.pathname.split('/').pop(), status: 'completed', training_progress: '100/100' });
  }});
  const face = await tavus.faces.get('r90bbd427f71');
  const error = await tavus.faces.get('').catch((e) => e);
  out({ face, kind: error.kind, name: error.name, isErr: isTavusError(error, 'RequestValidationError'), version: VERSION, testing: Object.keys(testing) });
`;

describe('the packed package', () => {
  it('contains only dist and the README', async () => {
    const files = await readdir(join(consumer, 'node_modules', 'tavus-faces'), { recursive: true });
    expect(
      files.filter((f) => !f.startsWith('dist') && f !== 'README.md' && f !== 'package.json' && f !== 'LICENSE'),
    ).toEqual([]);
  });

  it('keeps Node built-ins out of the browser build, and dependencies external there', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const file of ['index.js', 'testing.js', 'media.js']) {
      const code = await readFile(join(consumer, 'node_modules', 'tavus-faces', 'dist', file), 'utf8');
      const specifiers = [...code.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"\n]*?from\s*['"]([^'"]+)['"]/g)].map(
        (m) => m[1],
      );
      const dynamic = [...code.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
      if (file === 'index.js') expect(specifiers).toEqual(expect.arrayContaining(['ky', 'zod/mini', 'eventemitter3']));
      // tavus-faces/media imports mediabunny and nothing else; the main entry imports it only on
      // demand (faces.preflight), as a dynamic import of the package's own subpath.
      const allowed = file === 'media.js' ? ['mediabunny'] : ['ky', 'zod/mini', 'eventemitter3'];
      expect(specifiers.filter((s) => !allowed.includes(s ?? ''))).toEqual([]);
      expect(dynamic.filter((s) => s !== 'tavus-faces/media' || file !== 'index.js')).toEqual([]);
    }
  });

  it('works with import (ESM)', async () => {
    await writeFile(
      join(consumer, 'esm.mjs'),
      `import { Tavus, isTavusError, VERSION } from 'tavus-faces';
       import * as testing from 'tavus-faces/testing';
       const out = (v) => console.log(JSON.stringify(v));
       ${SCRIPT}`,
    );
    const result = JSON.parse(await sh(process.execPath, ['esm.mjs'], consumer));
    // Node resolves the `node` condition: the file with dependencies inlined.
    const resolved = await sh(
      process.execPath,
      ['--input-type=module', '-e', "console.log(import.meta.resolve('tavus-faces'))"],
      consumer,
    );
    expect(resolved.trim()).toMatch(/dist\/index\.node\.js$/);
    expect(result).toMatchObject({
      face: { face_id: 'r90bbd427f71', progress: 100 },
      kind: 'RequestValidationError',
      isErr: true,
    });
    // The Node files are minified, but not their identifiers: error classes keep their names.
    expect(result.name).toBe('RequestValidationError');
    expect(result.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('works with require (CJS), and errors are recognised across the ESM and CJS copies', async () => {
    await writeFile(
      join(consumer, 'cjs.cjs'),
      `const { Tavus, isTavusError, VERSION } = require('tavus-faces');
       const testing = require('tavus-faces/testing');
       const out = (v) => console.log(JSON.stringify(v));
       (async () => {
         ${SCRIPT.replace('out({', 'const esm = await import("tavus-faces"); const foreign = new esm.BadRequestError({ status: 400, method: "GET", path: "/x" }); out({ cross: isTavusError(foreign, "APIError"), sameClass: foreign instanceof require("tavus-faces").BadRequestError,')}
       })();`,
    );
    const result = JSON.parse(await sh(process.execPath, ['cjs.cjs'], consumer));
    expect(result).toMatchObject({
      face: { face_id: 'r90bbd427f71', progress: 100 },
      kind: 'RequestValidationError',
      isErr: true,
    });
    expect(result.name).toBe('RequestValidationError');
    expect(result.cross).toBe(true);
    expect(result.sameClass).toBe(false);
  });

  it('the Node file still checks responses when copied into an app without its compiler beside it', async () => {
    // What a bundler that inlines dist/index.node.js but not the file it requires lazily leaves.
    const { copyFile } = await import('node:fs/promises');
    const alone = join(work, 'bundled-app');
    await mkdir(alone);
    await copyFile(
      join(consumer, 'node_modules', 'tavus-faces', 'dist', 'index.node.js'),
      join(alone, 'app-bundle.mjs'),
    );
    await writeFile(
      join(alone, 'main.mjs'),
      `import { Tavus } from './app-bundle.mjs';
       const reply = (body) => async () => Response.json(body);
       const ok = await new Tavus({ apiKey: 'k', validation: 'strict', fetch: reply({ face_id: 'r1', status: 'completed' }) }).faces.get('r1');
       const bad = await new Tavus({ apiKey: 'k', validation: 'strict', maxRetries: 0, fetch: reply({ face_id: 'r1', status: 'queued' }) })
         .faces.get('r1').catch((e) => e);
       console.log(JSON.stringify({ ok: ok.face_id, kind: bad.kind, paths: bad.paths }));`,
    );
    const { stdout, stderr } = await run(process.execPath, ['main.mjs'], { cwd: alone });
    expect(JSON.parse(stdout)).toEqual({ ok: 'r1', kind: 'ResponseValidationError', paths: ['status'] });
    // Said once, on stderr, so the slower checks do not go unnoticed.
    expect(stderr.match(/TAVUS_FACES_NO_COMPILER/g)).toHaveLength(1);
  });

  it('loads its schema compiler on the first check, from ESM and CJS, wherever it is installed', async () => {
    // tsup's own CJS shim built the file URL from the raw path and lost the compiler under a `#`.
    const { cp } = await import('node:fs/promises');
    const odd = join(work, 'odd #dir %20');
    await cp(join(consumer, 'node_modules'), join(odd, 'node_modules'), { recursive: true });
    const script = (load: string) => `
      ${load}
      const compiler = () => Object.keys(require.cache).some((k) => k.endsWith('compiler.node.cjs'));
      (async () => {
        const before = compiler();
        await new Tavus({ apiKey: 'k', validation: 'strict', fetch: async () => Response.json({ face_id: 'r1', status: 'completed' }) }).faces.get('r1');
        console.log(JSON.stringify({ before, after: compiler() }));
      })();`;
    await writeFile(join(odd, 'c.cjs'), script("const { Tavus } = require('tavus-faces');"));
    await writeFile(
      join(odd, 'e.mjs'),
      script(
        "import { createRequire } from 'node:module'; import { Tavus } from 'tavus-faces'; const require = createRequire(import.meta.url);",
      ),
    );
    for (const file of ['c.cjs', 'e.mjs']) {
      const { stdout, stderr } = await run(process.execPath, [file], { cwd: odd });
      expect(JSON.parse(stdout), file).toEqual({ before: false, after: true });
      expect(stderr, file).not.toContain('TAVUS_FACES_NO_COMPILER');
    }
  });

  it('keeps every exported class and function name in every published file', async () => {
    // Stack traces, `console.log` and `err.constructor.name` show these names to users.
    const dist = join(consumer, 'node_modules', 'tavus-faces', 'dist');
    await writeFile(
      join(consumer, 'names.mjs'),
      `import { createRequire } from 'node:module';
       const require = createRequire(import.meta.url);
       const files = ${JSON.stringify(['index.js', 'index.node.js', 'index.cjs', 'testing.js', 'testing.cjs', 'media.js', 'media.node.js', 'media.cjs'])};
       const out = {};
       for (const file of files) {
         const path = ${JSON.stringify(dist)} + '/' + file;
         const mod = file.endsWith('.cjs') ? require(path) : await import(path);
         out[file] = Object.entries(mod)
           .filter(([, v]) => typeof v === 'function')
           .map(([k, v]) => [k, v.name]);
       }
       console.log(JSON.stringify(out));`,
    );
    const result: Record<string, [string, string][]> = JSON.parse(await sh(process.execPath, ['names.mjs'], consumer));
    for (const [file, classes] of Object.entries(result)) {
      if (file.startsWith('index')) {
        expect(
          classes.map(([name]) => name),
          file,
        ).toEqual(expect.arrayContaining(['Tavus', 'Faces', 'Page', 'PagePromise', 'TrainingWatch', 'APIError']));
      }
      for (const [exported, name] of classes) expect(name, `${file}: ${exported}`).toBe(exported);
    }
  });

  it('tavus-faces/media: the node build from import and require, with { path } sources', async () => {
    const fixture = join(root, 'test', 'fixtures', 'media', 'short-20s.mp4');
    const check = `checkTrainingMedia({ path: ${JSON.stringify(fixture)} }, { kind: 'video' })
      .then((r) => console.log(JSON.stringify({ ok: r.ok, codes: r.problems.map((p) => p.code), codec: r.videoCodec })))`;
    await writeFile(join(consumer, 'media.mjs'), `import { checkTrainingMedia } from 'tavus-faces/media';\n${check};`);
    await writeFile(
      join(consumer, 'media.cjs'),
      `const { checkTrainingMedia } = require('tavus-faces/media');\n${check};`,
    );
    for (const file of ['media.mjs', 'media.cjs']) {
      expect(JSON.parse(await sh(process.execPath, [file], consumer)), file).toEqual({
        ok: false,
        codes: ['video_duration'],
        codec: 'h264',
      });
    }
    const resolved = await sh(
      process.execPath,
      ['--input-type=module', '-e', "console.log(import.meta.resolve('tavus-faces/media'))"],
      consumer,
    );
    expect(resolved.trim()).toMatch(/dist\/media\.node\.js$/);
  });

  it('faces.preflight loads tavus-faces/media on first use only, from import and require', async () => {
    // A resolve hook reports every module the entry pulls in; the media build must appear only after
    // the first preflight, and be its Node build (with `{ path }` support).
    const hook = `data:text/javascript,${encodeURIComponent(
      'export async function resolve(s, c, next) { const r = await next(s, c); if (/media|mediabunny/.test(r.url)) console.log("LOADED " + r.url.split("/").slice(-2).join("/")); return r; }',
    )}`;
    const fixture = join(root, 'test', 'fixtures', 'media', 'short-20s.mp4');
    const body = `
      const bytes = require('node:fs').readFileSync(${JSON.stringify(fixture)});
      const fetch = async () => new Response(bytes, { headers: { 'content-type': 'video/mp4' } });
      const tavus = new Tavus({ apiKey: 'k', fetch: async () => Response.json({}) });
      console.log('BEFORE');
      tavus.faces.preflight({ train_video_url: 'https://example.com/v.mp4' }, { fetch }).then((r) => console.log('CODES ' + r.problems.map((p) => p.code).join(',')));`;
    await writeFile(
      join(consumer, 'lazy.mjs'),
      `import { register, createRequire } from 'node:module';
register(${JSON.stringify(hook)});
const require = createRequire(import.meta.url);
const { Tavus } = await import('tavus-faces');
${body}`,
    );
    await writeFile(
      join(consumer, 'lazy.cjs'),
      `require('node:module').register(${JSON.stringify(hook)});
const { Tavus } = require('tavus-faces');
${body}`,
    );
    for (const file of ['lazy.mjs', 'lazy.cjs']) {
      const lines = (await sh(process.execPath, [file], consumer)).trim().split('\n');
      expect(lines.indexOf('BEFORE'), file).toBe(0);
      expect(lines, file).toContain('LOADED dist/media.node.js');
      expect(
        lines.filter((l) => l.startsWith('CODES')),
        file,
      ).toEqual(['CODES video_duration']);
    }
  });

  it('typechecks in a NodeNext TypeScript consumer with skipLibCheck: false', async () => {
    await writeFile(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          types: [],
        },
        files: ['types.mts', 'types.cts'],
      }),
    );
    // The overloads narrow the report by kind.
    const media = `import { checkTrainingMedia, type TrainingMediaReport } from 'tavus-faces/media';
      export async function g(url: string): Promise<number | null> {
        const any: TrainingMediaReport = await checkTrainingMedia(url, { kind: 'image' });
        void any;
        return (await checkTrainingMedia(url, { kind: 'video', model_name: 'phoenix-3' })).durationS;
      }`;
    const body = `
      const tavus = new Tavus({ apiKey: 'k', validation: 'strict' });
      export async function f(): Promise<number | null> {
        const face: Face = await tavus.faces.get('r1');
        const page = await tavus.stockFaces.list({ limit: 10 });
        const n: number = page.total_count;
        void n;
        // @ts-expect-error image training needs a voice
        void tavus.faces.create({ train_image_url: 'https://a/i.png' });
        return face.progress;
      }`;
    await writeFile(
      join(consumer, 'types.mts'),
      `import { Tavus, type Face } from 'tavus-faces';\nimport type {} from 'tavus-faces/testing';\n${media}\n${body}`,
    );
    await writeFile(
      join(consumer, 'types.cts'),
      `import { Tavus, type Face } from 'tavus-faces';\nimport type {} from 'tavus-faces/testing';\n${media}\n${body}`,
    );
    await expect(sh(process.execPath, [tsc, '-p', '.'], consumer)).resolves.toBe('');
  });
});

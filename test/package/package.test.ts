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
/**
 * The oldest TypeScript the published types compile with (skipLibCheck: false), as README.md
 * says. Measured: 5.4.2 and older fail inside zod's types (5.0–5.3 lack `NoInfer`, 5.4.2 a rest
 * element type), 5.4.3 to 6.0 pass. Installed into the consumer beside the tarball: as a
 * devDependency alias its `tsc` bin would replace the project's own in node_modules/.bin.
 */
const TS_MIN = '5.4.3';
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
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      join(work, tarball),
      `typescript@${TS_MIN}`,
    ],
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
  it('contains dist, the README and the guides (docs/*.md), and nothing else', async () => {
    const files = await readdir(join(consumer, 'node_modules', 'tavus-faces'), { recursive: true });
    const others = files.filter(
      (f) =>
        !f.startsWith('dist') &&
        !/^docs\/[\w.-]+\.md$/.test(f) &&
        !['README.md', 'package.json', 'LICENSE', 'docs'].includes(f),
    );
    expect(others).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['docs/getting-started.md', 'docs/proxy.md', 'docs/browser.md']));
  });

  it('keeps Node built-ins out of the browser build, and dependencies external there', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const file of ['index.js', 'testing.js', 'media.js', 'proxy.js']) {
      const code = await readFile(join(consumer, 'node_modules', 'tavus-faces', 'dist', file), 'utf8');
      const specifiers = [...code.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"\n]*?from\s*['"]([^'"]+)['"]/g)].map(
        (m) => m[1],
      );
      const dynamic = [...code.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
      if (file === 'index.js') expect(specifiers).toEqual(expect.arrayContaining(['ky', 'zod/mini', 'eventemitter3']));
      // tavus-faces/media imports mediabunny and nothing else, the proxy nothing; the main entry
      // imports the media build only on demand (faces.preflight), as a dynamic import of the
      // package's own subpath.
      const allowed = { 'media.js': ['mediabunny'], 'proxy.js': [] as string[] }[file] ?? [
        'ky',
        'zod/mini',
        'eventemitter3',
      ];
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
       const files = ${JSON.stringify(['index.js', 'index.node.js', 'index.cjs', 'testing.js', 'testing.cjs', 'media.js', 'media.node.js', 'media.cjs', 'proxy.js', 'proxy.cjs'])};
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

  it('tavus-faces/proxy from import and require: one request through the handler, the key added', async () => {
    const script = (load: string) => `${load}
      const seen = [];
      const proxy = createProxyHandler({ apiKey: 'k', basePath: '/api/tavus', fetch: async (url, init) => {
        seen.push([url, new Headers(init.headers).get('x-api-key')]);
        return Response.json({ ok: true });
      } });
      (async () => {
        const ok = await proxy(new Request('http://app/api/tavus/v2/faces?limit=1'));
        const refused = await proxy(new Request('http://app/api/tavus/v2/faces/r1', { method: 'DELETE' }));
        console.log(JSON.stringify({ ok: ok.status, refused: refused.status, seen, node: typeof toNodeHandler }));
      })();`;
    await writeFile(
      join(consumer, 'proxy.mjs'),
      script("import { createProxyHandler, toNodeHandler } from 'tavus-faces/proxy';"),
    );
    await writeFile(
      join(consumer, 'proxy.cjs'),
      script("const { createProxyHandler, toNodeHandler } = require('tavus-faces/proxy');"),
    );
    for (const file of ['proxy.mjs', 'proxy.cjs']) {
      expect(JSON.parse(await sh(process.execPath, [file], consumer)), file).toEqual({
        ok: 200,
        refused: 403,
        seen: [['https://tavusapi.com/v2/faces?limit=1', 'k']],
        node: 'function',
      });
    }
  });

  it('installs the tavus-faces bin: --version is the package version, --simulate runs a command as JSON', async () => {
    const { readFile } = await import('node:fs/promises');
    const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    // The link npm made, run as a shell runs it (its shebang), not through `node`; `sh` fails on a non-zero exit.
    const bin = join(consumer, 'node_modules', '.bin', 'tavus-faces');
    expect((await sh(bin, ['--version'], consumer)).trim()).toBe(version);
    const faces = JSON.parse(await sh(bin, ['--simulate', 'faces', 'list', '--json'], consumer)) as {
      face_id: string;
    }[];
    expect(faces.map((f) => f.face_id)).toContain('r90bbd427f71');
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
    // No @types/node here (`types: []`): the proxy's Node adapter types stand alone.
    const proxy = `import { createProxyHandler, toNodeHandler, DEFAULT_ALLOW, type ProxyRule } from 'tavus-faces/proxy';
      const rules: ProxyRule[] = [...DEFAULT_ALLOW, 'POST /v2/conversations/:id/send-app-message'];
      export const handler: (request: Request) => Promise<Response> = createProxyHandler({ apiKey: 'k', allow: rules });
      export const listener = toNodeHandler(handler);
      // @ts-expect-error a rule is 'METHOD /path'
      void createProxyHandler({ apiKey: 'k', allow: ['/v2/faces'] });`;
    const source = `import { Tavus, type Face } from 'tavus-faces';\nimport type {} from 'tavus-faces/testing';\n${media}\n${proxy}\n${body}`;
    await writeFile(join(consumer, 'types.mts'), source);
    await writeFile(join(consumer, 'types.cts'), source);
    await expect(sh(process.execPath, [tsc, '-p', '.'], consumer)).resolves.toBe('');
  });

  it(`typechecks the same consumer with the oldest supported TypeScript (${TS_MIN}), as the README says`, async () => {
    const oldest = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc');
    expect((await sh(process.execPath, [oldest, '--version'], consumer)).trim()).toBe(`Version ${TS_MIN}`);
    // Written by the test above.
    await expect(sh(process.execPath, [oldest, '-p', '.'], consumer)).resolves.toBe('');
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(join(consumer, 'node_modules', 'tavus-faces', 'README.md'), 'utf8');
    expect(readme).toContain(`TypeScript ≥ ${TS_MIN}`);
  });

  it('every relative link in the shipped README and guides resolves to a file (and heading) in the package', async () => {
    const { readFile } = await import('node:fs/promises');
    const { dirname, normalize, posix } = await import('node:path');
    const pkg = join(consumer, 'node_modules', 'tavus-faces');
    const shipped = new Set((await readdir(pkg, { recursive: true })).map((f) => f.split('\\').join('/')));
    const pages = [...shipped].filter((f) => f === 'README.md' || /^docs\/[^/]+\.md$/.test(f));
    expect(pages.length).toBeGreaterThan(10);
    const headings = async (file: string) =>
      new Set(
        [...(await readFile(join(pkg, file), 'utf8')).replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)].map(
          (m) =>
            // GitHub's anchors: lower case, punctuation dropped, spaces as dashes.
            (m[1] ?? '')
              .trim()
              .toLowerCase()
              .replace(/[^\p{L}\p{N} _-]/gu, '')
              .replace(/ /g, '-'),
        ),
      );
    const broken: string[] = [];
    let relative = 0;
    for (const page of pages) {
      const text = (await readFile(join(pkg, page), 'utf8')).replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
      const targets = [
        ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? ''),
        ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1] ?? ''),
        ...[...text.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1] ?? ''),
      ];
      for (const target of targets) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        relative++;
        const [path = '', fragment] = target.split('#');
        const file = path
          ? normalize(posix.join(dirname(page), decodeURIComponent(path)))
              .split('\\')
              .join('/')
          : page;
        if (file.startsWith('..') || !shipped.has(file)) {
          broken.push(`${page}: ${target} (no ${file} in the package)`);
        } else if (fragment && file.endsWith('.md') && !(await headings(file)).has(fragment)) {
          broken.push(`${page}: ${target} (no heading #${fragment} in ${file})`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(relative).toBeGreaterThan(10);
  });
});

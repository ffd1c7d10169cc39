// Response parse cost: checking a 100-item face list with the SDK's schema (strict mode) against a
// hand-written type guard, both on the same parsed object; also with zod's `z.compile` loaded the way
// the Node entry loads it (dist/compiler.node.cjs, its own copy of zod's helpers). Prints JSON.
// Usage: node parse.mjs <dist>
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT, cleanup, median, nowMs, scratchDir } from './lib.mjs';

const dir = scratchDir('parse');
await build({
  entryPoints: [join(ROOT, 'test/bench/parse-entry.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: join(dir, 'entry.mjs'),
  logLevel: 'silent',
});
const { check, useSchemaCompiler, FaceListSchema } = await import(pathToFileURL(join(dir, 'entry.mjs')).href);
cleanup(dir);

const STATUSES = ['started', 'completed', 'error'];
const face = (i) => ({
  face_id: `r${String(i).padStart(11, '0')}`,
  face_name: `Face ${i}`,
  status: STATUSES[i % 3],
  training_progress: `${i % 101}/100`,
  thumbnail_video_url: i % 3 === 1 ? `https://cdn.example.com/faces/${i}/thumb.mp4` : null,
  created_at: '2026-01-01T00:00:00.000Z',
  model_name: 'phoenix-4',
  default_voice_id: 'v0a1b2c3d4e5f',
  original_voice_id: 'v0a1b2c3d4e5f',
  finetune_status: null,
});
const text = JSON.stringify({ data: Array.from({ length: 100 }, (_, i) => face(i)), total_count: 100 });
const data = JSON.parse(text);

const str = (v) => v === undefined || v === null || typeof v === 'string';
/** What a careful hand-written guard checks: the same fields and enums as FaceSchema. */
function isFaceList(v) {
  if (v === null || typeof v !== 'object' || !Array.isArray(v.data) || typeof v.total_count !== 'number') return false;
  for (const f of v.data) {
    if (f === null || typeof f !== 'object' || typeof f.face_id !== 'string') return false;
    if (!STATUSES.includes(f.status)) return false;
    if (!(str(f.face_name) && str(f.training_progress) && str(f.thumbnail_video_url) && str(f.thumbnail_image_url)))
      return false;
    if (!(str(f.created_at) && str(f.updated_at) && str(f.error_message) && str(f.default_voice_id))) return false;
    if (!(str(f.original_voice_id) && str(f.finetune_status))) return false;
    if (f.face_type !== undefined && f.face_type !== 'user' && f.face_type !== 'system') return false;
    if (
      f.model_name !== undefined &&
      f.model_name !== null &&
      !['phoenix-3', 'phoenix-4', 'phoenix-4.5'].includes(f.model_name)
    )
      return false;
  }
  return true;
}

const warn = () => undefined;
const variants = {
  guard: () => isFaceList(data),
  'sdk check, browser entry (interpreted)': () => check(FaceListSchema, data, 'strict', warn),
  'JSON.parse alone': () => JSON.parse(text),
};
if (!isFaceList(data) || !FaceListSchema.safeParse(data).success) throw new Error('fixture does not validate');

const ITER = 2000;
const sdk = 'sdk check, browser entry (interpreted)';
const node = 'sdk check, Node entry (z.compile)';
const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let r = 0; r < 9; r++) {
  for (const [name, fn] of Object.entries(variants)) {
    const start = nowMs();
    for (let i = 0; i < ITER; i++) fn();
    if (r > 1) times[name].push(((nowMs() - start) * 1000) / ITER);
  }
}
// The Node entry installs zod's compiler (module-wide), so it is measured after the others.
const { compile } = createRequire(import.meta.url)(resolve(process.argv[2], 'compiler.node.cjs'));
useSchemaCompiler((schema) => compile(schema));
// zod's compile hands a schema it cannot compile back unchanged; this bench must measure a compiled one.
if (compile(FaceListSchema) === FaceListSchema) throw new Error('the compiler refused the face list schema');
times[node] = [];
for (let r = 0; r < 9; r++) {
  const start = nowMs();
  for (let i = 0; i < ITER; i++) check(FaceListSchema, data, 'strict', warn);
  if (r > 1) times[node].push(((nowMs() - start) * 1000) / ITER);
}
const us = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
process.stdout.write(
  `${JSON.stringify({
    bytes: text.length,
    usPerCall: us,
    ratioToGuard: us[sdk] / us.guard,
    compiledRatioToGuard: us[node] / us.guard,
    // The whole response parse: JSON.parse plus the check.
    withJsonParse: {
      sdk: (us['JSON.parse alone'] + us[sdk]) / (us['JSON.parse alone'] + us.guard),
      compiled: (us['JSON.parse alone'] + us[node]) / (us['JSON.parse alone'] + us.guard),
    },
    compiledBy: 'dist/compiler.node.cjs',
  })}\n`,
);

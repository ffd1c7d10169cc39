// `npm run bench`: builds the package in a scratch copy (the repository's dist/ is left alone), runs
// every benchmark in its own process, one after another, and writes docs/performance.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, cleanup, fmt, nowMs, runNode, scratchBuild } from './lib.mjs';
import { SHARED_HARNESS } from './shared-harness.mjs';

const started = nowMs();
const bench = (file) => join(ROOT, 'test/bench', file);
const log = (msg) => process.stderr.write(`[bench ${((nowMs() - started) / 1000).toFixed(0)}s] ${msg}\n`);
// Every run keeps its raw results here; `npm run bench -- --report` rewrites docs/performance.md from
// them without measuring again (for work on the report's text).
const saved = join(ROOT, 'node_modules/.cache/tavus-faces/bench-results.json');

let results;
if (process.argv.includes('--media')) {
  // Re-measures only the training media section, keeping the other saved results.
  if (!existsSync(saved)) {
    process.stderr.write(`No saved results at ${saved}: run \`npm run bench\` once first.\n`);
    process.exit(1);
  }
  results = JSON.parse(readFileSync(saved, 'utf8'));
  log('building a scratch copy');
  const build = scratchBuild('run');
  try {
    log('training media preflight (700 MB from 127.0.0.1)');
    const date = new Date().toISOString().slice(0, 10);
    // Marked, so the page says this section comes from another run than the rest.
    results.media = {
      ...(await runNode(['--import', 'tsx', bench('media.mjs'), join(build, 'dist')])),
      date,
      apart: true,
    };
    writeFileSync(saved, `${JSON.stringify(results)}\n`);
  } finally {
    cleanup(build);
  }
} else if (process.argv.includes('--report')) {
  if (!existsSync(saved)) {
    process.stderr.write(`No saved results at ${saved}: run \`npm run bench\` once first.\n`);
    process.exit(1);
  }
  results = JSON.parse(readFileSync(saved, 'utf8'));
  if (!results.size?.withoutParts) {
    process.stderr.write(`The results at ${saved} come from an older bench: run \`npm run bench\` again.\n`);
    process.exit(1);
  }
} else {
  log('building a scratch copy');
  const build = scratchBuild('run');
  try {
    // What Node users load: the `node` export condition's file.
    const entry = join(build, 'dist/index.node.js');
    log('throughput, one client per process');
    const alone = await runNode([bench('throughput-alone.mjs'), entry]);
    log('throughput, all clients in one process');
    const tp = await runNode([bench('throughput.mjs'), entry]);
    log('client overhead without the network (one client per process)');
    const overhead = await runNode([bench('overhead.mjs'), entry]);
    log('parse cost');
    const parse = await runNode([bench('parse.mjs'), join(build, 'dist')]);
    log('watchMany x 1000');
    const watch = await runNode(['--expose-gc', bench('watch.mjs'), join(build, 'dist')]);
    log('memory across chaos runs');
    const mem = await runNode(['--expose-gc', bench('memory.mjs'), join(build, 'dist')]);
    log('bundle size');
    const size = await runNode([bench('size.mjs'), join(build, 'dist')]);
    log('training media preflight (700 MB from 127.0.0.1)');
    const media = await runNode(['--import', 'tsx', bench('media.mjs'), join(build, 'dist')]);
    log('cold import (npm pack + install, both layouts)');
    const cold = await runNode([bench('cold-import.mjs')]);
    results = {
      date: new Date().toISOString().slice(0, 10),
      node: process.version,
      cores: cpus().length,
      alone,
      tp,
      overhead,
      parse,
      watch,
      mem,
      cold,
      size,
      media,
    };
    mkdirSync(dirname(saved), { recursive: true });
    writeFileSync(saved, `${JSON.stringify(results)}\n`);
  } finally {
    cleanup(build);
  }
}
log('writing docs/performance.md');
writeFileSync(join(ROOT, 'docs/performance.md'), report(results));
log(`done in ${((nowMs() - started) / 1000).toFixed(0)} s`);

/** Which rows of the left-out-parts table fit the budget, in words. */
function fitting(withoutParts) {
  const rows = Object.entries(withoutParts);
  const fit = rows.filter(([, bytes]) => bytes <= 18 * 1000).map(([label]) => label);
  if (fit.length === 0) return 'No row fits the budget.';
  if (fit.length === 1 && fit[0] === rows.at(-1)[0]) {
    return 'Only the last row fits, and it takes PALs, the training watcher and `pals.patch` / `pals.update` out of the client that issues 5 and 6 promised.';
  }
  return `Rows that fit the budget: ${fit.join('; ')}.`;
}

function kb(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

function report({ date, node, cores, alone, tp, overhead, parse, watch, mem, cold, size, media }) {
  const ok = (pass) => (pass ? 'met' : '**not met**');
  const tpRows = (results) =>
    Object.entries(results)
      .map(
        ([k, v]) =>
          `| ${k} | ${fmt(v.rps.fetch, 0)} | ${fmt(v.rps.ky, 0)} | ${fmt(v.rps['tavus-faces'], 0)} | ${fmt(v.kyVsFetch)} | ${fmt(v.tavusVsFetch)} | **${fmt(v.tavusVsKy)}** | ${fmt(v.cpuTavusVsKy)} | ${fmt(v.controlVsKy)} (${fmt(Math.min(...v.controlVsKyRounds))}–${fmt(Math.max(...v.controlVsKyRounds))}) |`,
      )
      .join('\n');
  const tpHead =
    "| case | fetch req/s | ky req/s | tavus-faces req/s | ky / fetch | tavus / fetch | tavus / ky | tavus / ky (client CPU) | control / ky (rounds' range) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
  const tpGoal = (results) => Object.values(results).every((v) => v.tavusVsKy >= 0.95);
  // How far the identical control client strayed from ky: the resolution of a table.
  const noise = (results) => Math.max(...Object.values(results).map((v) => Math.abs(v.controlVsKy - 1)));
  const range = (results) => {
    const r = Object.values(results).map((v) => v.tavusVsKy);
    return `${fmt(Math.min(...r))}–${fmt(Math.max(...r))}`;
  };
  const offRows = Object.entries(overhead)
    .map(([k, v]) => {
      // Spread the SDK's extra work over ky's per-request CPU with the network (the c1 case).
      const kyNet = alone.results[`${k}/c1`].cpuUsPerRequest.ky;
      return `| ${k} | ${fmt(v.kyUs, 1)} | ${fmt(v.tavusUs, 1)} | ${fmt(v.extraUs, 1)} | ${fmt(kyNet, 0)} | **${fmt(kyNet / (kyNet + v.extraUs))}** |`;
    })
    .join('\n');
  const cr = cold.ratioToFloor;
  const cs = cold.ratioToShakenFloor;
  const d = cold.deltaMs;
  return `# Performance

Generated by \`npm run bench\` (test/bench/run.mjs) on ${date}, Node ${node},
${cores} shared cores. Every number comes from the same run; ratios are taken
against baselines measured in that run, so they survive a slower or busier machine better than absolute
numbers. Re-run it before quoting anything.

## Throughput (local node:http server in a child process)

Payloads: a ${alone.sizes.list} B list (7 faces) and a ${alone.sizes.one} B face. tavus-faces runs with
\`validation: 'strict'\` and listeners on \`request\` and \`response\`. Every ratio is a median of per-round ratios
measured in the same run. The last column of each table is an A/A control: a second ky client, identical to
the first, measured the same way; how far its median strays from 1 is the resolution of that table.

### One client per process, as in an app (the goal's reading)

${alone.rounds} rounds per case; each round runs every client in a fresh process, in a rotating order, against the
same server; each process makes ${alone.warmUp} warm-up calls, then ${alone.requests[1]} timed calls at concurrency 1 or
${alone.requests[32]} at 32 (test/bench/throughput-alone.mjs).

${tpHead}
${tpRows(alone.results)}

Goal tavus / ky ≥ 0.95 in every case: ${ok(tpGoal(alone.results))} (${range(alone.results)}; the control strayed up to
${fmt(noise(alone.results) * 100, 0)} %). The client-CPU column compares client-process CPU per request, which other
load on the machine moves less than wall time. Across our runs of this layout the lowest case has ranged from 0.76 to
1.03 (runs of this work on 2026-12-02: 0.84–1.07, 0.97–1.02, then 0.81–1.19 with the A/A control 24 % off on a slower
day; on 2026-12-03, with ky's options in two keys, 1.03–1.38 with the control 13 % off; then, with the headers in
\`fetch\`'s init, 0.76–1.13 with the control 12 % off, the 0.76 in a case where raw fetch itself ran at a third of its
usual rate, and 1.01–1.19 with the control 34 % off), the lowest case changing from run to run: the SDK
sits at the goal's edge, not clear of it. What it
spends is in the next two sections: its own work measures small without the network and larger with it.

### All clients in one process

The same clients, all in one process, ${tp.rounds} rounds per case; each round runs every client in 5 small
interleaved chunks with a rotating order; ${tp.requests[1]} requests per client per round at concurrency 1,
${tp.requests[32]} at 32, after 200 warm-up calls each (test/bench/throughput.mjs).

${tpHead}
${tpRows(tp.results)}

tavus / ky here: ${range(tp.results)} (the control strayed up to ${fmt(noise(tp.results) * 100, 0)} %), against
${range(alone.results)} with a process per client in the same run. In this layout ky's and undici's code serve every
client at once, which an app never does; it is shown for comparison, and the goal is read from the table above.

### The SDK's own work per call, without the network

Both clients get the same canned \`fetch\` (the bodies the server sends), one client per process (as in an
app: no JIT state shared with another client), ${overhead.list.rounds} interleaved rounds of one process per client, each
${overhead.list.calls} calls after a warm-up; medians of client CPU per call (test/bench/overhead.mjs). Spreading what
tavus-faces adds here over ky's per-request CPU with the network (the c1 case of the one-client-per-process
table) gives the ratio this work would imply. It is an upper bound, not a prediction: with a network the same
code measures several times larger (next section), and in one process beside the other clients it read
+34 µs against +19 µs for the list in our runs.

| payload | ky µs | tavus-faces µs | extra µs | ky µs per request with the network | implied tavus / ky |
| --- | ---: | ---: | ---: | ---: | ---: |
${offRows}

${SHARED_HARNESS}
### Where the time goes (\`node --cpu-prof\`, test/bench/profile.mjs)

- **ky itself** costs about a third of raw fetch's throughput here. Profiled alone, ky's own code is ~13 % of
  client CPU (\`Ky\` constructor \`ky/distribution/core/Ky.js:137\`: option merging, an \`AbortController\` and a
  timeout timer per call, \`deepMerge\`, \`normalizeRetryOptions\`). The rest is undici doing the same work as
  for raw fetch, plus more of it (ky builds its own \`Request\` per call).
- **Per-call options handed to ky.** ky copies, merges and scans every key of the options of each call, and
  re-normalises a retry policy object on every request (\`Object.entries\` → \`filter\` → \`fromEntries\`): a
  network-free profile of \`faces.get\` put that alone at ~3.6 µs of the ~13 µs the SDK added. The HTTP core
  now makes one ky attempt per call and runs its own retry loop (ky never sees a failure of ours, so its own
  retries never fire), passes only options that differ from the instance's, and keeps the client's timeout
  on the ky instance.
- **tavus-faces over ky**: a first version read bodies in an \`afterResponse\` hook. For every hook ky calls
  \`response.clone()\` (a tee of the body stream), then cancels the consumed clone (which throws and catches a
  Node \`ERR_INVALID_STATE\` error), doubling the time spent in undici (a profile of 8,000 list calls at
  concurrency 32: 15.1 s against ky's 6.4 s). \`src/core/http.ts\` now reads the body in the \`fetch\` function
  it hands to ky (no hook, no clone; a cut-off GET body throws a private error that the retry loop retries),
  and builds the query string itself (given \`searchParams\`, ky constructs the \`Request\` twice).
- What remains over ky (network-free profile of a 7-face list): the SDK's own plumbing (resource method,
  pagination, the fetch wrapper and events, ~5 µs), extra garbage (~2 µs), \`training_progress\` parsing
  (~1 µs), the compiled schema check (~0.2 µs per face) and ky's merge of the few per-call options.
- **The SDK's own functions with a network.** A profile of 6,000 list calls, one client per process, sampled
  every 100 µs: the functions of tavus-faces' own code (the HTTP core's \`call\` and fetch wrapper, pagination,
  events, \`training_progress\` parsing, the query string) held ~25 µs of client CPU per call, spread thin with no
  single item above ~6 µs, several times what the table above measures for the same code without the network. The same code costs
  more between undici's work than in a tight loop of its own (our reading: colder caches), so the network-free
  table above is a lower bound. Beside it, ky's per-call work (its constructor, \`deepMerge\`, option checks)
  and the body read plus \`JSON.parse\` cost the same inside the SDK as for ky alone.
- **The largest single item with a real network is Node 20's, not ky's or ours.** undici wraps every response
  body in a web \`ReadableStream\`, and Node 20 makes each one transferable (\`makeTransferable\`,
  \`node:internal/worker/js_transferable\`): 27–65 µs of client CPU per request in our profiles, for ky alone and
  for tavus-faces alike, and it moved by more than the SDK's own work from one profile to the next. That variance
  is part of the rounds' spread in both tables.

## Browser bundle (min + brotli, as size-limit measures it)

| bundle | min + brotli |
| --- | ---: |
| \`import { Tavus } from 'tavus-faces'\`, dependencies included | **${kb(size.sdk.brotli)}** |
| floor: ky + zod/mini with one schema + eventemitter3 | ${kb(size.floor.brotli)} |
| ${Object.entries(size.alone)
    .map(([k, v]) => `${k} alone | ${kb(v)}`)
    .join(' |\n| ')} |

Minified bytes by origin: ${Object.entries(size.byOrigin)
    .map(([k, v]) => `${k} ${kb(v)}`)
    .join(', ')}. Budget 18 kB: ${ok(size.sdk.brotli <= 18 * 1000)}. The size-limit check in the test command holds
the line at the current size (a regression guard).

Why the budget is out of reach without taking features out of \`import { Tavus }\`: the dependencies alone, as the
SDK uses them (ky, eventemitter3 and the ${size.zodNames.length} zod/mini builders its response schemas call), weigh
**${kb(size.depsAsUsed)}**, which leaves ${kb(18 * 1000 - size.depsAsUsed)} for all of the SDK's own code (faces, stock faces,
voices, PALs with JSON Patch and merge-patch diffing, the training watcher and \`watchMany\`, errors, pagination,
validation); today that code adds ${kb(size.sdk.brotli - size.depsAsUsed)}. Every runtime check is one that is needed
(response schemas; request rules are hand-written, not schemas), and the testing entry point never reaches this
bundle.

What meeting the budget would take. The same source bundled with parts of the SDK left out, as if they were
moved to subpath exports or loaded on demand (esbuild from \`src/\`, so the first row differs slightly from the
built file above):

| left out of \`import { Tavus }\` | min + brotli | budget 18 kB |
| --- | ---: | --- |
${Object.entries(size.withoutParts)
  .map(([label, bytes]) => `| ${label} | ${kb(bytes)} | ${bytes <= 18 * 1000 ? 'met' : 'not met'} |`)
  .join('\n')}

${fitting(size.withoutParts)} Loading them on demand instead keeps their names but not their bytes: an app
that uses them downloads the same total, in two pieces. Either is a product decision, not an optimisation; until
it is taken, the size-limit line holds the current size.

## Cold import (Node, from the installed tarball)

\`npm pack\` of a scratch build, \`npm install --prefer-offline\` into an empty consumer, then \`node esm.mjs\`
(\`import { Tavus } from 'tavus-faces'\`) and \`node cjs.cjs\` (\`require\`). ${cold.runs} interleaved runs each,
medians, Δ over \`node -e 0\` (${fmt(cold.nodeE0Ms, 1)} ms). The floor is ky + zod/mini + eventemitter3 bundled
into one file by esbuild, whole (${(cold.bytes['floor ESM'] / 1024).toFixed(0)} KB); the tree-shaken floor keeps only what a client with one schema
uses (${(cold.bytes['shaken floor ESM'] / 1024).toFixed(0)} KB), a stricter bar. The floors are loaded the way tavus-faces is: a package in the
consumer's \`node_modules\`, resolved through an \`exports\` map from a one-line consumer file (resolving a
package costs ~3–4 ms here, which loading the floor by its path would leave out).

| layout | file Node loads (ESM / CJS) | ESM Δ ms | CJS Δ ms | ESM / floor | CJS / floor | ESM / shaken | CJS / shaken |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
| floor, whole | whole.mjs / whole.cjs | ${fmt(d['floor ESM'], 1)} | ${fmt(d['floor CJS'], 1)} | 1.00 | 1.00 | | |
| floor, tree-shaken | shaken.mjs / shaken.cjs | ${fmt(d['shaken floor ESM'], 1)} | ${fmt(d['shaken floor CJS'], 1)} | | | 1.00 | 1.00 |
| A/A control: the tree-shaken floor again | control.mjs / control.cjs | ${fmt(d['control ESM'], 1)} | ${fmt(d['control CJS'], 1)} | | | ${fmt(cs['control ESM'])} | ${fmt(cs['control CJS'])} |
| **tavus-faces** (node condition, deps inlined) | ${cold.resolved.current.esm} / ${cold.resolved.current.cjs} | ${fmt(d['current ESM'], 1)} | ${fmt(d['current CJS'], 1)} | **${fmt(cr['current ESM'])}** | **${fmt(cr['current CJS'])}** | ${fmt(cs['current ESM'])} | ${fmt(cs['current CJS'])} |
| all-external layout (for comparison) | ${cold.resolved.external.esm} / ${cold.resolved.external.cjs} | ${fmt(d['external ESM'], 1)} | ${fmt(d['external CJS'], 1)} | ${fmt(cr['external ESM'])} | ${fmt(cr['external CJS'])} | ${fmt(cs['external ESM'])} | ${fmt(cs['external CJS'])} |

Goal ≤ 1.2× the floor: against the whole floor ${ok(cr['current ESM'] <= 1.2 && cr['current CJS'] <= 1.2)}; against the
tree-shaken floor ${ok(cs['current ESM'] <= 1.2 && cs['current CJS'] <= 1.2)}. The tree-shaken one is the reading that
matches the issue's own figures (the packages as installed cost ~2.7× its floor there; ${fmt(cs['external ESM'])}× the
tree-shaken floor here, ${fmt(cr['external ESM'])}× the whole one), so it is the one we hold ourselves to. The
A/A control row shows how far two identical files land apart in this run. Across our recent runs the ratio to the
tree-shaken floor read 1.04–1.12 for ESM and 1.16–1.25 for CJS: ESM is met with room, CJS sits at the line. File sizes: ${Object.entries(
    cold.bytes,
  )
    .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KB`)
    .join(', ')}.

**What we chose.** The package's \`exports\` give Node (the \`node\` condition) files with ky, zod/mini and
eventemitter3 inlined, tree-shaken and minified — one file to load instead of zod's module graph, file by
file. V8 compiles every byte of a module at import, so zod's code generator (compiled response schemas) lives
in \`dist/compiler.node.cjs\`, required on the first response check rather than at import (it was ~5 ms of a
cold \`require\`). Whitespace and syntax are minified but not identifiers, so every name reads as in the
source; \`keepNames\` (which mangling would need) ran a \`__name\` call per function at import and cost ~3 ms,
and mangled identifiers measured no faster at a cold import. The \`import\` / \`default\` entry keeps the dependencies external, so bundlers
deduplicate them with an app's own zod or ky, and the browser bundle is unchanged. The cost: Node apps that
also use zod load a second copy of it (as they would of any bundled dependency), and a bundler that targets
Node picks the inlined file.

## Response parse cost (100-face list, ${parse.bytes} B)

| check | µs per call |
| --- | ---: |
${Object.entries(parse.usPerCall)
  .map(([k, v]) => `| ${k} | ${fmt(v, 1)} |`)
  .join('\n')}

Whole response parse (\`JSON.parse\` plus the check) against \`JSON.parse\` plus a hand-written guard:
**${fmt(parse.withJsonParse.compiled)}×** in the Node entry, which compiles schemas with zod's \`z.compile\`
(goal ≤ 1.5×: ${ok(parse.withJsonParse.compiled <= 1.5)}); ${fmt(parse.withJsonParse.sdk)}× with zod's interpreter, which the browser
entry keeps. On the parsed object alone the check costs ${fmt(parse.compiledRatioToGuard, 1)}× (compiled) and
${fmt(parse.ratioToGuard, 1)}× (interpreted) a guard that returns a boolean: zod also collects issues and paths.
\`z.compile\` generates code with \`new Function\` (under a CSP without \`unsafe-eval\` it falls back to the
interpreter by itself); its code generator would add ~30 KB minified to a browser bundle, so only the Node
entry (\`src/index.node.ts\`) installs it, from \`dist/compiler.node.cjs\` on the first check (this bench
compiles through that same file). Issues are identical either way (test/core/node-entry.test.ts).

## watchMany over ${watch.faces} trainings (simulator, \`validation: 'strict'\`)

| measure | value |
| --- | ---: |
| list requests per poll interval (median / max) | ${watch.requestsPerInterval} / ${watch.maxRequestsPerInterval} |
| CPU per poll tick, total | ${fmt(watch.cpuMsPerTick, 1)} ms |
| of which the simulator answering 10 lists | ${fmt(watch.simCpuMsPerTick, 1)} ms |
| of which the SDK (polling, validation, trackers, events) | ${fmt(watch.sdkCpuMsPerTick, 1)} ms |
| heap before / peak / after (after GC) | ${fmt(watch.heapBeforeMB, 1)} / ${fmt(watch.heapPeakMB, 1)} / ${fmt(watch.heapAfterMB, 1)} MB |
| outcome | ${watch.completed} completed, ${watch.failed} failed, ${watch.ticks} ticks, ${watch.progressEvents} progress events |

## Memory across repeated chaos runs (\`node --expose-gc\`)

${mem.runs} runs of ${mem.opsPerRun} operations under simulator faults, a fresh client and simulator each time.
Heap after GC per run (MB): ${mem.heapMB.map((h) => fmt(h, 2)).join(', ')}. Slope after two warm-up runs:
**${fmt(mem.slopeMBPerRun * 1024, 1)} KB per run** (${mem.slopeMBPerRun * 1024 < 64 ? 'flat within JIT and allocator noise' : 'growing: investigate'}).

${mediaSection(media)}
## Reproduce

\`npm run bench\` (about 11 minutes on 2 shared cores; \`npm run bench -- --report\` rewrites this page from the
last run's saved results). Single parts: \`node test/bench/throughput-alone.mjs <dist/index.node.js>\`,
\`node test/bench/throughput.mjs <dist/index.node.js>\`, \`node test/bench/overhead.mjs <dist/index.node.js>\`,
\`node test/bench/parse.mjs <dist>\`, \`node --expose-gc test/bench/watch.mjs <dist>\`, \`node --expose-gc test/bench/memory.mjs <dist>\`,
\`node test/bench/cold-import.mjs\`, \`node --import tsx test/bench/media.mjs <dist>\` (\`npm run bench -- --media\` re-measures
only that section); profiles with
\`node --cpu-prof --cpu-prof-dir=prof test/bench/profile.mjs tavus-list <dist/index.js>\` then
\`node test/bench/profile.mjs summary prof/<file>.cpuprofile\`.
`;
}

/** The training media preflight section (test/bench/media.mjs); older saved results have none. */
function mediaSection(media) {
  if (!media) return '## Training media preflight\n\nNot in these saved results: run `npm run bench -- --media`.\n';
  const rows = Object.entries(media.results)
    .map(
      ([name, r]) =>
        `| ${name} | ${r.requests} | ${fmt(r.bytesRead / 1024, 0)} KiB | ${fmt(r.bytesServed / 1024, 0)} KiB | ${fmt(r.ms, 0)} ms (${fmt(r.msMin, 0)}–${fmt(r.msMax, 0)}) | ${r.unchecked.length ? `not checked: ${r.unchecked.join(', ')}` : 'every rule'} |`,
    )
    .join('\n');
  const mb = media.sizeBytes / 1e6;
  return `## Training media preflight (\`tavus-faces/media\`, a ${mb} MB video from 127.0.0.1)

\`checkTrainingMedia(url, { kind: 'video' })\` on a ${mb} MB H.264 .mp4 (a fixture's boxes with its \`mdat\` stretched by
zeros, served on the fly by test/media/server.ts in the same process, which counts what it writes). Median of
${media.rounds} runs after one untimed run (range across runs in brackets); the same process runs the server, so the time
includes serving.${media.apart ? ` Measured on ${media.date} by \`npm run bench -- --media\`, apart from the rest of this page.` : ''}

| server, file | requests | bytes read | bytes the server wrote | time | checked |
| --- | ---: | ---: | ---: | ---: | --- |
${rows}

With Range support the check reads the first 64 KiB (the boxes' headers, and the moov when it is at the start),
then, for a moov at the end, one range from the moov's start: two requests, about 100 KiB of ${mb} MB. A server that
ignores \`Range\` sends the whole file; the check reads the first 4 MiB and cancels the response, so the server writes
only that plus what the sockets buffered before the cancel. With the moov at the start that prefix holds every fact;
with the moov at the end it holds none of the track facts, and the report says so (a \`not_checked\` warning, the codes
in \`unchecked\`) instead of reading on. The size still comes from \`Content-Length\`.

Bundle (min + brotli, as size-limit measures it): \`import { checkTrainingMedia } from 'tavus-faces/media'\`
**${kb(media.bundle.media)}**, of which mediabunny's MP4/MOV and WebM/MKV readers alone weigh ${kb(media.bundle.mediabunny)};
none of it is in \`import { Tavus }\` above.
`;
}

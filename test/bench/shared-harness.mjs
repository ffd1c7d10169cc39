// The section of docs/performance.md about the shared harness (../shared/perf), which `npm run bench`
// does not run: its numbers come from that harness, measured by hand (its README), and are kept here
// so that regenerating the page keeps them. Update the text when you measure again.
export const SHARED_HARNESS = `### The shared harness (\`shared/perf\`, all SDKs in one process) beside \`npm run bench\`

Measured on 2026-12-02 with \`TAVUS_FACES_DIR=<checkout> node bench.mjs --only ky,tavus-faces --n 1000 --rounds 3\`
(default \`lenient\` validation, no listeners, \`faces.list()\`), two runs per build, the machine's load average 4–18.
tavus / ky is the ratio of the two \`× fetch\` medians of one run.

| build | c=1 tavus / ky | c=32 tavus / ky |
| --- | ---: | ---: |
| before this work (issue 16's table, 2026-12-01) | 0.76 | 0.80 |
| this build, run 1 | 0.77 | 0.71 |
| this build, run 2 | 0.83 | 0.74 |
| \`npm run bench\`, one client per process (table above, strict, listeners on) | 0.87–1.03 across runs | |

**Goal ≥ 0.95× ky: not met in the shared harness.** The per-round spread of ky's own ratio to fetch in
these runs (0.53–0.94) is wider than the gap, so a single run decides nothing; the gap is real in every run.

**Why the two harnesses differ** (measured with the harness's own server and client modules):

- *A forced full GC before every slice.* The shared harness calls \`gc()\` before each slice. With the same clients
  and slices (the harness's server and client modules, c=1), toggling only that call moved tavus / ky from
  0.77, 0.80, 0.67, 0.68, 0.71 (no GC) to 0.41, 0.64, 0.60, 0.66, 0.61 (GC) in five paired runs, and slowed ky itself
  by a third or more. Not bytecode flushing (\`--no-flush-bytecode\` changed nothing). What it multiplies is
  allocation: after a full GC the young generation fills again from its smallest size, and on these loaded cores one
  scavenge paused the main thread
  ~12 ms (\`--trace-gc\`). Network-free, per call: raw fetch allocates 17.2 KB, ky 46.0 KB, tavus-faces 59.4 KB
  before this work and 55.9 KB after it.
- *One process for every client.* Network-free (the same canned \`fetch\`), tavus-faces cost +4 % over ky with one
  client per process and +38 % when both ran interleaved in one process: undici's and Node's shared code (\`Request\`,
  \`Headers\`, \`AbortSignal\`, streams) is fed two sets of object shapes, and the SDK's own promise chain runs between
  them. \`npm run bench\`'s headline table runs one client per process, as an app does; the shared harness does not.

**Where each microsecond goes, per call, beyond ky** (network-free, canned \`fetch\`, one process,
median of 40 paired slices of 500 calls, runs before and after this work; the load inflated every figure ~3× over a
quiet machine, so read them as proportions of ky's ~350 µs): up to the HTTP core, +9–33 µs over ky (the attempt, the
query string, two \`Date.now\`, the body read under its timer, the redirect and status checks, the depth bound);
through the pipeline, +50–88 µs (the list's \`PagePromise\`/\`Page\`, the query object, \`readPage\`: legacy-name
renames and \`training_progress\` parsing ~4.5 µs for 7 faces, the compiled check ~1 µs); through the client,
+68–95 µs (\`faces.list\`'s spec, the event plumbing).

| per-call item (this machine, loaded; µs) | cost | what this work did / why it stays |
| --- | ---: | --- |
| \`JSON.parse\` of the 2.3 KB list | 12.8 | was done **twice** per GET (once to decide a retry, once for the result): now once |
| compiled zod \`safeParse\` of the list | 2.2 | builds a copy of the body nothing reads: now zod's \`validate\` (0.5) first, \`safeParse\` only to collect issues |
| depth scan of every body over 2,000 chars | ~3 | now a count of \`{\` and \`[\` with \`indexOf\` (an upper bound); the exact iterative walk only above 1,000 |
| \`request\` / \`response\` payloads | <1 | built only when someone listens (a derived client always builds them) |
| per-call option keys handed to ky | — | only \`method\` (and what differs); no \`fetch\` wrapper without a custom \`fetch\` (ky binds the global one per request) |
| one async frame in \`ResourceContext.send\` and the list fetcher | ~1–2 | gone (a promise and a microtask hop each) |
| a second timer for the body read | 0.8 | stays: one timer per attempt needs an \`AbortController\` of ours (7.4 with its signal; ky's is out of reach), a loss |
| \`URLSearchParams\` for the query | 0.7 | stays (a hand-built string saves 0.3 and would have to copy its encoding) |

ky's own per-call features, as the SDK uses them (same units; each stays because ky stays, per the design card):

| ky feature | cost | note |
| --- | ---: | --- |
| four \`AbortSignal\`s per call: ky's \`AbortController\`, its \`Request\`, the clone, \`fetch\`'s own \`Request\` | ~30 | 7.4 each; \`AbortSignal.any\` (22) is avoided by passing no signal unless the caller does |
| \`request.clone()\` before every attempt, for ky's retries (we use \`retry: 0\`) | 25 | a tee of the signal and headers |
| \`new Request\` in the \`Ky\` constructor | 12 | \`fetch\` builds a second one from it |
| \`deepMerge\` of the instance options with the call's (quadratic object spreads) and 4 \`Headers\` objects | ~8 | 1.5 per \`Headers\`; more keys on the instance cost more |
| \`findUnknownOptions\`, \`normalizeRetryOptions\`, hooks merge, 6 response-type closures | ~5 | every call, used or not |
| ky's \`timeout\` promise and timer | ~1 | the headers' deadline; the body's is ours |

**Cold import, re-measured after this work** (\`node test/bench/cold-import.mjs\`, 31 runs, 2026-12-02, during the
test suite of four other engineers: \`node -e 0\` took 284 ms against 108 ms in the table below). Against the whole
bundled floor: ESM **0.43×**, CJS **0.52×** (goal ≤ 1.2×: met). Against the tree-shaken floor this run has no
resolution: its A/A control, a copy of that floor, read 2.74× (ESM) and 0.29× (CJS). What Node loads did not change
(same files, 170.6 KB \`index.node.js\` against 170.6 KB before; the compiler stays lazy).

**What would close the rest.** The remaining gap in the shared harness is GC and shared-code pressure
multiplied by allocation, not a single hot function: the SDK's own code is spread thin (no item above ~6 µs
network-free). Closing it would take (a) fewer allocations per call in the pipeline (a list page without
\`PagePromise\`'s closures, normalise and derive fused into one pass per face, \`training_progress\` parsed without
a regex — \`src/resources\` and \`src/schemas\`, not this work's files), and (b) a request path that skips ky's
clone-for-retry and its second \`Request\`, which means not using ky for the request (the design card keeps it).
`;

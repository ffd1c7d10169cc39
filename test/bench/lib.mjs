// Shared helpers of the benchmark scripts: timing, statistics, and a scratch build of the package.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));

export function scratchDir(prefix) {
  return mkdtempSync(join(tmpdir(), `tavus-bench-${prefix}-`));
}

/**
 * Copies the sources and build config into a scratch directory (node_modules linked, not copied)
 * and builds there, so the bench never touches the repository's own dist/. `tsupConfig` replaces
 * tsup.config.ts and `patchPackage` edits package.json, for trying another layout.
 */
export function scratchBuild(prefix, { tsupConfig, patchPackage, dts = false } = {}) {
  const dir = scratchDir(prefix);
  for (const item of ['src', 'tsconfig.json', 'package.json', 'tsup.config.ts', 'README.md']) {
    cpSync(join(ROOT, item), join(dir, item), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  if (tsupConfig) writeFileSync(join(dir, 'tsup.config.ts'), tsupConfig);
  if (!dts) {
    // Declarations do not change what Node loads; skipping them keeps the bench fast.
    const cfgPath = join(dir, 'tsup.config.ts');
    const text = execFileSync('cat', [cfgPath], { encoding: 'utf8' });
    writeFileSync(
      cfgPath,
      text.replace(/dts: \{[^}]*\}[^,\n]*,/, 'dts: false,').replace(/^(\s*)dts,$/gm, '$1dts: false,'),
    );
  }
  if (patchPackage) {
    const pkgPath = join(dir, 'package.json');
    const pkg = JSON.parse(execFileSync('cat', [pkgPath], { encoding: 'utf8' }));
    patchPackage(pkg);
    writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  }
  mkdirSync(join(dir, 'dist'), { recursive: true });
  execFileSync(join(ROOT, 'node_modules/.bin/tsup'), [], { cwd: dir, stdio: 'pipe' });
  return dir;
}

/** `npm pack` a scratch build, then install the tarball into a fresh consumer, as a user would. */
export function packAndInstall(buildDir, prefix) {
  const out = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', buildDir], {
    cwd: buildDir,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop();
  const consumer = scratchDir(`${prefix}-consumer`);
  writeFileSync(join(consumer, 'package.json'), '{"name":"consumer","private":true}\n');
  execFileSync(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(buildDir, out)],
    { cwd: consumer, stdio: 'pipe' },
  );
  return consumer;
}

export function cleanup(...dirs) {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/** Runs a node script in a child process and resolves with its parsed JSON stdout. */
export function runNode(args, { cwd = ROOT, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}

/**
 * Runs `script --child <name> ...args` once per name per round, each in a fresh process, the order
 * rotating from round to round; returns each name's parsed JSON results, by round.
 */
export function roundsOfChildren(script, names, rounds, args) {
  const results = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      const child = spawnSync(process.execPath, [script, '--child', name, ...args], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`${name} ${args.join(' ')} exited with ${child.status}: ${child.stderr}`);
      results[name].push(JSON.parse(child.stdout));
    }
  }
  return results;
}

/** Runs `total` calls of `fn` with `concurrency` workers; resolves with wall and process-CPU milliseconds. */
export async function measure(fn, concurrency, total) {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      await fn();
    }
  };
  const cpu = process.cpuUsage();
  const start = nowMs();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(cpu);
  return { wall: nowMs() - start, cpu: (used.user + used.system) / 1000 };
}

/** Starts the bench server (test/bench/server.mjs) in a child process; it exits when `stop` closes its stdin. */
export async function startServer() {
  const server = spawn(process.execPath, [join(ROOT, 'test/bench/server.mjs')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const { port, sizes } = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(JSON.parse(d))));
  return { base: `http://127.0.0.1:${port}`, sizes, stop: () => server.stdin.end() };
}

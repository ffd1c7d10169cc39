import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorServer, serveSimulator } from '../../src/testing/index.js';
import { type RunOptions, json, tavusFaces } from './helpers.js';

let server: SimulatorServer;
let dir: string;
let faceId: string;

beforeAll(async () => {
  server = await serveSimulator({ seed: 'cli-pals' });
  dir = await mkdtemp(join(tmpdir(), 'cli-pals-'));
  faceId = server.sim.addFace({ face_name: 'PAL face' }).face_id;
});
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function on(args: string[], options: RunOptions = {}) {
  return tavusFaces([...args, '--base-url', server.url], { ...options, env: { TAVUS_API_KEY: server.sim.apiKey } });
}

async function file(name: string, value: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(value));
  return path;
}

async function createPal(): Promise<string> {
  const path = await file('pal.json', {
    pal_name: 'Coach',
    system_prompt: 'You are a running coach.',
    default_face_id: faceId,
    layers: { llm: { model: 'tavus-gpt-oss' }, stt: { hotwords: 'Tavus' } },
  });
  const run = await on(['pals', 'create', '--file', path]);
  expect(run.code).toBe(0);
  return run.stdout.trim();
}

const patches = () => server.sim.requests.filter((r) => r.method === 'PATCH');

describe('pals', { timeout: 60_000 }, () => {
  it('create --file prints the id; get and list show it', async () => {
    const id = await createPal();
    expect(id).toMatch(/^p[0-9a-f]{11}$/);
    expect(server.sim.pals.get(id)?.pal_name).toBe('Coach');

    const get = await on(['pals', 'get', id]);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(new RegExp(`^pal_id: +${id}$`, 'm'));
    expect(get.stdout).toMatch(/^system_prompt: +You are a running coach\.$/m);
    expect(json<{ pal_id: string; default_face_id: string }>(await on(['pals', 'get', id, '--json']))).toMatchObject({
      pal_id: id,
      default_face_id: faceId,
    });

    const list = await on(['pals', 'list', '--json']);
    expect(json<{ pal_id: string }[]>(list).map((p) => p.pal_id)).toContain(id);
    const table = await on(['pals', 'list']);
    expect(table.stdout).toMatch(new RegExp(`^${id}\\s+${faceId}\\s+Coach$`, 'm'));
  });

  it('create reads stdin with --file -, and says what is wrong with a bad file', async () => {
    const body = JSON.stringify({ pal_name: 'From stdin', system_prompt: 'Hi.', default_face_id: faceId });
    const run = await on(['pals', 'create', '--file', '-', '--json'], { input: body });
    expect(run.code).toBe(0);
    expect(server.sim.pals.get(json<{ pal_id: string }>(run).pal_id)?.pal_name).toBe('From stdin');

    const missing = await on(['pals', 'create', '--file', join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`error: ${join(dir, 'nope.json')}: no such file`);
    const broken = await on(['pals', 'create', '--file', '-'], { input: '{"pal_name": ' });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^error: - is not valid JSON: /);
    // Checked before sending: no default_face_id.
    const invalid = await on(['pals', 'create', '--file', '-'], { input: '{"system_prompt": "x"}' });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^error: .*default_face_id.*Fix that value and run the command again\.$/m);
  });

  it('update --dry-run prints the JSON Patch and sends nothing', async () => {
    const id = await createPal();
    const before = patches().length;
    const run = await on([
      'pals',
      'update',
      id,
      '--set',
      'system_prompt=You are a patient tutor.',
      '--set',
      'layers.llm.model=tavus-glm-4.7',
      '--set',
      '/layers/stt/hotwords=null',
      '--dry-run',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(json(run)).toEqual({
      pal_id: id,
      patches: [
        [
          { op: 'replace', path: '/system_prompt', value: 'You are a patient tutor.' },
          { op: 'replace', path: '/layers/llm/model', value: 'tavus-glm-4.7' },
          { op: 'remove', path: '/layers/stt/hotwords' },
        ],
      ],
    });
    expect(patches().length).toBe(before);
    expect(server.sim.pals.get(id)?.system_prompt).toBe('You are a running coach.');

    const human = await on(['pals', 'update', id, '--set', 'system_prompt="Quoted"', '--dry-run']);
    expect(human.stdout).toContain(`Would send 1 PATCH request to /v2/pals/${id}:`);
    expect(human.stdout).toContain('"value": "Quoted"');
    const nothing = await on(['pals', 'update', id, '--set', 'system_prompt=You are a running coach.', '--dry-run']);
    expect(nothing.stdout.trim()).toBe(`Nothing would change: no PATCH request would be sent to PAL ${id}.`);
  });

  it('update sends the change (--set or --file, merge patch or JSON Patch)', async () => {
    const id = await createPal();
    const set = await on(['pals', 'update', id, '--set', 'layers.llm.model=tavus-glm-4.7']);
    expect(set.code).toBe(0);
    expect(set.stdout.trim()).toBe(`Updated PAL ${id} (1 PATCH request)`);
    expect(patches().at(-1)?.body).toEqual([{ op: 'replace', path: '/layers/llm/model', value: 'tavus-glm-4.7' }]);

    const merge = await file('changes.json', { pal_name: 'Tutor', layers: { stt: { hotwords: null } } });
    const fromFile = await on(['pals', 'update', id, '--file', merge, '--json']);
    expect(fromFile.code).toBe(0);
    expect(json<{ pal_name: string }>(fromFile).pal_name).toBe('Tutor');

    const ops = await file('ops.json', [{ op: 'replace', path: '/system_prompt', value: 'Patched.' }]);
    const patched = await on(['pals', 'update', id, '--file', ops]);
    expect(patched.code).toBe(0);
    expect(server.sim.pals.get(id)?.system_prompt).toBe('Patched.');
  });

  it('update needs --set or --file (not both, not neither); a bad --set is a usage error', async () => {
    for (const args of [
      [],
      ['--set', 'a=1', '--file', 'x.json'],
      ['--set', 'novalue'],
      ['--set', 'a=1', '--set', 'a.b=2'],
    ]) {
      const run = await on(['pals', 'update', 'pcb7a34da5fe', ...args]);
      expect(run.code).toBe(64);
      expect(run.stderr).toContain('Usage: tavus-faces pals update [options] <id>');
    }
  });

  it('a PAL Maker draft: the 409 says to publish or --force', async () => {
    const id = await createPal();
    server.sim.setMakerDraft(id);
    const refused = await on(['pals', 'update', id, '--set', 'pal_name=Forced']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/unpublished PAL Maker draft.*pals publish .*--force/);
    const forced = await on(['pals', 'update', id, '--set', 'pal_name=Forced', '--force']);
    expect(forced.code).toBe(0);
    expect(patches().at(-1)?.query).toEqual({ force: 'true' });
    expect(server.sim.pals.get(id)?.pal_name).toBe('Forced');
  });

  it('publish and delete', async () => {
    const id = await createPal();
    const publish = await on(['pals', 'publish', id]);
    expect(publish.code).toBe(0);
    expect(publish.stdout.trim()).toBe(`Published PAL ${id}`);
    const del = await on(['pals', 'delete', id, '--json']);
    expect(del.code).toBe(0);
    expect(json(del)).toEqual({ pal_id: id, deleted: true });
    expect(server.sim.pals.has(id)).toBe(false);
  });
});

describe('stock-faces and voices', { timeout: 60_000 }, () => {
  it('stock-faces list --model lists every page of that model', async () => {
    const run = await on(['stock-faces', 'list', '--model', 'phoenix-4', '--json']);
    expect(run.code).toBe(0);
    const faces = json<{ face_id: string; model_name: string }[]>(run);
    const expected = server.sim.stockFaces.filter((f) => f.model_name === 'phoenix-4');
    expect(faces.map((f) => f.face_id)).toEqual(expected.map((f) => f.face_id));
    const all = json<unknown[]>(await on(['stock-faces', 'list', '--json']));
    expect(all).toHaveLength(server.sim.stockFaces.length);
  });

  it('voices list --search', async () => {
    const run = await on(['voices', 'list', '--search', 'ann']);
    expect(run.code).toBe(0);
    const [header, ...rows] = run.stdout.trim().split('\n');
    expect(header).toMatch(/^VOICE_ID\s+NAME\s+TYPE\s+DESCRIPTION$/);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.split(/\s{2,}/)[1]?.toLowerCase()).toContain('ann');
    const all = json<unknown[]>(await on(['voices', 'list', '--json']));
    expect(all).toHaveLength(server.sim.voices.length);
  });
});

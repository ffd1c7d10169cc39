import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  APIUserAbortError,
  BadRequestError,
  type ConversationEvent,
  type ConversationTimeoutError,
  RequestValidationError,
  Tavus,
  TavusError,
  type TrainingRetry,
  TrainingTimeoutError,
  isTavusError,
} from '../../src/index.js';
import { type SimulatorOptions, type TavusSimulator, createSimulator } from '../../src/testing/index.js';
import { BASE, makeClient, useMsw } from '../helpers/msw.js';
import { fakeTimers } from './helpers.js';

const server = useMsw();

function onSim(options: SimulatorOptions = {}) {
  const sim = createSimulator(options);
  const tavus = new Tavus({ apiKey: sim.apiKey, fetch: sim.fetch, backoff: { initialDelayMs: 1, maxDelayMs: 5 } });
  return { sim, tavus, face: sim.addFace({ face_name: 'Rio' }) };
}

const polls = (sim: TavusSimulator, id: string) =>
  sim.requests.filter((r) => r.method === 'GET' && r.path === `/v2/conversations/${id}`).length;

describe('on the simulator, out of the box (manual clock, default options)', () => {
  it('watchTraining finishes: its pauses and deadline run on simulated time', async () => {
    const { sim, tavus } = onSim();
    const { face_id } = await tavus.faces.create({ train_video_url: 'https://example.com/rio.mp4' });
    const started = sim.now();
    const watch = tavus.faces.watchTraining(face_id);
    const percents: number[] = [];
    watch.on('progress', (p) => percents.push(p.percent));
    const face = await watch.done;
    expect(face.status).toBe('completed');
    expect(percents.at(-1)).toBe(100);
    // It polled every 30 simulated seconds until the 3.5 simulated hours were over.
    expect(sim.now() - started).toBeGreaterThanOrEqual(sim.trainingMs);
    expect(watch.deadline).toBe(started + 8 * 3_600_000);
  }, 20_000);

  it('watchTraining times out on simulated time too', async () => {
    const { sim, tavus } = onSim();
    const { face_id } = await tavus.faces.create({ train_video_url: 'https://example.com/rio.mp4' });
    const error = await tavus.faces.watchTraining(face_id, { timeoutMs: 3_600_000 }).done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingTimeoutError);
    expect(sim.faces.get(face_id)?.status).toBe('started');
  });

  it('watchMany finishes: its pauses, ETAs and deadline run on simulated time', async () => {
    const { sim, tavus } = onSim();
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      ids.push((await tavus.faces.create({ train_video_url: `https://example.com/${name}.mp4` })).face_id);
    }
    const started = sim.now();
    const watch = tavus.faces.watchMany(ids);
    const etas: number[] = [];
    watch.on('progress', (p) => p.etaMs !== null && etas.push(p.etaMs));
    const { completed, failed } = await watch.done;
    expect(completed.map((f) => f.face_id).sort()).toEqual([...ids].sort());
    expect(failed).toEqual([]);
    expect(sim.now() - started).toBeGreaterThanOrEqual(sim.trainingMs);
    expect(watch.deadline).toBe(started + 8 * 3_600_000);
    // ETAs measured on simulated time: hours, not the milliseconds that passed in real time.
    expect(Math.max(...etas)).toBeGreaterThan(3_600_000);
  }, 20_000);

  it('watchMany times out on simulated time too', async () => {
    const { sim, tavus } = onSim();
    const { face_id } = await tavus.faces.create({ train_video_url: 'https://example.com/rio.mp4' });
    const error = await tavus.faces.watchMany([face_id], { timeoutMs: 3_600_000 }).done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingTimeoutError);
    expect((error as TrainingTimeoutError).pendingFaceIds).toEqual([face_id]);
    expect(sim.faces.get(face_id)?.status).toBe('started');
  });

  it('conversations.watch finishes once the call has ended and its transcript arrived, each event once', async () => {
    const { tavus, face } = onSim();
    const { conversation_id: id } = await tavus.conversations.create({ face_id: face.face_id });
    const watch = tavus.conversations.watch(id);
    const seen: string[] = [];
    watch.on('status', (s) => seen.push(`status ${s.from} -> ${s.to}`));
    watch.on('event', (e: ConversationEvent) => seen.push(e.event_type));
    watch.on('ended', (c) => seen.push(`ended: ${c.shutdownReason}`));
    const done = await watch.done;
    expect(seen).toEqual([
      'status null -> active',
      'system.replica_joined',
      'status active -> ended',
      'system.shutdown',
      'ended: participant_absent_timeout reached',
      'application.transcription_ready',
    ]);
    expect(done).toMatchObject({ conversation_id: id, status: 'ended', face_id: face.face_id });
    expect(done.transcript?.length).toBeGreaterThan(0);
    expect(watch.latest).toBe(done);
    expect(watch.settled).toBe(true);
  });

  it("the deadline rejects with ConversationTimeoutError, which is the watcher's TrainingTimeoutError too", async () => {
    const { sim, tavus, face } = onSim();
    const { conversation_id: id } = await tavus.conversations.create({ face_id: face.face_id });
    sim.joinConversation(id); // someone stays: the call does not end before the deadline
    const error = await tavus.conversations.watch(id, { timeoutMs: 600_000 }).done.catch((e: unknown) => e);
    // The watcher's own timeout error, with the conversation's fields.
    expect(error).toBeInstanceOf(TrainingTimeoutError);
    expect(isTavusError(error, 'TrainingTimeoutError') && 'conversationId' in error).toBe(true);
    expect((error as ConversationTimeoutError).toJSON()).toMatchObject({
      kind: 'TrainingTimeoutError',
      conversationId: id,
    });
    expect(error).toMatchObject({ conversationId: id, waitingFor: 'end', lastStatus: 'active' });
    expect((error as Error).message).toContain(`Conversation ${id} did not end before the deadline`);
    // A test-mode conversation ends at once but never gets a transcript.
    const test = await tavus.conversations.create({ face_id: face.face_id, test_mode: true });
    const waiting = await tavus.conversations.watch(test.conversation_id, { timeoutMs: 60_000 }).done.catch((e) => e);
    expect(waiting).toMatchObject({ waitingFor: 'transcript', lastStatus: 'ended' });
  });

  it('rides out transient failures with retry events; a final error ends it at once', async () => {
    const { sim, tavus, face } = onSim();
    const { conversation_id: id } = await tavus.conversations.create({ face_id: face.face_id });
    sim.failNext({ status: 503, times: 2, match: { method: 'GET', path: `/v2/conversations/${id}` } });
    const watch = tavus.conversations.watch(id);
    const retries: TrainingRetry[] = [];
    watch.on('retry', (r) => retries.push(r));
    await watch.done;
    expect(retries.map((r) => r.attempt)).toEqual([2, 3]);
    const before = sim.requests.length;
    const error = await tavus.conversations.watch('cnope').done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(sim.requests.length - before).toBe(1);
  });

  it('stop() and the signal end it quietly, leaving no request going', async () => {
    const { sim, tavus, face } = onSim();
    const { conversation_id: id } = await tavus.conversations.create({ face_id: face.face_id });
    sim.joinConversation(id);
    const watch = tavus.conversations.watch(id);
    const failed = vi.fn();
    watch.on('failed', failed);
    await new Promise((resolve) => setImmediate(resolve));
    watch.stop();
    await expect(watch.done).rejects.toBeInstanceOf(APIUserAbortError);
    expect(failed).not.toHaveBeenCalled();
    const controller = new AbortController();
    const aborted = tavus.conversations.watch(id, { signal: controller.signal });
    controller.abort();
    await expect(aborted.done).rejects.toBeInstanceOf(APIUserAbortError);
    const count = polls(sim, id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(polls(sim, id)).toBe(count);
  });

  it('a throwing listener ends the watch with a TavusError whose cause is what it threw', async () => {
    const { tavus, face } = onSim();
    const { conversation_id: id } = await tavus.conversations.create({ face_id: face.face_id });
    const watch = tavus.conversations.watch(id);
    const oops = new Error('listener bug');
    watch.on('event', () => {
      throw oops;
    });
    const error = await watch.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TavusError);
    expect((error as Error).cause).toBe(oops);
  });

  it('bad input throws before any request', () => {
    const { sim, tavus } = onSim();
    const before = sim.requests.length;
    expect(() => tavus.conversations.watch('')).toThrow(RequestValidationError);
    expect(() => tavus.conversations.watch('c1', { intervalMS: 10 } as never)).toThrow(/did you mean "intervalMs"/);
    expect(() => tavus.conversations.watch('c1', { until: 'tuned' } as never)).toThrow(RequestValidationError);
    expect(() => tavus.conversations.watch('c1', { timeoutMs: 0 })).toThrow(RequestValidationError);
    expect(sim.requests.length).toBe(before);
  });
});

describe('against the real API shape (msw, fake timers)', () => {
  afterEach(() => vi.useRealTimers());

  it('polls every intervalMs of real time and resolves once the transcript is in', async () => {
    fakeTimers();
    const answers = [
      { conversation_id: 'c1', status: 'active', events: [{ event_type: 'system.replica_joined', timestamp: 'a' }] },
      {
        conversation_id: 'c1',
        status: 'ended',
        events: [
          { event_type: 'system.replica_joined', timestamp: 'a' },
          { event_type: 'system.shutdown', timestamp: 'b', properties: { reason: 'participant_left_timeout' } },
        ],
      },
      {
        conversation_id: 'c1',
        status: 'ended',
        replica_id: 'r1',
        events: [
          { event_type: 'system.replica_joined', timestamp: 'a' },
          { event_type: 'system.shutdown', timestamp: 'b', properties: { reason: 'participant_left_timeout' } },
          {
            event_type: 'application.transcription_ready',
            timestamp: 'c',
            properties: { transcript: [{ role: 'user', content: 'Hi.' }] },
          },
        ],
      },
    ];
    const times: number[] = [];
    server.use(
      http.get(`${BASE}/v2/conversations/c1`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('verbose')).toBe('true');
        times.push(Date.now());
        return HttpResponse.json(answers[Math.min(times.length - 1, answers.length - 1)]);
      }),
    );
    const watch = makeClient({ validation: 'strict' }).conversations.watch('c1', { intervalMs: 5_000 });
    const events: string[] = [];
    watch.on('event', (e) => events.push(e.event_type));
    const done = watch.done;
    await vi.advanceTimersByTimeAsync(10_000);
    const conversation = await done;
    expect(conversation).toMatchObject({ face_id: 'r1', shutdownReason: 'participant_left_timeout' });
    expect(conversation.transcript).toEqual([{ role: 'user', content: 'Hi.' }]);
    expect(events).toEqual(['system.replica_joined', 'system.shutdown', 'application.transcription_ready']);
    expect(times.map((t) => t - (times[0] as number))).toEqual([0, 5_000, 10_000]);
  });

  it('a callback fed to the watch makes it look at once instead of at the next interval', async () => {
    fakeTimers();
    const shutdown = { event_type: 'system.shutdown', timestamp: 'b', properties: { reason: 'x' } };
    const transcript = {
      event_type: 'application.transcription_ready',
      timestamp: 'c',
      properties: { transcript: [{ role: 'user', content: 'Hi.' }] },
    };
    let events: unknown[] = [];
    let status = 'active';
    let reads = 0;
    server.use(
      http.get(`${BASE}/v2/conversations/c1`, () => {
        reads += 1;
        return HttpResponse.json({ conversation_id: 'c1', status, events });
      }),
    );
    const tavus = makeClient();
    const warnings: string[] = [];
    tavus.on('warning', (w) => warnings.push(String(w.path)));
    // An hour between polls: only the callbacks make it look again sooner.
    const watch = tavus.conversations.watch('c1', { intervalMs: 3_600_000 });
    await vi.waitFor(() => expect(reads).toBe(1));
    status = 'ended';
    events = [shutdown, transcript];
    const callback = (type: string, id = 'c1') => ({
      conversation_id: id,
      event_type: type,
      message_type: 'application',
      properties: { replica_id: 'r1' },
    });
    expect(watch.feed(callback('application.transcription_ready', 'c2'))).toBe(false);
    expect(watch.feed(callback('application.transcription_ready'))).toBe(true);
    const conversation = await watch.done;
    expect(reads).toBe(2);
    expect(conversation.transcript).toHaveLength(1);
    expect(watch.feed(callback('application.transcription_ready'))).toBe(false);
    // Legacy names in fed callbacks are this client's deprecation warnings, not process warnings.
    expect(warnings).toEqual(['replica_id']);
  });

  it('in strict mode rides out an event type the SDK does not know yet', async () => {
    fakeTimers();
    server.use(
      http.get(`${BASE}/v2/conversations/c1`, () =>
        HttpResponse.json({
          conversation_id: 'c1',
          status: 'ended',
          events: [
            { event_type: 'system.brand_new', timestamp: 'a' },
            { event_type: 'application.transcription_ready', timestamp: 'b', properties: { transcript: [] } },
          ],
        }),
      ),
    );
    const conversation = await makeClient({ validation: 'strict' }).conversations.watch('c1').done;
    expect(conversation.transcript).toEqual([]);
  });
});

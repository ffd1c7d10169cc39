/**
 * How a watch shows itself: a live cli-progress bar (percent, ETA, status) on a terminal, one
 * plain line per update anywhere else (pipes, CI logs), nothing with `--quiet`.
 *
 * @module
 * @internal
 */
import { SingleBar } from 'cli-progress';
import type { ConversationWatch, Face, TrainingWatch } from '../index.node.js';
import { type Cli, oneLine } from './context.js';
import { duration } from './output.js';

/** A face's state in a few words: `started`, `completed, finetune started`. @internal */
export function faceState(face: Face): string {
  return face.finetune_status ? `${face.status}, finetune ${face.finetune_status}` : String(face.status);
}

/**
 * Shows a training watch until it ends; returns a function that stops the display (call it in a
 * `finally`, before printing anything else, so a bar never leaves the cursor hidden).
 *
 * @internal
 */
export function showTraining(cli: Cli, watch: TrainingWatch): () => void {
  const { out } = cli;
  watch.on('retry', (r) =>
    out.debug(`poll failed (${oneLine(r.error.message)}); next try in ${duration(r.delayMs)} (attempt ${r.attempt})`),
  );
  if (out.quiet) return () => undefined;
  const stream = out.progressStream;
  if (stream.isTTY !== true) {
    const line = (text: string): void => void stream.write(`${text}\n`);
    watch.on('status', (s) => line(`status: ${s.from ?? 'none'} -> ${s.to}`));
    watch.on('finetune', (f) => line(`finetune: ${f.from ?? 'none'} -> ${f.to ?? 'none'}`));
    watch.on('progress', (p) =>
      line(`training ${p.percent.toFixed(0)}% (${p.raw}), ETA ${duration(p.etaMs)}, ${faceState(p.face)}`),
    );
    return () => undefined;
  }
  const bar = new SingleBar({
    stream: stream as NodeJS.WritableStream,
    format: '  training |{bar}| {percentage}% | ETA {eta_text} | {state}',
    barCompleteChar: '\u2588',
    barIncompleteChar: '\u2591',
    barsize: 30,
    hideCursor: true,
    // The bar must redraw in place however fast the simulator makes progress.
    fps: 20,
  });
  let started = false;
  let percent = 0;
  let payload = { eta_text: 'estimating', state: 'waiting for the first reading' };
  const draw = (): void => {
    if (!started) {
      bar.start(100, percent, payload);
      started = true;
    } else {
      bar.update(percent, payload);
    }
  };
  watch.on('progress', (p) => {
    percent = p.percent;
    payload = { eta_text: duration(p.etaMs), state: faceState(p.face) };
    draw();
  });
  // A status change comes before the progress of the same reading: draw that reading's percent.
  const onState = ({ face }: { face: Face }): void => {
    percent = Math.max(percent, face.progress ?? 0);
    payload = { ...payload, state: faceState(face) };
    draw();
  };
  watch.on('status', onState);
  watch.on('finetune', onState);
  watch.on('completed', (face) => {
    percent = 100;
    payload = { eta_text: '0s', state: faceState(face) };
    draw();
  });
  return () => {
    if (started) bar.stop();
    started = false;
  };
}

/** Shows a conversation watch: one line per status change and new event, where progress goes. @internal */
export function showConversation(cli: Cli, watch: ConversationWatch): void {
  const { out } = cli;
  watch.on('retry', (r) =>
    out.debug(`poll failed (${oneLine(r.error.message)}); next try in ${duration(r.delayMs)} (attempt ${r.attempt})`),
  );
  if (out.quiet) return;
  const line = (text: string): void => void out.progressStream.write(`${text}\n`);
  watch.on('status', (s) => line(`status: ${s.from ?? 'none'} -> ${s.to}`));
  watch.on('event', (e) => line(`event: ${e.event_type}`));
  watch.on('ended', (c) => line(`ended: ${c.shutdownReason ?? 'no reason given'}; waiting for the transcript`));
}

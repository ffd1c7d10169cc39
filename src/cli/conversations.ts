/**
 * `conversations start | end | emotion | transcript | watch`.
 *
 * @module
 * @internal
 */
import { type Command, Option } from 'commander';
import {
  type Conversation,
  PHOENIX_EMOTIONS,
  type PhoenixEmotion,
  type WatchConversationOptions,
} from '../index.node.js';
import { type Cli, CliError } from './context.js';
import { UsageError, table } from './output.js';
import { showConversation } from './progress.js';
import { type Act, intervalOption, seconds } from './shared.js';

interface StartOptions {
  face?: string;
  pal?: string;
  name?: string;
  maxDuration?: number;
}

/** Registers `conversations …`. @internal */
export function conversationsCommands(program: Command, act: Act): void {
  const conversations = program
    .command('conversations')
    .description('live video calls with a face and its PAL: start, steer, end, read');

  conversations
    .command('start')
    .description('start a conversation and print the URL to join it')
    .option('--face <id>', 'the face in the call (default: the PAL\u2019s default face)')
    .option('--pal <id>', 'the PAL that drives it (default: Tavus\u2019s default PAL)')
    .option('--name <name>', 'a name for the conversation')
    .addOption(new Option('--max-duration <s>', 'hard end of the call, in seconds').argParser(seconds))
    .addHelpText(
      'after',
      '\nBilling runs from the start until the call ends: end it with `tavus-faces conversations end ID`.\n\n' +
        'Example:\n  $ tavus-faces conversations start --face r90bbd427f71 --pal pcb7a34da5fe --max-duration 600',
    )
    .action(act((cli, options: StartOptions) => start(cli, options)));

  // Not in issue 19's list: without it nobody could find a conversation id again (nor the
  // --simulate account's two conversations).
  conversations
    .command('list')
    .description('list conversations, newest first (every page)')
    .addOption(new Option('--status <status>', 'only active or only ended ones').choices(['active', 'ended']))
    .addHelpText('after', '\nExample:\n  $ tavus-faces conversations list --status active')
    .action(
      act(async (cli, options: { status?: 'active' | 'ended' }) => {
        const tavus = await cli.client();
        const params = options.status === undefined ? {} : { status: options.status };
        const all = await tavus.conversations.list(params, cli.request).toArray();
        cli.out.result(all, () =>
          all.length === 0
            ? ['no conversations']
            : table([
                ['CONVERSATION_ID', 'STATUS', 'FACE', 'PAL', 'NAME'],
                ...all.map((c) => [
                  c.conversation_id,
                  String(c.status),
                  c.face_id ?? '',
                  c.pal_id ?? '',
                  c.conversation_name ?? '',
                ]),
              ]),
        );
      }),
    );

  conversations
    .command('end')
    .description('end a conversation (the face leaves, billing stops)')
    .argument('<id>', 'the conversation id')
    .addHelpText('after', '\nExample:\n  $ tavus-faces conversations end c123456789ab')
    .action(
      act(async (cli, id: string) => {
        await (await cli.client()).conversations.end(id, cli.request);
        cli.out.result({ conversation_id: id, ended: true }, () => [`Ended conversation ${id}`]);
      }),
    );

  conversations
    .command('emotion')
    .description('set the face\u2019s expression (Phoenix-4); it holds until the next one')
    .argument('<id>', 'the conversation id')
    .argument('<emotion>', `one of: ${PHOENIX_EMOTIONS.join(', ')}`)
    .addHelpText('after', '\nExample:\n  $ tavus-faces conversations emotion c123456789ab happiness')
    .action(
      act(async (cli, id: string, emotion: string) => {
        if (!(PHOENIX_EMOTIONS as readonly string[]).includes(emotion)) {
          throw new UsageError(
            `unknown emotion ${JSON.stringify(emotion)}; expected one of ${PHOENIX_EMOTIONS.join(', ')}`,
          );
        }
        await (await cli.client()).conversations.setEmotion(id, emotion as PhoenixEmotion, cli.request);
        cli.out.result({ conversation_id: id, emotion }, () => [`Conversation ${id}: emotion set to ${emotion}`]);
      }),
    );

  conversations
    .command('transcript')
    .description('print the transcript of an ended conversation')
    .argument('<id>', 'the conversation id')
    .addHelpText('after', '\nExample:\n  $ tavus-faces conversations transcript c123456789ab --json')
    .action(
      act(async (cli, id: string) => {
        const conversation = await (await cli.client()).conversations.get(id, { verbose: true }, cli.request);
        const { transcript } = conversation;
        if (transcript === null) {
          throw new CliError(
            conversation.status === 'ended'
              ? `Conversation ${id} has ended, but its transcript has not arrived yet; try again in a moment`
              : `Conversation ${id} is ${conversation.status}: the transcript comes after it ends (tavus-faces conversations watch ${id} waits for it)`,
          );
        }
        cli.out.result(transcript, () => transcriptLines(conversation));
      }),
    );

  conversations
    .command('watch')
    .description('follow a conversation (status, events) until it has ended and its transcript has arrived')
    .argument('<id>', 'the conversation id')
    .addOption(intervalOption())
    .addHelpText(
      'after',
      '\nCtrl-C stops watching (the call goes on).\n\nExample:\n  $ tavus-faces conversations watch c123456789ab',
    )
    .action(
      act(async (cli, id: string, options: { interval?: number }) => {
        const tavus = await cli.client();
        const watchOptions: WatchConversationOptions = { signal: cli.signal };
        if (options.interval !== undefined) watchOptions.intervalMs = options.interval;
        const watch = tavus.conversations.watch(id, watchOptions);
        cli.interruptNote = `Stopped watching conversation ${id}; the call goes on. End it with: tavus-faces conversations end ${id}`;
        showConversation(cli, watch);
        const done = await watch.done;
        cli.out.result(done, () => [
          `Conversation ${id} ended (${done.shutdownReason ?? 'no reason given'}); transcript: ${done.transcript?.length ?? 0} turns`,
        ]);
      }),
    );
}

async function start(cli: Cli, options: StartOptions): Promise<void> {
  if (options.face === undefined && options.pal === undefined) {
    throw new UsageError('give --face ID, --pal ID, or both (a PAL with a default face needs no --face)');
  }
  const tavus = await cli.client();
  const params = {
    ...(options.face === undefined ? {} : { face_id: options.face }),
    ...(options.pal === undefined ? {} : { pal_id: options.pal }),
    ...(options.name === undefined ? {} : { conversation_name: options.name }),
    ...(options.maxDuration === undefined ? {} : { properties: { max_call_duration: options.maxDuration } }),
  } as Parameters<typeof tavus.conversations.create>[0];
  const call = await tavus.conversations.create(params, cli.request);
  cli.out.note(`Conversation ${call.conversation_id} is live (billing until it ends):`);
  cli.out.result(call, () => [call.conversation_url ?? `(no URL returned) ${call.conversation_id}`]);
  cli.out.note(`End it with: tavus-faces conversations end ${call.conversation_id}`);
}

function transcriptLines(conversation: Conversation): string[] {
  const turns = conversation.transcript ?? [];
  if (turns.length === 0) return ['(an empty transcript)'];
  return turns.map((t) => `${t.role}: ${t.content}`);
}

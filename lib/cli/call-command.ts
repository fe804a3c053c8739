import { createInterface } from 'node:readline';
import { ValidationError } from '../../lambdas/domain/errors.ts';
import { startTwin } from '../local/twin.ts';
import { describeOutcome, EXIT, type Output, transcript } from './flow-commands.ts';

export interface CallCommandOptions {
  readonly from: string;
  readonly at?: string;
  readonly chat?: boolean;
  readonly agentHangup?: boolean;
  readonly queueWait?: number;
  readonly dataDir?: string;
  readonly stage?: string;
}

const KEYS = /^[0-9*#]{1,20}$/;

/**
 * `tsunagu call --from <number>`: a phone in the terminal. Starts the local twin (the synthesized
 * app, DynamoDB Local, the real handlers), calls the voice entry flow, prints what the caller
 * hears and reads the keys they press, one line per input (an empty line is no input: a timeout).
 * Lines can be piped in: `printf '2\n' | tsunagu call --from 090-1234-5678`.
 */
export async function callCommand(
  options: CallCommandOptions,
  io: Output,
  input = process.stdin,
): Promise<number> {
  const twin = await startTwin({
    port: 0,
    ...(options.stage ? { stage: options.stage } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    log: (line) => io.err(`[tsunagu] ${line}`),
  });
  const lines = createInterface({ input, terminal: false })[Symbol.asyncIterator]();
  try {
    io.err(`[tsunagu] calling from ${options.from}; type the keys and Enter (an empty line is no input)`);
    const result = await twin.calls.call(
      {
        from: options.from,
        channel: options.chat ? 'CHAT' : 'VOICE',
        agentHangsUp: options.agentHangup ?? false,
        queueWaitSeconds: options.queueWait ?? 0,
        ...(options.at ? { at: options.at } : {}),
      },
      {
        onEvents: (events) => {
          for (const line of transcript(events)) io.out(line);
        },
        readInput: async () => {
          for (;;) {
            io.err('☎ keys> ');
            const next = await lines.next();
            if (next.done) return undefined;
            const typed = String(next.value).trim();
            if (typed === '') return 'timeout';
            if (KEYS.test(typed)) return typed;
            io.err('  keys are 0-9, * and # (an empty line is no input)');
          }
        },
      },
    );
    io.out(`outcome: ${describeOutcome(result.outcome)}  (contact ${result.contactId})`);
    return result.outcome.kind === 'error' ? EXIT.findings : EXIT.ok;
  } catch (error) {
    if (error instanceof ValidationError) {
      io.err(`tsunagu call: ${error.field}: ${error.message}`);
      return EXIT.unusable;
    }
    throw error;
  } finally {
    await lines.return?.();
    await twin.stop();
  }
}

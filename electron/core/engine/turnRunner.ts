// Runs one assistant turn: streams the provider, journals every item as it arrives (write before
// show happens in the Committer), runs the tools the model asks for (bounded), and closes the turn
// with exactly one of completed / failed / aborted. Partial text is never lost: it is in the deltas.
import { createEvent, type InkwellEvent } from '../../../shared/events';
import { AppError } from '../../../shared/ipc/result';
import { isProviderError, type ChatMessage, type ChatRequest, type Provider, type ToolCallRecord } from '../providers';
import { ToolInputError, type ApprovalDecision, type Tool, type ToolApprover } from '../tools/tool';
import { toolOutputText } from './chatHistory';
import { MAX_MESSAGE_CHARS, MAX_TOOL_OUTPUT_CHARS } from '../../../shared/limits';
import type { Committer } from './committer';

export interface TurnSpec {
  conversationId: string;
  turnId: string;
  /** The assistant message this turn writes. */
  messageId: string;
  provider: Provider;
  request: ChatRequest;
  tools: readonly Tool[];
  /** Model calls in one turn, tool rounds included. */
  maxSteps: number;
  /** Who allows a call of a tool that needs approval; without one, such a call is not run. */
  approve?: ToolApprover;
  /** Continue: the answer's text so far, which this turn's text follows (turn.completed has both). */
  continues?: string;
  /** Continue: the length of the answer's reasoning so far (the message limit counts it). */
  continuesReasoningChars?: number;
}

/** The stop reason of an answer cut at the message limit (shared/limits.ts). */
export const MESSAGE_LIMIT_STOP = 'message_limit';

export type TurnOutcome = 'completed' | 'failed' | 'aborted';

export interface TurnControl {
  signal: AbortSignal;
  /** Why the signal fired: the user pressed Stop, or the app is quitting. */
  abortReason(): 'user' | 'shutdown';
}

export async function runTurn(spec: TurnSpec, committer: Committer, control: TurnControl): Promise<TurnOutcome> {
  const { conversationId, turnId } = spec;
  const journal = new TurnJournal(committer, conversationId);
  const messages: ChatMessage[] = [...spec.request.messages];
  const toolsByName = new Map(spec.tools.map((t) => [t.spec.name, t]));
  let text = spec.continues ?? '';
  let deltaIndex = 0;
  const written = { text: text.length, reasoning: spec.continuesReasoningChars ?? 0 };
  const usage = { inputTokens: 0, outputTokens: 0 };

  try {
    for (let step = 0; ; step++) {
      let stepText = '';
      let stopReason = 'end_turn';
      const calls: ToolCallRecord[] = [];
      const request: ChatRequest = { ...spec.request, messages, ...(spec.tools.length > 0 ? { tools: spec.tools.map((t) => t.spec) } : {}) };

      for await (const item of spec.provider.stream(request, control.signal)) {
        journal.throwIfFailed();
        if (item.kind === 'delta') {
          // An answer is a message like any other: it ends at the one message limit, and says so.
          const room = MAX_MESSAGE_CHARS - written[item.channel];
          const piece = item.text.length > room ? item.text.slice(0, room) : item.text;
          written[item.channel] += piece.length;
          if (item.channel === 'text') stepText += piece;
          if (piece.length > 0) journal.emit(createEvent('turn.delta', { turnId, index: deltaIndex++, text: piece, channel: item.channel }));
          if (piece.length < item.text.length) {
            stopReason = MESSAGE_LIMIT_STOP;
            break;
          }
        } else if (item.kind === 'tool_use') {
          const call: ToolCallRecord = { id: item.toolCallId, name: item.name, ...(item.rawInput !== undefined ? { rawInput: item.rawInput } : { input: item.input }) };
          calls.push(call);
          journal.emit(createEvent('turn.tool_use', { turnId, toolCallId: call.id, name: call.name, ...(call.rawInput !== undefined ? { rawInput: call.rawInput } : { input: call.input }) }));
        } else if (item.kind === 'usage') {
          // Reported per model call; the journal keeps the turn's running total (heal takes the last).
          journal.emit(
            createEvent('turn.usage', {
              turnId,
              inputTokens: usage.inputTokens + item.inputTokens,
              outputTokens: usage.outputTokens + item.outputTokens,
              raw: item.raw,
            }),
          );
          usage.inputTokens += item.inputTokens;
          usage.outputTokens += item.outputTokens;
        } else {
          stopReason = item.stopReason;
        }
      }
      text += stepText;

      if (calls.length === 0 || step + 1 >= spec.maxSteps || stopReason === MESSAGE_LIMIT_STOP) {
        const finalReason = stopReason === MESSAGE_LIMIT_STOP ? stopReason : calls.length > 0 ? 'tool_step_limit' : stopReason;
        await journal.commitNow(createEvent('turn.completed', { turnId, messageId: spec.messageId, text, stopReason: finalReason }));
        return 'completed';
      }

      // The tool calls are durable before any tool runs; each result is journalled before the next.
      await journal.settled();
      messages.push({ role: 'assistant', text: stepText, toolCalls: calls });
      for (const call of calls) {
        const tool = toolsByName.get(call.name);
        // Allowed or denied before it runs, and the journal says so first (turn.tool_approval).
        if (tool?.needsApproval === true && call.rawInput === undefined) {
          const decided: ApprovalDecision = spec.approve
            ? await spec.approve({ conversationId, toolCallId: call.id, name: call.name, input: call.input, signal: control.signal })
            : { decision: 'denied', scope: 'setting' };
          await journal.commitNow(createEvent('turn.tool_approval', { turnId, toolCallId: call.id, decision: decided.decision, scope: decided.scope }));
          if (decided.decision === 'denied') {
            const refusal = decided.reason ?? (spec.approve ? 'The user did not allow this call; it was not run.' : 'No one could be asked to allow this call; it was not run.');
            await journal.commitNow(createEvent('turn.tool_result', { turnId, toolCallId: call.id, output: refusal, isError: true }));
            messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, text: refusal, isError: true });
            continue;
          }
        }
        const result = await runTool(call, toolsByName, { conversationId, signal: control.signal });
        await journal.commitNow(createEvent('turn.tool_result', { turnId, toolCallId: call.id, output: result.output, isError: result.isError }));
        messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, text: toolOutputText(result.output), isError: result.isError });
      }
    }
  } catch (error) {
    if (journal.storageFailure) throw journal.storageFailure; // nothing more can be written to this journal
    if (control.signal.aborted) {
      await journal.commitNow(createEvent('turn.aborted', { turnId, reason: control.abortReason() }));
      return 'aborted';
    }
    const turnError = isProviderError(error)
      ? error.toJSON()
      : { code: 'internal', message: `Inkwell failed while writing this answer: ${error instanceof Error ? error.message : String(error)}`, retryable: true };
    await journal.commitNow(createEvent('turn.failed', { turnId, error: turnError }));
    return 'failed';
  } finally {
    await journal.settled().catch(() => undefined);
  }
}

async function runTool(
  call: ToolCallRecord,
  tools: Map<string, Tool>,
  context: { conversationId: string; signal: AbortSignal },
): Promise<{ output: unknown; isError: boolean }> {
  if (call.rawInput !== undefined) {
    return { output: `Not run: the arguments were not valid JSON (${call.rawInput.slice(0, 200)}).`, isError: true };
  }
  const tool = tools.get(call.name);
  if (!tool) return { output: `There is no tool named "${call.name}".`, isError: true };
  try {
    return { output: boundedToolOutput(await tool.run(call.input ?? {}, context)), isError: false };
  } catch (error) {
    if (context.signal.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { output: error instanceof ToolInputError ? message : `${call.name} failed: ${message}`, isError: true };
  }
}

/**
 * Tool output is untrusted and may be any size; the journal keeps and the model gets at most
 * MAX_TOOL_OUTPUT_CHARS of it, with the cut said in the text.
 */
export function boundedToolOutput(output: unknown): unknown {
  const text = toolOutputText(output);
  if (text.length <= MAX_TOOL_OUTPUT_CHARS) return output;
  return `${text.slice(0, MAX_TOOL_OUTPUT_CHARS)}\n[Inkwell cut this tool output at ${MAX_TOOL_OUTPUT_CHARS.toLocaleString('en-US')} of its ${text.length.toLocaleString('en-US')} characters.]`;
}

/** Issues appends in order without waiting for each; remembers the first storage failure. */
class TurnJournal {
  private last: Promise<unknown> = Promise.resolve();
  storageFailure: Error | undefined;

  constructor(
    private readonly committer: Committer,
    private readonly conversationId: string,
  ) {}

  emit(event: InkwellEvent): void {
    const append = this.committer.commit(this.conversationId, [event]);
    append.catch((error: unknown) => {
      this.storageFailure ??= error instanceof Error ? error : new AppError('storage_failed', String(error));
    });
    this.last = append;
  }

  async commitNow(event: InkwellEvent): Promise<void> {
    this.emit(event);
    await this.settled();
  }

  /** Resolves when everything emitted so far is durable; rejects with the storage failure if any. */
  async settled(): Promise<void> {
    await this.last.catch(() => undefined);
    this.throwIfFailed();
  }

  throwIfFailed(): void {
    if (this.storageFailure) throw this.storageFailure;
  }
}

import { context, propagation } from '@opentelemetry/api';
import { headerCarrier } from '@issuestream/observability';
import type { KafkaHeaderValue, MessageProducer, OutgoingMessage } from './types';

interface Pending {
  messages: OutgoingMessage[];
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

/**
 * Coalesces sends from many concurrent callers (HTTP requests) into one
 * produce request per topic every `lingerMs`, like the Java client's
 * linger.ms: one broker round trip and one record batch instead of one per
 * caller. Each caller still resolves only once its own messages are
 * acknowledged, and a caller's messages keep their order.
 */
export class LingeringProducer implements MessageProducer {
  private pending = new Map<string, Pending>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly inner: MessageProducer,
    private readonly lingerMs: number,
  ) {}

  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let entry = this.pending.get(topic);
      if (!entry) {
        entry = { messages: [], waiters: [] };
        this.pending.set(topic, entry);
      }
      // The trace belongs to the caller, not to whichever tick flushes the batch.
      entry.messages.push(...messages.map(withCallerTrace));
      entry.waiters.push({ resolve, reject });
      this.timer ??= setTimeout(() => this.flush(), this.lingerMs);
    });
  }

  async disconnect(): Promise<void> {
    await this.flush();
    await this.inner.disconnect();
  }

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batches = this.pending;
    this.pending = new Map();
    await Promise.all(
      [...batches].map(async ([topic, { messages, waiters }]) => {
        try {
          await this.inner.send(topic, messages);
          waiters.forEach((w) => w.resolve());
        } catch (error) {
          waiters.forEach((w) => w.reject(error));
        }
      }),
    );
  }
}

function withCallerTrace(message: OutgoingMessage): OutgoingMessage {
  const headers: Record<string, KafkaHeaderValue> = { ...(message.headers ?? {}) };
  propagation.inject(context.active(), headers, headerCarrier);
  return { ...message, headers };
}

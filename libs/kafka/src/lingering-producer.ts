import { injectTraceContext } from '@issuestream/observability';
import type { KafkaHeaderValue, MessageProducer, OutgoingMessage } from './types';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface TopicQueue {
  messages: OutgoingMessage[];
  waiters: Waiter[];
  /** A flush is scheduled or its produce request is unanswered. */
  busy: boolean;
  /** Starts the scheduled flush now (once): disconnect does not wait out the linger. */
  flushNow?: () => void;
  /** Settles when the topic has nothing scheduled or in flight. */
  drained?: Promise<void>;
  markDrained?: () => void;
}

/**
 * Coalesces sends from many concurrent callers (HTTP requests) into one
 * produce request per topic, with at most one request in flight per topic:
 * sends that arrive while a request is unanswered go together as soon as it
 * is. Under load a batch holds what arrived during one broker round trip, so
 * batches grow with the load, while an idle producer sends at once (after
 * `lingerMs`, 0 = the end of the current event-loop turn). Each caller still
 * resolves only once its own messages are acknowledged, and a caller's
 * messages keep their order.
 */
export class LingeringProducer implements MessageProducer {
  private readonly queues = new Map<string, TopicQueue>();

  constructor(
    private readonly inner: MessageProducer,
    private readonly lingerMs: number,
  ) {}

  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    const queue = this.queue(topic);
    return new Promise<void>((resolve, reject) => {
      // The trace belongs to the caller, not to whichever turn flushes the batch.
      queue.messages.push(...messages.map(withCallerTrace));
      queue.waiters.push({ resolve, reject });
      if (queue.busy) return;
      queue.busy = true;
      queue.drained = new Promise((done) => (queue.markDrained = done));
      let started = false;
      const timer = this.lingerMs > 0 ? setTimeout(() => queue.flushNow?.(), this.lingerMs) : undefined;
      queue.flushNow = () => {
        if (started) return;
        started = true;
        clearTimeout(timer);
        void this.flush(topic, queue);
      };
      if (!timer) setImmediate(queue.flushNow);
    });
  }

  async disconnect(): Promise<void> {
    const queues = [...this.queues.values()];
    queues.forEach((queue) => queue.flushNow?.());
    await Promise.all(queues.map((queue) => queue.drained));
    await this.inner.disconnect();
  }

  private queue(topic: string): TopicQueue {
    let queue = this.queues.get(topic);
    if (!queue) {
      queue = { messages: [], waiters: [], busy: false };
      this.queues.set(topic, queue);
    }
    return queue;
  }

  /** Sends what is pending, then, while more arrived meanwhile, sends that at once: it already waited a round trip. */
  private async flush(topic: string, queue: TopicQueue): Promise<void> {
    while (queue.messages.length > 0) {
      const messages = queue.messages.splice(0);
      const waiters = queue.waiters.splice(0);
      try {
        await this.inner.send(topic, messages);
        waiters.forEach((w) => w.resolve());
      } catch (error) {
        waiters.forEach((w) => w.reject(error));
      }
    }
    queue.busy = false;
    queue.markDrained?.();
  }
}

function withCallerTrace(message: OutgoingMessage): OutgoingMessage {
  const headers: Record<string, KafkaHeaderValue> = { ...(message.headers ?? {}) };
  injectTraceContext(headers);
  return { ...message, headers };
}

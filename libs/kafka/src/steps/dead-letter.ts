import type { ConsumedMessage, KafkaHeaderValue, OutgoingMessage } from '../types';

export const deadLetterTopic = (topic: string): string => `${topic}-dlq`;

export interface Rejection {
  message: Pick<ConsumedMessage<unknown>, 'topic' | 'partition' | 'offset' | 'key' | 'headers' | 'raw'>;
  reason: string;
  detail: string;
}

/** The original bytes, key and headers, plus where they came from and why they were rejected. */
export function toDeadLetter({ message, reason, detail }: Rejection): OutgoingMessage {
  const headers: Record<string, KafkaHeaderValue> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers[name] = value;
  }
  Object.assign(headers, {
    'x-dlq-reason': reason,
    'x-dlq-error': detail.slice(0, 4096),
    'x-dlq-source-topic': message.topic,
    'x-dlq-source-partition': String(message.partition),
    'x-dlq-source-offset': message.offset,
  });
  return { key: message.key, value: message.raw, headers };
}

/**
 * Counts dead-lettered messages in a row. A healthy consumer sees poison
 * messages now and then; a long unbroken run means every message is failing
 * (a bad deploy or a schema mix-up), and continuing would empty the topic
 * into the DLQ.
 */
export class ConsecutiveRejections {
  private run = 0;

  constructor(private readonly limit: number) {}

  /** Records a processed batch; returns true when the limit is exceeded. */
  record(accepted: number, rejected: number): boolean {
    this.run = accepted > 0 ? rejected : this.run + rejected;
    return this.run > this.limit;
  }

  get current(): number {
    return this.run;
  }
}

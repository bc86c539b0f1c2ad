import { LingeringProducer } from './lingering-producer';
import type { MessageProducer, OutgoingMessage } from './types';

class RecordingProducer implements MessageProducer {
  sends: { topic: string; values: string[] }[] = [];
  failNext = false;
  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('broker down');
    }
    this.sends.push({ topic, values: messages.map((m) => m.value.toString()) });
  }
  async disconnect(): Promise<void> {
    this.sends.push({ topic: '(disconnected)', values: [] });
  }
}

const msg = (value: string): OutgoingMessage => ({ value: Buffer.from(value) });

/** Answers each produce request only when the test says so. */
class GatedProducer implements MessageProducer {
  batches: string[][] = [];
  private answers: Array<() => void> = [];
  private onStart?: () => void;

  send(_topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.batches.push(messages.map((m) => m.value.toString()));
    this.onStart?.();
    return new Promise((resolve) => this.answers.push(resolve));
  }

  /** Resolves once `count` requests have been sent. */
  started(count: number): Promise<void> {
    if (this.batches.length >= count) return Promise.resolve();
    return new Promise((resolve) => (this.onStart = () => this.batches.length >= count && resolve()));
  }

  answer(): void {
    this.answers.shift()?.();
  }

  disconnect(): Promise<void> {
    return Promise.resolve();
  }
}

describe('LingeringProducer', () => {
  it('coalesces concurrent sends into one request per topic, in order', async () => {
    const inner = new RecordingProducer();
    const producer = new LingeringProducer(inner, 1);
    await Promise.all([producer.send('a', [msg('1'), msg('2')]), producer.send('b', [msg('x')]), producer.send('a', [msg('3')])]);
    expect(inner.sends).toEqual([
      { topic: 'a', values: ['1', '2', '3'] },
      { topic: 'b', values: ['x'] },
    ]);
  });

  it('keeps one request in flight per topic: sends arriving meanwhile go together once it is answered', async () => {
    const inner = new GatedProducer();
    const producer = new LingeringProducer(inner, 0);
    const first = producer.send('a', [msg('1')]);
    await inner.started(1);
    const later = [producer.send('a', [msg('2')]), producer.send('a', [msg('3')])];
    await new Promise((resolve) => setImmediate(resolve));
    expect(inner.batches).toEqual([['1']]);
    inner.answer();
    await first;
    await inner.started(2);
    expect(inner.batches).toEqual([['1'], ['2', '3']]);
    inner.answer();
    await Promise.all(later);
  });

  it('rejects every caller of a failed batch', async () => {
    const inner = new RecordingProducer();
    inner.failNext = true;
    const producer = new LingeringProducer(inner, 1);
    const results = await Promise.allSettled([producer.send('a', [msg('1')]), producer.send('a', [msg('2')])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('flushes what is pending on disconnect', async () => {
    const inner = new RecordingProducer();
    const producer = new LingeringProducer(inner, 60000);
    const sent = producer.send('a', [msg('late')]);
    await producer.disconnect();
    await sent;
    expect(inner.sends).toEqual([{ topic: 'a', values: ['late'] }, { topic: '(disconnected)', values: [] }]);
  });
});

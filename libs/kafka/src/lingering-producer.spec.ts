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

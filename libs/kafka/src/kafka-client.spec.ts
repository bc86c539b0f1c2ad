import { logLevel, type LogEntry } from 'kafkajs';
import { classifyKafkaLog } from './kafka-client';

/** Log entries as kafkajs 2.2 writes them (messages taken from a fresh stack's start-up). */
const entry = (level: logLevel, message: string, extra: Record<string, unknown> = {}): LogEntry => ({
  namespace: 'Connection',
  level,
  label: logLevel[level] ?? '',
  log: { timestamp: '2026-01-01T00:00:00.000Z', message, ...extra },
});

describe('classifyKafkaLog', () => {
  it.each([
    ['ListOffsets', 'This server is not the leader for that topic-partition', "the partition's new leader to take over"],
    ['InitProducerId', "The coordinator is loading and hence can't process requests for this group", 'the group coordinator to finish loading the group'],
    ['GroupCoordinator', 'The group coordinator is not available', 'the broker to elect a group coordinator'],
    ['Metadata', 'This server does not host this topic-partition', "a new topic to reach the broker's metadata"],
  ])('logs a transient %s answer at debug, saying what is waited for', (api, error, waitingFor) => {
    expect(classifyKafkaLog(entry(logLevel.ERROR, `Response ${api}(key: 2, version: 3)`, { error }))).toEqual({ level: logLevel.DEBUG, waitingFor });
  });

  it('logs a retry or restart caused by a transient state at warn', () => {
    expect(classifyKafkaLog(entry(logLevel.ERROR, 'Failed to send messages: This server is not the leader for that topic-partition'))).toEqual({
      level: logLevel.WARN,
      waitingFor: "the partition's new leader to take over",
    });
    expect(classifyKafkaLog(entry(logLevel.ERROR, "Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group")).level).toBe(logLevel.WARN);
    expect(classifyKafkaLog(entry(logLevel.ERROR, 'Restarting the consumer in 200ms')).level).toBe(logLevel.WARN);
  });

  it('leaves topic-creation answers to provisionTopics (an existing topic is not an error)', () => {
    expect(classifyKafkaLog(entry(logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)', { error: 'Topic creation errors' }))).toEqual({ level: logLevel.DEBUG });
  });

  it('keeps everything else at its level', () => {
    expect(classifyKafkaLog(entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:9092'))).toEqual({ level: logLevel.ERROR });
    expect(classifyKafkaLog(entry(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded: Connection timeout'))).toEqual({ level: logLevel.ERROR });
    expect(classifyKafkaLog(entry(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', { error: 'The request included a message larger than the max message size the server will accept' }))).toEqual({ level: logLevel.ERROR });
    expect(classifyKafkaLog(entry(logLevel.WARN, 'The group is rebalancing, re-joining'))).toEqual({ level: logLevel.WARN });
  });
});

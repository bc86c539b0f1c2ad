import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { ConnectionOptions } from './config';
import { registerLz4Codec } from './lz4-codec';

registerLz4Codec();

const levelNames: Record<number, string> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * Broker answers (kafkajs's wording) that only mean "not yet": a broker that
 * has just started, a topic created a moment ago, a group being rebalanced.
 * Each maps to what the client is waiting for.
 */
const TRANSIENT_BROKER_STATES: ReadonlyArray<readonly [answer: string, waitingFor: string]> = [
  ["The coordinator is loading and hence can't process requests for this group", 'the group coordinator to finish loading the group'],
  ['The group coordinator is not available', 'the broker to elect a group coordinator'],
  ['This is not the correct coordinator for this group', 'the group coordinator to move'],
  ['This server is not the leader for that topic-partition', "the partition's new leader to take over"],
  ['There is no leader for this topic-partition as we are in the middle of a leadership election', 'a partition leader election'],
  ['This server does not host this topic-partition', "a new topic to reach the broker's metadata"],
  ['The group is rebalancing, so a rejoin is needed', 'the group to rebalance'],
];

export interface ClassifiedEntry {
  level: logLevel;
  /** Set when the line reports a transient broker state. */
  waitingFor?: string;
}

/**
 * kafkajs logs every error answer of the broker at error level, and again
 * when it retries or restarts because of it, although it recovers from the
 * transient ones by itself (and the caller hears of anything it does not).
 * Error level is kept for what needs a person: transient states become
 * debug where kafkajs only reports a broker answer, warn where they made it
 * retry or restart something.
 */
export function classifyKafkaLog({ level, log }: LogEntry): ClassifiedEntry {
  if (level !== logLevel.ERROR) return { level };
  const message = String(log.message);
  const detail = typeof log['error'] === 'string' ? log['error'] : '';
  const brokerAnswer = message.startsWith('Response ');
  // createTopics reports "already exists" here too; provisionTopics decides what is a failure.
  if (brokerAnswer && message.startsWith('Response CreateTopics')) return { level: logLevel.DEBUG };
  if (message.startsWith('Restarting the consumer')) return { level: logLevel.WARN };
  const transient = TRANSIENT_BROKER_STATES.find(([answer]) => message.includes(answer) || detail.includes(answer));
  if (!transient) return { level };
  return { level: brokerAnswer ? logLevel.DEBUG : logLevel.WARN, waitingFor: transient[1] };
}

/** kafkajs logs through our one-line JSON format at the level it is configured for (KAFKAJS_LOG_LEVEL overrides). */
function logCreator(configured: logLevel) {
  return (entry: LogEntry) => {
    const { level, waitingFor } = classifyKafkaLog(entry);
    if (level > configured) return;
    const { message, ...rest } = entry.log;
    const line = JSON.stringify({ level: levelNames[level], component: 'kafkajs', msg: message, ...(waitingFor ? { waitingFor } : {}), ...rest });
    if (level <= logLevel.ERROR) console.error(line);
    else console.log(line);
  };
}

/** The only place a kafkajs client is constructed; the rest of the code base sees our interfaces. */
export function createKafka(options: ConnectionOptions): Kafka {
  return new Kafka({
    brokers: options.brokers,
    clientId: options.clientId,
    logLevel: logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 200, retries: 8 },
  });
}

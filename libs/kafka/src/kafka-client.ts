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

/** kafkajs logs through our structured one-line JSON format; INFO chatter is dropped by default. */
function logCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, ...rest } = log;
    const line = JSON.stringify({ level: levelNames[level], component: 'kafkajs', msg: message, ...rest });
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

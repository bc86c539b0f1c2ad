import { context, propagation, ROOT_CONTEXT, SpanKind, trace, type Link, type Span } from '@opentelemetry/api';
import { createLogger, headerCarrier } from '@issuestream/observability';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { waitUntilServed } from './broker-readiness';
import type { ConnectionOptions, RuntimeTuning } from './config';
import { CommittedLag } from './committed-lag';
import { DeadLetterLimitError, describeError } from './errors';
import { createKafka } from './kafka-client';
import { consumerMetrics as metrics } from './metrics';
import { OffsetCommitter } from './offset-committer';
import { processAttributes, recordFailure, tracer, TracingProducer } from './messaging-spans';
import { createProducer } from './producer';
import { backoffDelay } from './steps/backoff';
import { splitIntoChunks } from './steps/chunk';
import { ConsecutiveRejections, deadLetterTopic, toDeadLetter, type Rejection } from './steps/dead-letter';
import { decodeChunk, type RawMessage } from './steps/decode';
import { PartitionJoiner } from './steps/join-partitions';
import { runByKey } from './steps/key-groups';
import type { BatchContext, BatchHandler, ConsumedMessage, Decoder, KafkaHeaders, MessageProducer } from './types';

const log = createLogger('consumer-runtime');
const MAX_SPAN_LINKS = 32;

export interface TopicRoute<T> {
  topic: string;
  decode: Decoder<T>;
  handle: BatchHandler<T>;
  /** Messages with equal keys are processed in order; distinct keys run concurrently. */
  keyOf?: (message: ConsumedMessage<T>) => string;
}

/** A route with its record type erased, so one consumer can serve topics of different types. */
export interface ErasedRoute {
  topic: string;
  /** Processes a batch that may hold several partitions' messages, each partition's in offset order. */
  process(raw: readonly RawMessage[], runtime: RouteServices): Promise<ChunkOutcome>;
}

interface RouteServices {
  producer: MessageProducer;
  keyConcurrency: number;
  span: Span;
}

interface ChunkOutcome {
  accepted: number;
  rejected: Rejection[];
}

export function defineRoute<T>(route: TopicRoute<T>): ErasedRoute {
  return {
    topic: route.topic,
    async process(raw, { producer, keyConcurrency, span }) {
      const decoded = await decodeChunk(route.topic, raw, route.decode);
      const rejected = [...decoded.rejected];
      const batchContext: BatchContext = {
        producer,
        span,
        reject: (message, reason, detail) => rejected.push({ message, reason, detail }),
      };
      if (decoded.valid.length > 0) {
        const keyOf = route.keyOf;
        if (keyOf) await runByKey(decoded.valid, keyOf, keyConcurrency, (group) => route.handle(group, batchContext));
        else await route.handle(decoded.valid, batchContext);
      }
      // Dead letters keep the source order, whichever step rejected them.
      rejected.sort(bySourcePosition);
      return { accepted: raw.length - rejected.length, rejected };
    },
  };
}

export interface ConsumerRuntimeOptions {
  connection: ConnectionOptions;
  groupId: string;
  routes: readonly ErasedRoute[];
  tuning: RuntimeTuning;
  /** Where a new group starts reading; production starts at the beginning so nothing is missed. */
  fromBeginning?: boolean;
  /** Called when the consumer cannot continue (DLQ limit, retries exhausted, client crash). */
  onFatal?: (error: Error) => void;
  /** Retries of one failing batch before giving up; 0 retries forever. */
  maxAttempts?: number;
}

/**
 * The batched consumer: fetch (kafkajs eachBatch) → split into bounded
 * batches → decode/validate → process (by key when asked) → dead-letter the
 * rejects → mark offsets → throttled commit. A batch's offsets are resolved
 * only after its step and dead letters are acknowledged, so a crash at any
 * point replays, never skips.
 */
/** What exists only while the runtime is started. */
interface Session {
  consumer: Consumer;
  producer: MessageProducer;
  committer: OffsetCommitter;
  joiners: Map<string, PartitionJoiner<RawMessage>>;
}

export class ConsumerRuntime {
  private session?: Session;
  private joined = false;
  /** Set by stop() or a fatal error: no further batch starts. */
  private stopping = false;
  private stopped?: Promise<void>;
  private activeBatches = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly attempts = new Map<string, number>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private readonly routes: Map<string, ErasedRoute>;
  private readonly rejections: ConsecutiveRejections;
  private readonly lag = new CommittedLag((topic, partition, lag) => {
    if (lag === undefined) metrics.lag.remove({ topic, partition });
    else metrics.lag.set({ topic, partition }, lag);
  });

  constructor(private readonly options: ConsumerRuntimeOptions) {
    this.routes = new Map(options.routes.map((route) => [route.topic, route]));
    this.rejections = new ConsecutiveRejections(options.tuning.deadLetterLimit);
  }

  get isJoined(): boolean {
    return this.joined;
  }

  async start(): Promise<void> {
    const { connection, groupId, tuning } = this.options;
    // The producer (for dead letters and follow-ups) connects while the consumer joins.
    // Follow-ups and dead letters are sent in `send <topic>` spans under the batch's span.
    const producerReady = createProducer(connection).then((producer) => new TracingProducer(producer));
    const consumer = createKafka(connection).consumer({
      groupId,
      maxWaitTimeInMs: tuning.limits.maxWaitMs,
      minBytes: tuning.limits.minBytes,
      maxBytesPerPartition: Math.max(tuning.limits.maxBytes, 1024 * 1024),
      sessionTimeout: tuning.sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.floor(tuning.sessionTimeoutMs / 10)),
    });
    // Subscribing to a topic that does not exist yet fails, and joining before the broker
    // serves the topics and the group makes the member rejoin once per failed fetch.
    const served = waitUntilServed(connection, { topics: [...this.routes.keys()], groupId });
    const subscribed = Promise.all([consumer.connect(), served]).then(() =>
      consumer.subscribe({ topics: [...this.routes.keys()], fromBeginning: this.options.fromBeginning ?? true }),
    );
    const [producer] = await Promise.all([producerReady, subscribed]);
    const committer = new OffsetCommitter(async (offsets) => {
      await consumer.commitOffsets(offsets);
      metrics.commits.inc();
      metrics.lastCommit.setToCurrentTime();
      this.lag.committed(offsets);
    }, tuning.commitIntervalMs, Date.now, (error) => log.warn('commit failed; will retry', { error: describeError(error) }));
    metrics.lastCommit.setToCurrentTime();
    const joiners = new Map(
      [...this.routes].map(([topic, route]) => [topic, new PartitionJoiner<RawMessage>(tuning.limits, (raw) => this.processChunk(producer, route, raw))]),
    );
    const session: Session = { consumer, producer, committer, joiners };
    this.session = session;
    this.watchGroup(session);
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: tuning.partitionConcurrency,
      eachBatch: (payload) => this.onFetchedBatch(session, payload),
    });
    log.info('consumer started', { groupId, topics: [...this.routes.keys()] });
  }

  /** Stops fetching, lets the in-flight batch finish, commits, then leaves the group. */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    this.resumeTimers.forEach(clearTimeout);
    await this.idle();
    const session = this.session;
    if (session) {
      await session.committer.flush().catch((error) => log.warn('final commit failed', { error: describeError(error) }));
      await session.consumer.disconnect();
      await session.producer.disconnect();
    }
    this.joined = false;
    log.info('consumer stopped', { groupId: this.options.groupId });
  }

  private watchGroup({ consumer, committer }: Session): void {
    const { GROUP_JOIN, CRASH, REBALANCING, STOP } = consumer.events;
    consumer.on(GROUP_JOIN, ({ payload }) => {
      this.joined = true;
      metrics.groupJoins.inc({ group: payload.groupId });
      const owned = payload.memberAssignment;
      const isOwned = (topic: string, partition: number) => owned[topic]?.includes(partition) ?? false;
      committer.forget(isOwned);
      this.lag.retain(isOwned);
      log.info('joined consumer group', { groupId: payload.groupId, assignment: owned });
    });
    // Progress marked but not yet committed would be replayed by the next
    // owner; commit it while this member still holds the partitions.
    consumer.on(REBALANCING, () => {
      void committer.flush().catch((error) => log.warn('commit on rebalance failed', { error: describeError(error) }));
    });
    consumer.on(STOP, () => {
      this.joined = false;
    });
    consumer.on(CRASH, ({ payload }) => {
      this.joined = false;
      if (!payload.restart) this.fail(payload.error);
    });
  }

  private async onFetchedBatch(session: Session, payload: EachBatchPayload): Promise<void> {
    if (this.stopping) return;
    this.activeBatches++;
    try {
      await this.processFetchedBatch(session, payload);
    } finally {
      this.activeBatches--;
      if (this.activeBatches === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
    }
  }

  private async processFetchedBatch(session: Session, payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, isRunning, isStale } = payload;
    const joiner = session.joiners.get(batch.topic);
    if (!joiner) throw new Error(`no route for topic ${batch.topic}`);
    const first = batch.messages[0];
    if (first) this.lag.fetched(batch.topic, batch.partition, first.offset, batch.highWatermark);
    for (const chunk of splitIntoChunks(batch.messages, this.options.tuning.limits)) {
      if (this.stopping || !isRunning() || isStale()) return;
      const last = chunk[chunk.length - 1];
      if (!last) continue;
      try {
        await joiner.submit(chunk.map((message) => toRawMessage(batch.partition, message)));
      } catch (error) {
        this.retryLater(payload, error);
        return;
      }
      this.attempts.delete(`${batch.topic}:${batch.partition}`);
      resolveOffset(last.offset);
      session.committer.mark(batch.topic, batch.partition, last.offset);
      await session.committer.maybeCommit().catch((error) => log.warn('commit failed; will retry', { error: describeError(error) }));
      await this.heartbeat(session, payload);
    }
  }

  private async processChunk(producer: MessageProducer, route: ErasedRoute, chunk: readonly RawMessage[]): Promise<void> {
    const timer = metrics.batchSeconds.startTimer({ topic: route.topic });
    const { parent, links } = traceOrigins(chunk);
    const attributes = processAttributes({
      topic: route.topic,
      groupId: this.options.groupId,
      partitions: [...new Set(chunk.map((message) => message.partition))],
      messageCount: chunk.length,
      offset: chunk.length === 1 ? chunk[0]?.offset : undefined,
    });
    const span = tracer.startSpan(`process ${route.topic}`, { kind: SpanKind.CONSUMER, links, attributes }, parent);
    try {
      const outcome = await context.with(trace.setSpan(parent, span), async () => {
        const processed = await route.process(chunk, { producer, keyConcurrency: this.options.tuning.keyConcurrency, span });
        await this.deadLetter(producer, route.topic, processed.rejected);
        return processed;
      });
      metrics.batches.inc({ topic: route.topic });
      metrics.messages.inc({ topic: route.topic, outcome: 'processed' }, outcome.accepted);
      if (this.rejections.record(outcome.accepted, outcome.rejected.length)) {
        throw new DeadLetterLimitError(this.rejections.current);
      }
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
      timer();
    }
  }

  private async deadLetter(producer: MessageProducer, topic: string, rejected: readonly Rejection[]): Promise<void> {
    if (rejected.length === 0) return;
    await producer.send(deadLetterTopic(topic), rejected.map(toDeadLetter));
    metrics.messages.inc({ topic, outcome: 'dead_lettered' }, rejected.length);
    for (const { reason, message } of rejected) {
      metrics.deadLettered.inc({ topic, reason });
      log.warn('message dead-lettered', { topic, partition: message.partition, offset: message.offset, reason });
    }
  }

  /**
   * Pauses the partition and resumes it after a jittered backoff. The failed
   * batch's offsets were never resolved, so kafkajs fetches it again.
   */
  private retryLater(payload: EachBatchPayload, error: unknown): void {
    const { topic, partition } = payload.batch;
    if (error instanceof DeadLetterLimitError) return this.fail(error);
    const key = `${topic}:${partition}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const maxAttempts = this.options.maxAttempts ?? 0;
    if (maxAttempts > 0 && attempt > maxAttempts) {
      return this.fail(new Error(`giving up on ${key} after ${maxAttempts} attempts: ${describeError(error)}`));
    }
    const delay = backoffDelay(attempt - 1, this.options.tuning.retry);
    metrics.retries.inc({ topic });
    log.warn('batch failed; partition paused before retry', { topic, partition, attempt, delayMs: delay, error: describeError(error) });
    const resume = payload.pause();
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      resume();
    }, delay);
    this.resumeTimers.add(timer);
  }

  private async heartbeat(session: Session, payload: EachBatchPayload): Promise<void> {
    try {
      await payload.heartbeat();
    } catch (error) {
      await session.committer.flush().catch(() => undefined);
      throw error;
    }
  }

  private fail(error: Error): void {
    log.error('consumer cannot continue', { groupId: this.options.groupId, error: describeError(error) });
    this.stopping = true;
    this.joined = false;
    const onFatal = this.options.onFatal ?? (() => process.exit(1));
    onFatal(error);
  }

  private idle(): Promise<void> {
    if (this.activeBatches === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

function toRawMessage(partition: number, message: KafkaMessage): RawMessage {
  return { partition, offset: message.offset, key: message.key, value: message.value, headers: flattenHeaders(message), timestamp: message.timestamp };
}

const NO_HEADERS: KafkaHeaders = Object.freeze({});

function flattenHeaders(message: KafkaMessage): KafkaHeaders {
  const source = message.headers;
  if (!source) return NO_HEADERS;
  let headers: KafkaHeaders | undefined;
  for (const name in source) {
    headers ??= {};
    const value = source[name];
    headers[name] = Array.isArray(value) ? value[0] : value;
  }
  return headers ?? NO_HEADERS;
}

/** Dead letters keep their source order: by partition, then offset. */
function bySourcePosition(a: Rejection, b: Rejection): number {
  if (a.message.partition !== b.message.partition) return a.message.partition - b.message.partition;
  return BigInt(a.message.offset) < BigInt(b.message.offset) ? -1 : 1;
}

/** The first traced message parents the batch span; the rest are linked. */
function traceOrigins(chunk: readonly RawMessage[]): { parent: typeof ROOT_CONTEXT; links: Link[] } {
  let parent = ROOT_CONTEXT;
  const links: Link[] = [];
  for (const message of chunk) {
    const headers = message.headers;
    if (!headers?.['traceparent']) continue;
    const extracted = propagation.extract(ROOT_CONTEXT, headers, headerCarrier);
    const spanContext = trace.getSpanContext(extracted);
    if (!spanContext) continue;
    if (parent === ROOT_CONTEXT) parent = extracted;
    else if (links.length < MAX_SPAN_LINKS) links.push({ context: spanContext });
  }
  return { parent, links };
}


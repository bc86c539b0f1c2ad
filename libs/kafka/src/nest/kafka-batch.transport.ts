import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { ConnectionOptions, RuntimeTuning } from '../config';
import { ConsumerRuntime, defineRoute, type ErasedRoute } from '../consumer-runtime';
import { provisionTopics } from '../topics/provision';
import type { TopicSpec } from '../topics/manifest';
import type { BatchHandler, Decoder } from '../types';
import { KafkaBatchContext } from './kafka-batch.context';
import { keyOfExtras } from './keyed-by';

export interface KafkaBatchTransportOptions {
  connection: ConnectionOptions;
  groupId: string;
  tuning: RuntimeTuning;
  /** Turns a topic's bytes into its typed record (the schema codec in production). */
  decode: Decoder<unknown>;
  /**
   * Physical topic names by the pattern handlers declare, for deployments that
   * prefix or rename topics. The decoder still receives the pattern, which is
   * what selects the schema.
   */
  topicNames?: Readonly<Record<string, string>>;
  /** Topics to create or grow before consuming; empty when provisioning is done elsewhere. */
  topics?: readonly TopicSpec[];
  /** Defaults to exiting the process so the orchestrator restarts it. */
  onFatal?: (error: Error) => void;
}

/**
 * A Nest microservices transport over the batched runtime. Each
 * `@EventPattern('<topic>')` handler becomes a route of one consumer-group
 * member: Nest provides dependency injection, parameter decorators, exception
 * filters and the lifecycle; the runtime owns fetching, batching, per-key
 * groups, dead letters, retries and commits (Nest's stock Kafka transport
 * handles one message at a time with auto-commit).
 *
 * A handler is called once per batch (or per key group) and awaited; its
 * promise is used as is, so no Observable is created in the hot path.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private runtime?: ConsumerRuntime;

  constructor(private readonly options: KafkaBatchTransportOptions) {
    super();
  }

  /** True while this member belongs to its consumer group (readiness). */
  get isJoined(): boolean {
    return this.runtime?.isJoined ?? false;
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(() => callback(), callback);
  }

  /** Stops fetching, lets the in-flight batch finish, commits, leaves the group. */
  async close(): Promise<void> {
    await this.runtime?.stop();
  }

  on(): never {
    throw new Error('KafkaBatchTransport has no events to listen to; /metrics and /readyz report its state');
  }

  unwrap<T>(): T {
    if (!this.runtime) throw new Error('KafkaBatchTransport is not listening');
    return this.runtime as unknown as T;
  }

  private async start(): Promise<void> {
    const { connection, groupId, tuning, topics, onFatal } = this.options;
    const routes = this.routes();
    if (topics?.length) await provisionTopics(connection, topics);
    this.runtime = new ConsumerRuntime({ connection, groupId, tuning, routes, onFatal });
    await this.runtime.start();
  }

  private routes(): ErasedRoute[] {
    const { decode, topicNames } = this.options;
    const routes = new Map<string, ErasedRoute>();
    for (const [pattern, handler] of this.messageHandlers) {
      if (!handler.isEventHandler) throw new Error(`@MessagePattern('${pattern}') waits for a reply; Kafka batch handlers are declared with @EventPattern`);
      if (handler.next) throw new Error(`two @EventPattern('${pattern}') handlers; a topic has one handler`);
      const topic = topicNames?.[pattern] ?? pattern;
      if (routes.has(topic)) throw new Error(`two @EventPattern handlers consume topic ${topic}`);
      routes.set(topic, defineRoute({ topic, decode: (_topic, raw) => decode(pattern, raw), keyOf: keyOfExtras(handler.extras), handle: dispatchTo(handler, topic) }));
    }
    if (routes.size === 0) throw new Error('no @EventPattern handlers found; nothing to consume');
    return [...routes.values()];
  }
}

/** Calls the Nest handler (pipes, guards, filters included) once per batch and waits for it. */
function dispatchTo(handler: MessageHandler, topic: string): BatchHandler<unknown> {
  return async (batch, services) => {
    const result: unknown = await handler(batch, new KafkaBatchContext(topic, batch, services));
    // Only an interceptor, or a filter that dealt with an error, answers with a stream.
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined }).catch(rethrowAsError);
  };
}

/** Nest's fallback filter signals failure with a plain `{ status, message }` object. */
function rethrowAsError(error: unknown): never {
  throw error instanceof Error ? error : new Error(`handler failed: ${JSON.stringify(error)}`);
}

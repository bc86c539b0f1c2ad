import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { HealthRegistry } from '@issuestream/observability';
import type { ConnectionOptions, RuntimeTuning } from '../config';
import { ConsumerRuntime, defineRoute, type ErasedRoute } from '../consumer-runtime';
import { provisionTopics } from '../topics/provision';
import type { TopicSpec } from '../topics/manifest';
import type { BatchHandler, Decoder } from '../types';
import { KAFKA_HANDLER, type KafkaHandlerOptions } from './kafka-handler.decorator';

export interface KafkaConsumerModuleOptions {
  connection: ConnectionOptions;
  groupId: string;
  tuning: RuntimeTuning;
  /** Turns a topic's bytes into its typed record (the schema codec in production). */
  decode: Decoder<unknown>;
  /**
   * Physical topic names by the logical name handlers declare, for
   * deployments that prefix or rename topics. The decoder still receives the
   * logical name, which is what selects the schema.
   */
  topicNames?: Readonly<Record<string, string>>;
  /** Topics to create or grow before consuming; empty when provisioning is done elsewhere. */
  topics?: readonly TopicSpec[];
  /** Defaults to exiting the process so the orchestrator restarts it. */
  onFatal?: (error: Error) => void;
}

const OPTIONS = Symbol('issuestream:kafka-consumer-options');

type Handler = BatchHandler<unknown>;

/**
 * Finds every `@KafkaHandler` method at bootstrap and runs them all on one
 * consumer-group member with the batched runtime. Nest provides dependency
 * injection and lifecycle; the consume loop is ours (Nest's stock Kafka
 * transport commits per message and cannot batch).
 */
@Injectable()
class KafkaConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private runtime?: ConsumerRuntime;

  constructor(
    @Inject(OPTIONS) private readonly options: KafkaConsumerModuleOptions,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly health: HealthRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const routes = this.discoverRoutes();
    if (this.options.topics?.length) await provisionTopics(this.options.connection, this.options.topics);
    this.runtime = new ConsumerRuntime({
      connection: this.options.connection,
      groupId: this.options.groupId,
      tuning: this.options.tuning,
      routes,
      onFatal: this.options.onFatal,
    });
    this.health.register({
      name: 'kafka-consumer',
      check: async () => {
        if (!this.runtime?.isJoined) throw new Error(`not a member of consumer group ${this.options.groupId}`);
      },
    });
    await this.runtime.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime?.stop();
  }

  private discoverRoutes(): ErasedRoute[] {
    const routes: ErasedRoute[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = (instance as Record<string, unknown>)[name];
        if (typeof method !== 'function') continue;
        const meta = this.reflector.get<KafkaHandlerOptions | undefined>(KAFKA_HANDLER, method);
        if (!meta) continue;
        const topic = this.options.topicNames?.[meta.topic] ?? meta.topic;
        if (routes.some((route) => route.topic === topic)) {
          throw new Error(`two @KafkaHandler methods consume topic ${topic}`);
        }
        const decode = this.options.decode;
        routes.push(
          defineRoute({
            topic,
            decode: (_physical, raw) => decode(meta.topic, raw),
            keyOf: meta.keyOf,
            handle: (method as Handler).bind(instance),
          }),
        );
      }
    }
    if (routes.length === 0) throw new Error('no @KafkaHandler methods found; nothing to consume');
    return routes;
  }
}

@Module({})
export class KafkaConsumerModule {
  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: Array<string | symbol | (new (...args: never[]) => unknown)>;
    useFactory: (...deps: never[]) => KafkaConsumerModuleOptions | Promise<KafkaConsumerModuleOptions>;
  }): DynamicModule {
    return {
      module: KafkaConsumerModule,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      providers: [
        { provide: OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        KafkaConsumerHost,
      ],
    };
  }
}

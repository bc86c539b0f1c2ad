import { Controller, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { ObservabilityModule } from '@issuestream/observability';
import { defaultTuning } from '../config';
import { connectKafkaConsumer } from './connect-consumer';

@Controller()
class RequestReplyController {
  @MessagePattern('orders')
  answer(): string {
    return 'a reply Kafka batches cannot give';
  }
}

@Controller()
class TwoTopicsController {
  @EventPattern('orders')
  orders(): void {
    return undefined;
  }

  @EventPattern('orders-v2')
  ordersV2(): void {
    return undefined;
  }
}

@Controller()
class MoreOrdersController {
  @EventPattern('orders')
  orders(): void {
    return undefined;
  }
}

@Module({})
class RefusalTestModule {}

/** Starts the consumer side of a hybrid app; the refusals come before any broker is contacted. */
async function startConsumer(controllers: Type[], topicNames: Record<string, string> = {}): Promise<void> {
  const app = await NestFactory.create({ module: RefusalTestModule, imports: [ObservabilityModule], controllers }, { logger: false });
  connectKafkaConsumer(app, {
    connection: { brokers: ['127.0.0.1:1'], clientId: 'refusal-test' },
    groupId: 'refusal-test',
    tuning: defaultTuning,
    decode: (_topic, raw) => raw,
    topicNames,
  });
  try {
    await app.init();
    await app.startAllMicroservices();
  } finally {
    await app.close();
  }
}

describe('KafkaBatchTransport start-up', () => {
  it('refuses a request-response @MessagePattern', async () => {
    await expect(startConsumer([RequestReplyController])).rejects.toThrow(/@MessagePattern\('orders'\) waits for a reply/);
  });

  it('refuses two handlers that would consume one topic', async () => {
    await expect(startConsumer([TwoTopicsController, MoreOrdersController])).rejects.toThrow(/two @EventPattern\('orders'\) handlers/);
    await expect(startConsumer([TwoTopicsController], { 'orders-v2': 'orders' })).rejects.toThrow(/two @EventPattern handlers consume topic orders/);
  });

  it('refuses an app with nothing to consume', async () => {
    await expect(startConsumer([])).rejects.toThrow(/no @EventPattern handlers/);
  });
});

import { bareConsume, type ConnectionOptions } from '@issuestream/kafka';

/**
 * Reads the bench's topic again with a bare kafkajs loop and prints the
 * app's rate as a ratio to it: both in the same run, so the host's speed of
 * the hour cancels out.
 */
export async function printBareRatio(connection: ConnectionOptions, topic: string, total: number, rate: number, target: { perSecond: number; unit: string }): Promise<void> {
  const bare = await bareConsume(connection, topic, total);
  const bareRate = total / bare.seconds;
  console.log(`  bare kafkajs consume of the same messages: ${Math.round(bareRate)} msg/s`);
  console.log(`  ratio ingest/bare: ${(rate / bareRate).toFixed(3)}; target >= ${target.perSecond} ${target.unit}/s: ${rate >= target.perSecond ? 'met' : 'NOT met'}`);
}

import 'reflect-metadata';
import { runNestApp } from '@issuestream/kafka';
import { createLogger } from '@issuestream/observability';
import { createPostProcessApp } from './app';
import { loadPostProcessConfig } from './config';
import { updateUserReportsOnce } from './errors/update-user-reports-once';

if (process.argv[2] === 'update-user-reports') {
  const log = createLogger('post-process');
  updateUserReportsOnce(loadPostProcessConfig(), process.env).then(
    (result) => {
      log.info(result ? 'update_user_reports finished' : 'update_user_reports is running elsewhere; nothing done', { ...result });
      process.exit(0);
    },
    (error: unknown) => {
      log.error('update_user_reports failed', { error: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    },
  );
} else {
  runNestApp('post-process', async () => {
    const config = loadPostProcessConfig();
    const app = await createPostProcessApp(config, process.env, { logger: ['error', 'warn'] });
    return { app, host: config.HTTP_HOST, port: config.HTTP_PORT, details: { topic: config.EVENTSTREAM_TOPIC, group: config.KAFKA_GROUP_ID } };
  });
}

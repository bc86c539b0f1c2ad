import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { defaultUpdateWindow, updateUserReportsExclusively } from '@issuestream/error-post-process';
import { runNestApp } from '@issuestream/kafka';
import { createLogger } from '@issuestream/observability';
import { createPostProcessApp } from './app';
import { PostProcessModule } from './app.module';
import { loadPostProcessConfig } from './config';
import { UserReportLinking } from './errors/user-report-linking';

const UPDATE_USER_REPORTS = 'update-user-reports';

/** `main.js update-user-reports`: the job once, then exit (the Helm CronJob runs this). */
async function updateUserReportsOnce(): Promise<void> {
  const log = createLogger('post-process');
  const config = loadPostProcessConfig();
  const context = await NestFactory.createApplicationContext(PostProcessModule.create(config), { logger: ['error', 'warn'] });
  try {
    const result = await updateUserReportsExclusively(context.get(UserReportLinking).job, defaultUpdateWindow(new Date()));
    log.info(result ? 'update_user_reports finished' : 'update_user_reports is running elsewhere; nothing done', { ...result });
  } finally {
    await context.close();
  }
}

if (process.argv[2] === UPDATE_USER_REPORTS) {
  updateUserReportsOnce().then(
    () => process.exit(0),
    (error: unknown) => {
      createLogger('post-process').error('update_user_reports failed', { error: error instanceof Error ? error.message : String(error) });
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

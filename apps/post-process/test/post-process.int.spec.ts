import { newEventId, PostProcessRun } from './post-process.harness';

describe('post-process (errors eventstream)', () => {
  const run = new PostProcessRun();

  beforeAll(async () => {
    await run.setUp();
    await run.start();
  }, 120000);

  afterAll(() => run.tearDown(), 30000);

  it('consumes inserts in Avro and in the reference JSON form', async () => {
    await run.sendAvro([run.insert(1, newEventId())]);
    await run.sendJson([run.insert(1, newEventId())]);
    await run.waitForMetric('issuestream_post_process_events_total', 'kind="error"', 2);
  }, 90000);
});

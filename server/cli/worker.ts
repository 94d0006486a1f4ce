import { allCollections, createRuntime, defaultScheduledJobs, Scheduler } from '../../engine/runtime/index';
import { openStore } from '../../engine/store/index';
import { createConfiguredWorker, createOffsetClock, readClockOffset, readWorkerConfig } from '../workers/index';
import { readServerConfig } from './server-config';
import { closeOnSignals } from './close-on-signals';

/**
 * `wayfarer worker`: a delivery worker without the HTTP server — fires journey timers, delivers the
 * outbox, recovers expired leases — until SIGINT or SIGTERM, then finishes its deliveries in flight.
 * Start as many as the channels need next to the servers on one MongoDB (MONGODB_URI); they share
 * the work through leases in the store. On the embedded store only one process can open the data
 * directory, so there the server's own worker loop (`wayfarer start`) does this job.
 */
export async function run(): Promise<void> {
  const config = readServerConfig(process.env);
  const workerConfig = readWorkerConfig(process.env, config.dataDir);
  const clockOffset = readClockOffset(process.env);
  const store = openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, fsync: config.fsync, memoryLimitBytes: config.memoryLimitBytes });
  const runtime = await createRuntime({ store, collections: allCollections, links: { baseUrl: config.publicUrl, secret: config.linkSecret }, ...(clockOffset === null ? {} : { clock: createOffsetClock(clockOffset) }) });
  const log = (level: 'info' | 'warn' | 'error', message: string): void => {
    if (level === 'info') console.log(message);
    else console.error(`${level}: ${message}`);
  };
  const running = await createConfiguredWorker(runtime, { config: workerConfig, env: process.env, log }).catch(async (error: unknown) => {
    await runtime.close();
    throw error;
  });

  // The same scheduled jobs as the servers (traits, segments); their leases make each due run happen once.
  const scheduler = new Scheduler(runtime, defaultScheduledJobs(), {
    onJobRun: (jobRun) => {
      if (jobRun.status === 'failed') log('error', `scheduled job ${jobRun.job} failed for ${jobRun.workspace}: ${jobRun.error}`);
    },
  });

  closeOnSignals('finishing the deliveries in flight', async () => {
    await Promise.all([running.stop(), scheduler.stop()]);
    await runtime.close();
    return `Stopped cleanly: ${JSON.stringify(running.worker.stats)}`;
  });

  running.worker.start();
  scheduler.start();
  const storeText = config.mongodbUri ? 'MongoDB' : `embedded store in ${config.dataDir}`;
  // Last: scripts and tests wait for this line.
  console.log(`Unsubscribe links in messages lead to ${config.publicUrl}${config.publicUrlGiven ? '' : ' (set WAYFARER_PUBLIC_URL to the address recipients reach, as for the servers)'}.`);
  console.log(`Wayfarer delivery worker ${running.worker.owner} running on ${storeText}${clockOffset === null ? '' : ` (test clock offset ${clockOffset} ms)`}`);
}

import { createRuntime, defaultScheduledJobs, Scheduler } from '../../engine/runtime/index';
import { openStore } from '../../engine/store/index';
import { ensureDefaultWorkspace, type DefaultWorkspace } from '../../engine/workspaces/index';
import { buildApp, wayfarerVersion } from '../app';
import { clockOffsetVariable, createConfiguredWorker, createOffsetClock, readClockOffset, readWorkerConfig } from '../workers/index';
import { readServerConfig } from './server-config';
import { closeOnSignals } from './close-on-signals';
import { lowerHelperThreadPriority } from './gc-thread-priority';
import { growHeapBeforeCollecting } from './heap-growth';

/**
 * `wayfarer start`: opens the store (MongoDB when MONGODB_URI is set, else the embedded store under
 * WAYFARER_DATA_DIR), makes sure the default workspace and its keys exist, runs one delivery worker
 * loop (server/workers; WAYFARER_WORKER=0 turns it off) and listens on PORT until SIGINT or SIGTERM,
 * then closes the server and the worker (finishing requests and deliveries in flight) and the store.
 * V8's heap may grow to four times the live data between major collections (heap-growth.ts), and its
 * helper threads run at the lowest priority (gc-thread-priority.ts).
 */
export async function run(): Promise<void> {
  // A supervisor that stops reading our output must not crash the server on its next log line.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  const config = readServerConfig(process.env);
  growHeapBeforeCollecting();
  lowerHelperThreadPriority();
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, fsync: config.fsync, memoryLimitBytes: config.memoryLimitBytes });
  const clockOffset = readClockOffset(process.env);
  const runtime = await createRuntime({ store, links: { baseUrl: config.publicUrl, secret: config.linkSecret }, ...(clockOffset === null ? {} : { clock: createOffsetClock(clockOffset) }) });
  const workspace = await ensureDefaultWorkspace(runtime.store, runtime.clock, { writeKey: config.writeKey, adminKey: config.adminKey });
  const workerConfig = readWorkerConfig(process.env, config.dataDir);
  // Scheduled jobs (traits refresh, CLV refit, windowed traits on the clock, segment jobs): leased per workspace in the store.
  const scheduler = new Scheduler(runtime, defaultScheduledJobs(), {
    onJobRun: (jobRun) => {
      // Runs start only after scheduler.start() below, when `app` exists.
      if (jobRun.status === 'failed') app.log.error(`scheduled job ${jobRun.job} failed for ${jobRun.workspace}: ${jobRun.error}`);
    },
  });
  const app = await buildApp({ runtime, scheduler, logger: { level: config.logLevel }, channelEnvironment: { env: process.env, logDirectory: workerConfig.channelLogDirectory } });
  // One delivery worker loop in the server process (WAYFARER_WORKER=0 leaves delivery to `wayfarer worker` processes).
  const delivery = workerConfig.enabled
    ? await createConfiguredWorker(runtime, { config: workerConfig, env: process.env, defaultWorkspace: workspace.workspace, log: (level, message) => app.log[level](message) }).catch(async (error: unknown) => {
        await runtime.close();
        throw error;
      })
    : null;

  closeOnSignals('closing the server', async () => {
    // The worker finishes its deliveries in flight while the server finishes its requests.
    await Promise.all([app.close(), delivery?.stop(), scheduler.stop()]);
    await runtime.close();
    return 'Closed cleanly.';
  });

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // With PORT=0 the port is known only now. Nothing has rendered a link yet (requests, the worker and
  // the scheduler all start with listening), so the default public URL can still follow it.
  if (!config.publicUrlGiven && runtime.links) runtime.links.baseUrl = `http://localhost:${port}`;
  const publicUrl = runtime.links?.baseUrl ?? config.publicUrl;
  const memory = (await runtime.store.info()).detail.memory as { limitBytes: number } | undefined;
  const limitText = memory ? `, memory limit ${Math.round(memory.limitBytes / 2 ** 20)} MiB` : '';
  const storeText = config.mongodbUri ? 'MongoDB' : `embedded store in ${config.dataDir}${config.fsync ? '' : ' (fsync off)'}${limitText}`;
  printKeys(workspace, config);
  if (clockOffset !== null) console.log(`WARNING: ${clockOffsetVariable}=${clockOffset} moves this server's clock (tests only): it is now ${new Date(runtime.clock.now()).toISOString()}.`);
  delivery?.worker.start();
  scheduler.start();
  console.log(delivery ? `Delivery worker ${delivery.worker.owner} running (WAYFARER_WORKER=0 turns it off).` : 'No delivery worker in this process (WAYFARER_WORKER=0): run `wayfarer worker`.');
  const local = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  console.log(`Editor: ${local}/ · API reference: ${local}/docs`);
  console.log(`Unsubscribe links in messages lead to ${publicUrl}${config.publicUrlGiven ? '' : ' (set WAYFARER_PUBLIC_URL to the address recipients reach)'}.`);
  // Last: scripts and tests wait for this line.
  console.log(`Wayfarer ${wayfarerVersion} listening on http://${config.host}:${port} — ${storeText}, workspace ${workspace.workspace}`);
}

const keyVariables = { write: 'WAYFARER_WRITE_KEY', admin: 'WAYFARER_ADMIN_KEY' } as const;

/**
 * Keys are shown once, when they are generated: only their hashes are stored. A key named in the
 * environment that an admin revoked stays revoked — a restart must not undo a revocation, which is
 * how a leaked key is shut out — so instead of "from WAYFARER_…_KEY" the operator gets a warning
 * naming the variable and the two ways out.
 */
function printKeys(workspace: DefaultWorkspace, config: { writeKey?: string; adminKey?: string }): void {
  const { write, admin } = workspace.generatedKeys;
  if (write || admin) {
    console.log('\nCreated the default workspace. Its keys are shown only this once (only their hashes are stored):');
    if (write) console.log(`  write key (send events; HTTP Basic username):  ${write}`);
    if (admin) console.log(`  admin key (management API; Bearer token):      ${admin}`);
    console.log('Keep them somewhere safe. To choose your own, set WAYFARER_WRITE_KEY and WAYFARER_ADMIN_KEY.\n');
  }
  for (const [role, given] of [['write', config.writeKey], ['admin', config.adminKey]] as const) {
    if (!given) continue;
    const variable = keyVariables[role];
    const revoked = workspace.revokedGivenKeys.find((key) => key.role === role);
    if (!revoked) {
      console.log(`${role === 'write' ? 'Write' : 'Admin'} key: from ${variable}.`);
      continue;
    }
    console.warn(
      `WARNING: ${variable} holds a ${role} key that was revoked at ${revoked.revokedAt}. It stays revoked: requests with it get 401 UNAUTHORIZED. ` +
        `Set ${variable} to a new key (registered on the next start), or unset it and use a key issued with POST /api/keys.`,
    );
  }
}

import pino from 'pino';
import { loadConfig } from './config.js';
import { DataDirError } from './db/embedded-postgres.js';
import { InstanceLockedError } from './db/instance-lock.js';
import { startServer, type RunningServer } from './start.js';

const demo = process.argv.includes('--demo');
const started = Date.now();

const main = async (): Promise<void> => {
  const config = loadConfig(process.env, { demo });
  const log = pino({ level: config.logLevel });
  let server: RunningServer | undefined = undefined;
  let shuttingDown = false;

  const stop = (running: RunningServer) =>
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  const shutdown = (signal: string) => {
    // A second Ctrl-C or SIGTERM must not kill the process mid-shutdown with the default action:
    // that would cut off the requests being finished and leave PostgreSQL running without us.
    if (shuttingDown) {
      log.warn({ signal }, 'already shutting down: waiting for requests in flight and the database');
      return;
    }
    shuttingDown = true;
    log.info({ signal }, 'shutting down: finishing requests, then stopping the database');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    // During start-up the database is still being started: the shutdown follows once it is up.
    if (server) void stop(server);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  server = await startServer(config, { log });
  if (shuttingDown) {
    void stop(server);
    return;
  }
  log.info(
    { url: config.baseUrl, listening: server.url, ms: Date.now() - started, demo },
    'Vaalivahti is ready',
  );
};

main().catch((error: unknown) => {
  const known = error instanceof InstanceLockedError || error instanceof DataDirError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`\nVaalivahti could not start: ${message}\n\n`);
  if (!known && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});

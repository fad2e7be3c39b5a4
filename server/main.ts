import pino from 'pino';
import { loadConfig } from './config.js';
import { DataDirError } from './db/embedded-postgres.js';
import { InstanceLockedError } from './db/instance-lock.js';
import { startServer } from './start.js';

const demo = process.argv.includes('--demo');
const started = Date.now();

const main = async (): Promise<void> => {
  const config = loadConfig(process.env, { demo });
  const log = pino({ level: config.logLevel });
  const server = await startServer(config, { log });
  log.info({ url: config.baseUrl, listening: server.url, ms: Date.now() - started, demo }, 'Vaalivahti is ready');

  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down: finishing requests, then stopping the database');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
};

main().catch((error: unknown) => {
  const known = error instanceof InstanceLockedError || error instanceof DataDirError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`\nVaalivahti could not start: ${message}\n\n`);
  if (!known && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});

import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import { notificationJobs } from '../features/notifications/notification-jobs.js';
import { feedJobs } from '../features/exchange/feeds/feed-jobs.js';
import { releaseJobs } from '../features/exchange/releases/release-updates.js';
import { JOBS_SCHEMA, type QueueSettings } from './job-schema.js';

/** What a job handler receives: one object, like a service's context. */
export interface JobContext {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  now: () => Date;
  log: Logger;
  /** Private networks partner feeds may reach (FEED_PRIVATE_NETWORKS). */
  feedPrivateNetworks: readonly string[];
}

export interface JobDefinition {
  queue: string;
  settings: QueueSettings;
  /** Cron (five fields) in the given time zone; pg-boss makes sure one node sends each occurrence. */
  schedule?: { cron: string; tz: string };
  /** Throwing fails the job, and pg-boss retries it up to settings.retryLimit. */
  handle(ctx: JobContext, data: unknown): Promise<void>;
}

/** Every feature's jobs. */
export const jobDefinitions: readonly JobDefinition[] = [...notificationJobs, ...feedJobs, ...releaseJobs];

export interface JobRunner {
  mailer: Mailer;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the application's own pool (and so its role): workers, schedules, maintenance.
 * Every node runs workers; pg-boss hands each job to one of them. The schema is installed by a
 * migration (0006-jobs), so this never needs the owner.
 */
export const startJobs = async (
  deps: { config: Config; db: Db; pool: pg.Pool; log: Logger },
  definitions: readonly JobDefinition[] = jobDefinitions,
): Promise<JobRunner> => {
  const log = deps.log.child({ component: 'jobs' });
  const mailer = createMailer({ smtpUrl: deps.config.smtpUrl, baseUrl: deps.config.baseUrl, log });
  const boss = new PgBoss({
    db: { executeSql: (text, values) => deps.pool.query(text, values) },
    schema: JOBS_SCHEMA,
    migrate: false,
  });
  boss.on('error', (error) => log.error({ err: error }, 'background job system error'));
  await boss.start();
  const ctx: JobContext = {
    db: deps.db,
    mailer,
    baseUrl: deps.config.baseUrl,
    now: () => new Date(),
    log,
    feedPrivateNetworks: deps.config.feedPrivateNetworks,
  };
  for (const definition of definitions) {
    await boss.createQueue(definition.queue, { name: definition.queue, ...definition.settings });
    await boss.work(definition.queue, { batchSize: 1, pollingIntervalSeconds: 2 }, async (jobs) => {
      for (const job of jobs) await definition.handle(ctx, job.data);
    });
    if (definition.schedule) {
      await boss.schedule(definition.queue, definition.schedule.cron, {}, { tz: definition.schedule.tz });
    }
  }
  return {
    mailer,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      mailer.close();
    },
  };
};

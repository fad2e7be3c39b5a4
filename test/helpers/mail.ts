import pino from 'pino';
import {
  startTestSmtpServer,
  type TestSmtpServer,
} from '../../server/features/notifications/test-smtp-server.js';
import { startJobs, type JobRunner } from '../../server/jobs/jobs.js';
import { createTestApp, type TestApp } from './app.js';

/** A test app whose background jobs send e-mail to a real SMTP server started for the test. */
export interface MailingTestApp {
  t: TestApp;
  smtp: TestSmtpServer;
  jobs: JobRunner;
  close: () => Promise<void>;
}

export const createMailingTestApp = async (): Promise<MailingTestApp> => {
  const t = await createTestApp();
  const smtp = await startTestSmtpServer();
  const jobs = await startJobs({
    config: { ...t.deps.config, smtpUrl: smtp.url },
    db: t.deps.db,
    pool: t.deps.pool,
    log: pino({ level: 'silent' }),
  });
  return {
    t,
    smtp,
    jobs,
    close: async () => {
      await jobs.stop();
      await smtp.close();
      await t.close();
    },
  };
};

/** Polls `check` every 100 ms until it holds, or fails after `timeoutMs`. */
export const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

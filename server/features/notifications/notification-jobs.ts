import { z } from 'zod';
import type { JobDefinition } from '../../jobs/jobs.js';
import { sendDailyDigests, sendNotificationEmails, sweepUnsentEmails } from './notification-email.js';
import { EMAIL_QUEUE } from './notify.js';

const emailJobSchema = z.object({ notificationIds: z.array(z.uuid()).max(10_000) });

/** E-mail of notifications: at once after commit, a sweep behind it, and the 07:00 digest. */
export const notificationJobs: JobDefinition[] = [
  {
    queue: EMAIL_QUEUE,
    settings: { retryLimit: 10, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
    handle: async (ctx, data) => {
      await sendNotificationEmails(ctx, emailJobSchema.parse(data).notificationIds);
    },
  },
  {
    queue: 'notification-email-sweep',
    settings: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 600 },
    schedule: { cron: '*/15 * * * *', tz: 'Europe/Helsinki' },
    handle: async (ctx) => {
      await sweepUnsentEmails(ctx);
    },
  },
  {
    queue: 'notification-digest',
    settings: { retryLimit: 6, retryDelay: 300, retryBackoff: true, expireInSeconds: 1800 },
    schedule: { cron: '0 7 * * *', tz: 'Europe/Helsinki' },
    handle: async (ctx) => {
      await sendDailyDigests(ctx);
    },
  },
];

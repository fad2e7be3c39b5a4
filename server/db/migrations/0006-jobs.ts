import { sql, type Kysely } from 'kysely';
import { createJobQueue, installJobSchema } from '../../jobs/job-schema.js';

/**
 * Background jobs (pg-boss, schema `pgboss`), installed by the owner since the application role may
 * not create schemas; and the indexes the notification e-mails need.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await installJobSchema(db);
  // Enqueued inside the transactions that create notifications, so it must exist before any worker runs.
  await createJobQueue(db, 'notification-email', {
    retryLimit: 10,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 300,
  });
  await sql`
    create index notifications_unread_idx on notifications (user_id) where read_at is null;
    create index notifications_unemailed_idx on notifications (created_at) where emailed_at is null;
  `.execute(db);
}

import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Tx } from '../db/connection.js';
import { JOBS_SCHEMA } from './job-schema.js';

const noConnection: PgBoss.Db = {
  executeSql: async () => {
    throw new Error('the job producer only sends on a caller-given transaction');
  },
};

// Never started: it only lends pg-boss's own INSERT, which then runs on the caller's transaction.
const producer = new PgBoss({ db: noConnection, schema: JOBS_SCHEMA, supervise: false, schedule: false });

const onTransaction = (tx: Tx): PgBoss.Db => ({
  executeSql: async (text, values) => ({
    rows: (await tx.executeQuery(CompiledQuery.raw(text, values ?? []))).rows as unknown[],
  }),
});

/**
 * Enqueues a job in the caller's transaction: it exists only if that transaction commits, so a
 * worker never runs before the rows it is about are visible, and a rolled-back change sends nothing.
 * The queue must exist (created in a migration): pg-boss inserts nothing for an unknown queue.
 */
export const enqueueJob = async (tx: Tx, queue: string, data: object): Promise<void> => {
  await producer.send(queue, data, { db: onTransaction(tx) });
};

import type { Db } from '../../db/connection.js';
import { groupCalls, groupedPer } from '../../lib/group-calls.js';
import { insertIncidentsWithEvents, type NewIncidentWrite } from './incident-queries.js';

/**
 * Writes a new incident and its first event outside a transaction, in one statement and one commit
 * with the others arriving at the same time (group commit: PostgreSQL plans and commits once for all
 * of them). It settles when its own row has committed; a failing statement is retried write by write.
 */
export const insertIncidentWithEventBatched = groupedPer((db: Db) =>
  groupCalls((writes: readonly NewIncidentWrite[]) => insertIncidentsWithEvents(db, writes)),
);

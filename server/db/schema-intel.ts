/** Observables, DISARM techniques and narratives (migration 0004). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IntelTables {}

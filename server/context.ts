import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { Actor } from '../shared/access/roles.js';
import type { Config } from './config.js';
import type { Db } from './db/connection.js';
import type { Auth } from './features/auth/auth-instance.js';
import type { AuditSource } from './features/audit/audit-log.js';

/** What the whole application shares: built once at start. */
export interface AppDeps {
  config: Config;
  db: Db;
  pool: pg.Pool;
  auth: Auth;
}

/** What a use case receives: one object, never loose parameters. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  log: FastifyBaseLogger;
  now: () => Date;
  audit: AuditSource;
  auth: Auth;
}

export const auditSource = (request: FastifyRequest): AuditSource => ({
  requestId: request.id,
  sourceIp: request.ip,
  actorUserId: request.actor?.userId ?? null,
  actorOrganisationId: request.actor?.organisationId ?? null,
});

export const serviceContext = (deps: AppDeps, request: FastifyRequest): ServiceContext => {
  if (!request.actor) throw new Error('serviceContext needs a signed-in actor');
  return {
    db: deps.db,
    actor: request.actor,
    log: request.log,
    now: () => new Date(),
    audit: auditSource(request),
    auth: deps.auth,
  };
};

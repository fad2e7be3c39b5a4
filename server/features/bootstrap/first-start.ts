import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db, Tx } from '../../db/connection.js';
import type { Auth } from '../auth/auth-instance.js';
import { appendAudit } from '../audit/audit-log.js';
import { createAccount, generateOneTimePassword } from '../users/user-accounts.js';

export const OPERATOR_SHORT_NAME = 'Ylläpito';
export const DEFAULT_ADMIN_EMAIL = 'admin@vaalivahti.local';

/** The secret that signs session cookies: made once, kept in the database so every node shares it. */
export const ensureAuthSecret = async (db: Db): Promise<string> => {
  await db
    .insertInto('instanceSettings')
    .values({ key: 'auth_secret', value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('instanceSettings')
    .select('value')
    .where('key', '=', 'auth_secret')
    .executeTakeFirstOrThrow();
  return row.value;
};

export const ensureOperatorOrganisation = async (tx: Tx): Promise<string> => {
  const existing = await tx
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'operator')
    .orderBy('createdAt')
    .executeTakeFirst();
  if (existing) return existing.id;
  const { id } = await tx
    .insertInto('organisations')
    .values({
      shortName: OPERATOR_SHORT_NAME,
      nameFi: 'Palvelun ylläpito',
      nameSv: 'Tjänstens drift',
      nameEn: 'Service operator',
      kind: 'operator',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
};

export interface FirstAdmin {
  email: string;
  oneTimePassword: string | null;
}

/**
 * On an empty database, the first admin: from VAALIVAHTI_ADMIN_EMAIL/PASSWORD, or else with a
 * random one-time password that is shown once and must be changed at first sign-in. Never a
 * known password.
 */
export const ensureFirstAdmin = async (
  db: Db,
  auth: Auth,
  options: { email: string | undefined; password: string | undefined },
): Promise<FirstAdmin | null> =>
  db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(7351002)`.execute(tx);
    const anyUser = await tx.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (anyUser) return null;
    const organisationId = await ensureOperatorOrganisation(tx);
    const email = (options.email ?? DEFAULT_ADMIN_EMAIL).toLowerCase();
    const oneTimePassword = options.password ? null : generateOneTimePassword();
    const id = await createAccount(tx, auth, {
      name: 'Administrator',
      email,
      organisationId,
      roles: ['admin'],
      locale: 'fi',
      password: options.password ?? oneTimePassword!,
      mustChangePassword: oneTimePassword !== null,
    });
    await appendAudit(
      tx,
      { requestId: null, sourceIp: null, actorUserId: null, actorOrganisationId: null },
      {
        action: 'user.create',
        targetType: 'user',
        targetId: id,
        details: { email, roles: ['admin'], firstAdmin: true },
      },
    );
    return { email, oneTimePassword };
  });

export const announceFirstAdmin = (admin: FirstAdmin, log: Logger): void => {
  if (!admin.oneTimePassword) {
    log.info({ email: admin.email }, 'created the first admin account from VAALIVAHTI_ADMIN_EMAIL/PASSWORD');
    return;
  }
  // Printed straight to the console, once, and never logged: it is a credential.
  process.stdout.write(
    [
      '',
      '  +--------------------------------------------------------------+',
      '  |  First admin account created                                 |',
      `  |  e-mail:             ${admin.email.padEnd(40)}|`,
      `  |  one-time password:  ${admin.oneTimePassword.padEnd(40)}|`,
      '  |  It is shown only now and must be changed at first sign-in.  |',
      '  +--------------------------------------------------------------+',
      '',
    ].join('\n') + '\n',
  );
};

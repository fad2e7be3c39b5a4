import { sql } from 'kysely';
import type { Role } from '../../../shared/access/roles.js';
import type { Locale } from '../../../shared/contracts/common.js';
import type { Db, Tx } from '../../db/connection.js';

const columns = [
  'id',
  'name',
  'email',
  'organisationId',
  'roles',
  'active',
  'locale',
  'twoFactorEnabled',
  'mustChangePassword',
  'createdAt',
  'updatedAt',
] as const;

export const findUser = (db: Db | Tx, id: string) =>
  db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirst();

export type UserRow = NonNullable<Awaited<ReturnType<typeof findUser>>>;

export const findUserIdByEmail = async (db: Db | Tx, email: string): Promise<string | undefined> =>
  (await db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst())?.id;

export const listUsers = (
  db: Db,
  filter: {
    q?: string | undefined;
    organisationId?: string | undefined;
    after?: [string, string] | undefined;
    limit: number;
  },
) => {
  let query = db.selectFrom('users').select(columns);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  }
  if (filter.organisationId) query = query.where('organisationId', '=', filter.organisationId);
  if (filter.after) {
    const [email, id] = filter.after;
    query = query.where(sql<boolean>`(email, id) > (${email}, ${id}::uuid)`);
  }
  return query
    .orderBy('email')
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
};

export const insertUser = (
  tx: Tx,
  values: {
    name: string;
    email: string;
    organisationId: string;
    roles: Role[];
    locale: Locale;
    mustChangePassword: boolean;
  },
) => tx.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();

export const insertPasswordAccount = (tx: Tx, userId: string, passwordHash: string) =>
  tx
    .insertInto('accounts')
    .values({
      id: crypto.randomUUID(),
      userId,
      accountId: userId,
      providerId: 'credential',
      password: passwordHash,
      accessToken: null,
      refreshToken: null,
      idToken: null,
      accessTokenExpiresAt: null,
      refreshTokenExpiresAt: null,
      scope: null,
    })
    .execute();

export const setPasswordHash = (tx: Tx, userId: string, passwordHash: string) =>
  tx
    .updateTable('accounts')
    .set({ password: passwordHash, updatedAt: new Date() })
    .where('userId', '=', userId)
    .where('providerId', '=', 'credential')
    .execute();

export const updateUserRow = (
  tx: Tx,
  id: string,
  values: Partial<{
    name: string;
    organisationId: string;
    roles: Role[];
    active: boolean;
    locale: Locale;
    timeZone: string;
    mustChangePassword: boolean;
  }>,
) =>
  tx
    .updateTable('users')
    .set({ ...values, updatedAt: new Date() })
    .where('id', '=', id)
    .execute();

export const deleteSessionsOf = (tx: Db | Tx, userId: string) =>
  tx.deleteFrom('sessions').where('userId', '=', userId).execute();

export const organisationExists = async (db: Db | Tx, id: string): Promise<boolean> =>
  (await db
    .selectFrom('organisations')
    .select('id')
    .where('id', '=', id)
    .where('active', '=', true)
    .executeTakeFirst()) !== undefined;

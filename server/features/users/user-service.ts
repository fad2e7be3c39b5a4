import type { CreateUser, UpdateUser, User } from '../../../shared/contracts/users.js';
import { idSchema } from '../../../shared/contracts/common.js';
import { createUserSchema } from '../../../shared/contracts/users.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { appendAudit } from '../audit/audit-log.js';
import { createAccount, generateOneTimePassword, hashPassword } from './user-accounts.js';
import {
  deleteSessionsOf,
  findUser,
  listUsers,
  organisationExists,
  setPasswordHash,
  updateUserRow,
  type UserRow,
} from './user-queries.js';

export const presentUser = (row: UserRow): User => ({
  id: row.id,
  name: row.name,
  email: row.email,
  organisationId: row.organisationId,
  roles: row.roles,
  active: row.active,
  locale: row.locale,
  twoFactorEnabled: row.twoFactorEnabled,
  mustChangePassword: row.mustChangePassword,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const getUsers = async (
  ctx: Pick<ServiceContext, 'db'>,
  query: {
    q?: string | undefined;
    organisationId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
) => {
  const after = decodeCursor<[string, string]>(query.cursor, ['string', 'string']);
  if (after && !idSchema.safeParse(after[1]).success)
    throw new AppError('bad_request', 'The cursor is not valid.');
  const rows = await listUsers(ctx.db, {
    q: query.q,
    organisationId: query.organisationId,
    after,
    limit: query.limit,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(presentUser),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.email, last.id]) : null,
  };
};

export const getUser = async (ctx: Pick<ServiceContext, 'db'>, id: string): Promise<User> => {
  const row = await findUser(ctx.db, id);
  if (!row) throw new AppError('not_found', 'No such user.');
  return presentUser(row);
};

export const createUser = async (ctx: ServiceContext, input: CreateUser) => {
  const data = createUserSchema.parse(input);
  const oneTimePassword = data.password ? null : generateOneTimePassword();
  return ctx.db.transaction().execute(async (tx) => {
    const id = await createAccount(tx, ctx.auth, {
      name: data.name,
      email: data.email,
      organisationId: data.organisationId,
      roles: data.roles,
      locale: data.locale,
      password: data.password ?? oneTimePassword!,
      mustChangePassword: oneTimePassword !== null,
    });
    const { password: _password, ...details } = data;
    await appendAudit(tx, ctx.audit, { action: 'user.create', targetType: 'user', targetId: id, details });
    return { user: presentUser((await findUser(tx, id))!), oneTimePassword };
  });
};

export const updateUser = async (ctx: ServiceContext, id: string, input: UpdateUser): Promise<User> =>
  ctx.db.transaction().execute(async (tx) => {
    const before = await findUser(tx, id);
    if (!before) throw new AppError('not_found', 'No such user.');
    if (input.organisationId && !(await organisationExists(tx, input.organisationId))) {
      throw new AppError('validation_failed', 'The organisation does not exist or is inactive.', [
        { path: 'body.organisationId', message: 'Unknown or inactive organisation.' },
      ]);
    }
    if (
      id === ctx.actor.userId &&
      (input.active === false || (input.roles && !input.roles.includes('admin')))
    ) {
      throw new AppError('conflict', 'You cannot deactivate yourself or remove your own admin role.');
    }
    await updateUserRow(tx, id, input);
    const deactivated = before.active && input.active === false;
    // A deactivated user is out at once: their sessions go in the same transaction.
    if (deactivated) await deleteSessionsOf(tx, id);
    await appendAudit(tx, ctx.audit, {
      action: deactivated ? 'user.deactivate' : 'user.update',
      targetType: 'user',
      targetId: id,
      details: { changes: input },
    });
    return presentUser((await findUser(tx, id))!);
  });

export const resetUserPassword = async (ctx: ServiceContext, id: string) => {
  const oneTimePassword = generateOneTimePassword();
  const hash = await hashPassword(ctx.auth, oneTimePassword);
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await findUser(tx, id))) throw new AppError('not_found', 'No such user.');
    await setPasswordHash(tx, id, hash);
    await updateUserRow(tx, id, { mustChangePassword: true });
    await deleteSessionsOf(tx, id);
    await appendAudit(tx, ctx.audit, { action: 'user.reset_password', targetType: 'user', targetId: id });
    return { user: presentUser((await findUser(tx, id))!), oneTimePassword };
  });
};

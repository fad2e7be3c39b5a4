import type { ChangePassword, Me, UpdateMe } from '../../../shared/contracts/me.js';
import { changePasswordSchema } from '../../../shared/contracts/me.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import { appendAudit } from '../audit/audit-log.js';
import { markSignInSucceeded, reserveSignInAttempt } from '../auth/sign-in-throttle.js';
import { hashPassword } from '../users/user-accounts.js';
import { deleteSessionsOf, setPasswordHash, updateUserRow } from '../users/user-queries.js';
import { deleteOtherSessions, findMe, findPasswordHash, listActiveSessions } from './me-queries.js';

export interface MeExtras {
  restriction: Me['restriction'];
  authMethod: Me['authMethod'];
  demo: boolean;
}

export const getMe = async (ctx: ServiceContext, extras: MeExtras): Promise<Me> => {
  const row = await findMe(ctx.db, ctx.actor.userId);
  if (!row) throw new AppError('unauthenticated', 'Sign in first.');
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    locale: row.locale,
    timeZone: row.timeZone,
    reportFallbackLanguages: row.reportFallbackLanguages,
    roles: row.roles,
    organisation: {
      id: row.organisationId,
      shortName: row.shortName,
      name: { fi: row.nameFi, sv: row.nameSv, en: row.nameEn },
    },
    communities: row.communities.map((c) => ({
      id: c.id,
      name: { fi: c.nameFi, sv: c.nameSv, en: c.nameEn },
    })),
    twoFactorEnabled: row.twoFactorEnabled,
    twoFactorRequired: row.requireTwoFactor,
    ...extras,
  };
};

export const updateMe = async (ctx: ServiceContext, input: UpdateMe): Promise<void> => {
  if (
    input.timeZone !== undefined &&
    !Intl.supportedValuesOf('timeZone').includes(input.timeZone) &&
    input.timeZone !== 'UTC'
  ) {
    throw new AppError('validation_failed', `Unknown time zone ${input.timeZone}.`);
  }
  await ctx.db.transaction().execute(async (tx) => {
    const { reportFallbackLanguages, ...profile } = input;
    await updateUserRow(tx, ctx.actor.userId, profile);
    if (reportFallbackLanguages !== undefined) {
      await tx
        .updateTable('users')
        .set({ reportFallbackLanguages })
        .where('id', '=', ctx.actor.userId)
        .execute();
    }
    await appendAudit(tx, ctx.audit, {
      action: 'profile.update',
      targetType: 'user',
      targetId: ctx.actor.userId,
      details: input,
    });
  });
};

export const changePassword = async (
  ctx: ServiceContext,
  sessionId: string | null,
  input: ChangePassword,
) => {
  const data = changePasswordSchema.parse(input);
  const auth = await ctx.auth.$context;
  const hash = await findPasswordHash(ctx.db, ctx.actor.userId);
  // Guessing the current password here counts against the same limits as signing in.
  const email = (
    await ctx.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', ctx.actor.userId)
      .executeTakeFirstOrThrow()
  ).email;
  const attemptId = await reserveSignInAttempt(ctx.db, email, ctx.audit.sourceIp ?? 'unknown');
  if (!hash || !(await auth.password.verify({ hash, password: data.currentPassword }))) {
    throw new AppError('invalid_credentials', 'The current password is wrong.');
  }
  await markSignInSucceeded(ctx.db, attemptId);
  if (data.newPassword === data.currentPassword) {
    throw new AppError('validation_failed', 'Choose a password different from the current one.');
  }
  const newHash = await hashPassword(ctx.auth, data.newPassword);
  await ctx.db.transaction().execute(async (tx) => {
    await setPasswordHash(tx, ctx.actor.userId, newHash);
    await updateUserRow(tx, ctx.actor.userId, { mustChangePassword: false });
    if (data.signOutOtherSessions) await deleteOtherSessions(tx, ctx.actor.userId, sessionId);
    await appendAudit(tx, ctx.audit, {
      action: 'password.change',
      targetType: 'user',
      targetId: ctx.actor.userId,
      details: { signOutOtherSessions: data.signOutOtherSessions },
    });
  });
};

export const getSessions = async (ctx: ServiceContext, currentSessionId: string | null) =>
  (await listActiveSessions(ctx.db, ctx.actor.userId)).map((s) => ({
    id: s.id,
    current: s.id === currentSessionId,
    createdAt: s.createdAt.toISOString(),
    expiresAt: new Date(s.expiresAt).toISOString(),
    ipAddress: s.ipAddress,
    userAgent: s.userAgent,
  }));

export const signOutEverywhere = (ctx: ServiceContext) =>
  ctx.db.transaction().execute(async (tx) => {
    await deleteSessionsOf(tx, ctx.actor.userId);
    await appendAudit(tx, ctx.audit, {
      action: 'sessions.revoke_all',
      targetType: 'user',
      targetId: ctx.actor.userId,
    });
  });

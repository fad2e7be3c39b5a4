import { sql } from 'kysely';
import { AppError } from '../../../shared/errors.js';
import type { Db } from '../../db/connection.js';

export const throttleRules = {
  windowMinutes: 15,
  /** Failures of one account from one address: the common case of a forgotten password or a guessing script. */
  perAccountAndSource: 5,
  /** Failures of one account from anywhere: a distributed attack on one account. */
  perAccount: 30,
  /** Failures from one address across accounts: password spraying. High, because an office shares one address. */
  perSource: 100,
};

/**
 * Checks the limits and, in the same locked transaction, records this attempt as a failure
 * before the password is checked, so that guesses sent in parallel are counted too. The caller
 * marks it a success afterwards. Counts only failures since the last success of the same pair,
 * so an attack on one account never locks out the other people behind the same address.
 */
export const reserveSignInAttempt = (db: Db, email: string, sourceIp: string): Promise<number> =>
  db.transaction().execute(async (tx) => {
    // Always account before address: the same order everywhere, so two requests cannot deadlock.
    await sql`select pg_advisory_xact_lock(7351010, hashtext(${email}))`.execute(tx);
    await sql`select pg_advisory_xact_lock(7351011, hashtext(${sourceIp}))`.execute(tx);
    const row = await sql<{ pair: number; account: number; source: number }>`
      with recent as (
        select email, source_ip, succeeded, attempted_at from sign_in_attempts
        where attempted_at > now() - make_interval(mins => ${throttleRules.windowMinutes})
          and (email = ${email} or source_ip = ${sourceIp})
      ),
      last_success as (
        select max(attempted_at) as at from recent where email = ${email} and source_ip = ${sourceIp} and succeeded
      )
      select
        count(*) filter (where email = ${email} and source_ip = ${sourceIp} and not succeeded
          and attempted_at > coalesce((select at from last_success), '-infinity'))::int as pair,
        count(*) filter (where email = ${email} and not succeeded)::int as account,
        count(*) filter (where source_ip = ${sourceIp} and not succeeded)::int as source
      from recent`.execute(tx);
    const counts = row.rows[0] ?? { pair: 0, account: 0, source: 0 };
    if (
      counts.pair >= throttleRules.perAccountAndSource ||
      counts.account >= throttleRules.perAccount ||
      counts.source >= throttleRules.perSource
    ) {
      throw new AppError(
        'rate_limited',
        'Too many failed sign-in attempts. Try again later.',
        throttleRules.windowMinutes * 60,
      );
    }
    const inserted = await tx
      .insertInto('signInAttempts')
      .values({ email, sourceIp, succeeded: false })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  });

export const markSignInSucceeded = (db: Db, attemptId: number) =>
  db
    .updateTable('signInAttempts')
    .set({ succeeded: true, attemptedAt: sql<Date>`now()` })
    .where('id', '=', attemptId)
    .execute();

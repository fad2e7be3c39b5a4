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
 * Counts only failures since the last success of the same pair, so an attack on one account
 * never locks out the other people behind the same address.
 */
export const checkSignInAllowed = async (db: Db, email: string, sourceIp: string): Promise<void> => {
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
    from recent`.execute(db);
  const counts = row.rows[0] ?? { pair: 0, account: 0, source: 0 };
  if (
    counts.pair >= throttleRules.perAccountAndSource ||
    counts.account >= throttleRules.perAccount ||
    counts.source >= throttleRules.perSource
  ) {
    throw new AppError('rate_limited', 'Too many failed sign-in attempts. Try again later.', throttleRules.windowMinutes * 60);
  }
};

export const recordSignInAttempt = (db: Db, email: string, sourceIp: string, succeeded: boolean) =>
  db.insertInto('signInAttempts').values({ email, sourceIp, succeeded }).execute();

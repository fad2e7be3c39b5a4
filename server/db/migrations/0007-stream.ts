import { sql, type Kysely } from 'kysely';

/**
 * The live stream learns of a new notification from the database, whoever inserted it: a NOTIFY on
 * `vaalivahti_notifications` with the recipient's user id only (never the content), delivered at
 * commit to every server process (server/features/stream).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function notifications_announce() returns trigger language plpgsql as $$
    begin
      perform pg_notify('vaalivahti_notifications', new.user_id::text);
      return null;
    end $$;
    create trigger notifications_announce after insert on notifications
      for each row execute function notifications_announce();
  `.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * Threat levels per election and domain. `threat_levels` is the history itself, append-only: the
 * current level of an election and domain is its row with the highest id. Analysts' proposals are
 * decided once (pending → accepted or rejected) and never changed after that.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table threat_level_proposals (
      id uuid primary key default gen_random_uuid(),
      seq bigint generated always as identity unique,
      election_id uuid not null references elections (id),
      domain text not null check (domain in ('information_influence', 'cyber', 'physical', 'process')),
      level smallint not null check (level between 1 and 5),
      rationale text not null check (char_length(rationale) between 10 and 20000),
      proposed_by_user_id uuid not null references users (id),
      proposed_by_organisation_id uuid not null references organisations (id),
      proposed_at timestamptz not null default now(),
      status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
      decided_by_user_id uuid references users (id),
      decided_by_organisation_id uuid references organisations (id),
      decided_at timestamptz,
      decision_reason text check (char_length(decision_reason) <= 2000),
      check ((status = 'pending') = (decided_at is null)),
      check ((status = 'pending') = (decided_by_user_id is null)),
      check (status <> 'rejected' or char_length(decision_reason) > 0)
    );
    create index threat_level_proposals_election_idx on threat_level_proposals (election_id, seq desc);
    create index threat_level_proposals_pending_idx on threat_level_proposals (election_id, domain)
      where status = 'pending';

    create function threat_level_proposals_decide_once() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' or old.status <> 'pending' then
        raise exception 'a decided threat level proposal cannot be changed';
      end if;
      if new.election_id <> old.election_id or new.domain <> old.domain or new.level <> old.level
        or new.rationale <> old.rationale or new.proposed_by_user_id <> old.proposed_by_user_id
        or new.proposed_at <> old.proposed_at then
        raise exception 'only the decision of a threat level proposal can be recorded';
      end if;
      return new;
    end $$;
    create trigger threat_level_proposals_decide_once before update or delete on threat_level_proposals
      for each row execute function threat_level_proposals_decide_once();

    create table threat_levels (
      id bigint generated always as identity primary key,
      election_id uuid not null references elections (id),
      domain text not null check (domain in ('information_influence', 'cyber', 'physical', 'process')),
      level smallint not null check (level between 1 and 5),
      rationale text not null check (char_length(rationale) between 10 and 20000),
      set_by_user_id uuid not null references users (id),
      set_by_organisation_id uuid not null references organisations (id),
      set_at timestamptz not null default now(),
      proposal_id uuid unique references threat_level_proposals (id)
    );
    -- The current level is the newest row of (election, domain); the peak is its max(level).
    create index threat_levels_current_idx on threat_levels (election_id, domain, id desc);
    create index threat_levels_history_idx on threat_levels (election_id, id desc);

    create function threat_levels_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'threat_levels is append-only';
    end $$;
    create trigger threat_levels_append_only before update or delete on threat_levels
      for each row execute function threat_levels_append_only();
  `.execute(db);
}

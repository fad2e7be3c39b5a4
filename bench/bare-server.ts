// The references: a bare Fastify route with no plugins, database or authentication, and a bare
// route that runs by hand, with plain pg, the same two queries that GET /api/v1/me needs.
import Fastify from 'fastify';
import { Kysely, PostgresDialect, sql } from 'kysely';
import {
  mapLevelPrefixes,
  situationSql,
  threatLevelChanges,
} from '../server/features/situation/situation-queries.js';
import { defaultBucket, timelineWindow } from '../server/features/situation/situation-service.js';
import { dataDirPool } from './database.js';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({
  id: '00000000-0000-4000-8000-000000000000',
  name: 'bare',
  roles: ['analyst'],
}));

const dataDir = process.env.DATA_DIR;
if (dataDir) {
  const pool = dataDirPool(dataDir, 10);
  app.get('/raw-me', async (request, reply) => {
    const token = decodeURIComponent(
      /session_token=([^;]+)/.exec(request.headers.cookie ?? '')?.[1] ?? '',
    ).split('.')[0];
    const actor = await pool.query(
      `select u.id, u.organisation_id, u.roles, u.active, u.must_change_password, u.two_factor_enabled,
              o.require_two_factor, s.id as session_id,
              array(select cm.community_id from community_members cm where cm.organisation_id = u.organisation_id) as community_ids
         from users u join organisations o on o.id = u.organisation_id join sessions s on s.user_id = u.id
        where s.token = $1 and s.expires_at > now()`,
      [token],
    );
    if (actor.rowCount === 0) return reply.status(401).send({ code: 'unauthenticated' });
    const me = await pool.query(
      `select u.id, u.name, u.email, u.locale, u.time_zone, u.roles, u.two_factor_enabled, o.id as organisation_id,
              o.short_name, o.name_fi, o.name_sv, o.name_en, o.require_two_factor,
              coalesce((select json_agg(json_build_object('id', c.id, 'nameFi', c.name_fi, 'nameSv', c.name_sv, 'nameEn', c.name_en) order by c.name_en)
                 from community_members m join communities c on c.id = m.community_id where m.organisation_id = o.id), '[]'::json) as communities
         from users u join organisations o on o.id = u.organisation_id where u.id = $1`,
      [actor.rows[0].id],
    );
    return me.rows[0];
  });

  // The incident references: the same list and search SQL as GET /api/v1/incidents without the
  // access scope, and a single-row INSERT of an incident (no event, no checks).
  const columns = `i.id, i.tlp, i.owner_organisation_id, i.author_user_id, i.shared_organisation_ids,
    i.shared_community_ids, i.shared_user_ids, i.title, i.description, i.domains, i.category, i.severity,
    i.impact_conduct, i.impact_confidence, i.source_reliability, i.information_credibility, i.status,
    i.closing_reason, i.duplicate_of_id, i.lead_organisation_id, i.supporting_organisation_ids, i.election_id,
    i.phase_key, i.area_codes, i.area_scope, i.first_seen, i.last_seen, i.reported_via, i.intake,
    i.corroboration_count, i.version, i.created_at, i.updated_at`;
  app.get('/raw-incidents', async (request) => {
    const q = (request.query as { q?: string }).q;
    const where = q
      ? `where i.search @@ (websearch_to_tsquery('finnish', $1) || websearch_to_tsquery('swedish', $1)
           || websearch_to_tsquery('english', $1) || websearch_to_tsquery('simple', $1) || to_tsquery('simple', $2))`
      : '';
    const rows = await pool.query(
      `select ${columns} from incidents i ${where} order by i.created_at desc, i.id desc limit 51`,
      q ? [q, `${q}:*`] : [],
    );
    return { items: rows.rows.slice(0, 50) };
  });
  app.post('/raw-insert', async (request, reply) => {
    const body = request.body as { title: string; owner: string; author: string };
    const row = await pool.query(
      `insert into incidents (tlp, owner_organisation_id, author_user_id, title, description, domains, category, severity)
       values ('amber', $1, $2, $3, '', '{cyber}', 'denial_of_service', 3) returning id`,
      [body.owner, body.author, body.title],
    );
    return reply.status(201).send({ id: row.rows[0].id });
  });

  // The situation picture reference: the same aggregate statement as
  // GET /api/v1/elections/{id}/situation (and its threat-level queries), without access filtering.
  const situationDb = new Kysely<never>({ dialect: new PostgresDialect({ pool }) });
  app.get('/raw-situation', async (request) => {
    const query = request.query as { slug?: string; area?: string; mapLevel?: keyof typeof mapLevelPrefixes };
    const election = (
      await pool.query(
        `select e.id, e.election_day::text as election_day,
                coalesce(json_agg(json_build_object('startsOn', p.starts_on::text, 'endsOn', p.ends_on::text))
                  filter (where p.key is not null), '[]') as phases
           from elections e left join election_phases p on p.election_id = e.id
          where e.slug = $1 group by e.id`,
        [query.slug ?? 'parliamentary-2027'],
      )
    ).rows[0];
    const now = new Date();
    const since = new Date(now.getTime() - 24 * 3_600_000);
    const bucket = defaultBucket(election.election_day, now);
    const window = timelineWindow(
      { electionDay: election.election_day, phases: election.phases },
      bucket,
      now,
    );
    const [row, history] = await Promise.all([
      situationSql({
        electionId: election.id,
        scope: sql`true`,
        area: query.area ?? null,
        domain: null,
        mapPrefix: mapLevelPrefixes[query.mapLevel ?? 'electoral_district'],
        buckets: window.buckets,
        to: window.to,
        since,
        limit: 50,
      }).execute(situationDb),
      threatLevelChanges(situationDb as never, election.id, null),
    ]);
    const markers = history.filter((h) => h.at >= window.from && h.at <= window.to);
    const changes = history.filter((h) => h.at > since);
    return { ...row.rows[0], markers, changes, generatedAt: now.toISOString() };
  });
}

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(
  `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
);

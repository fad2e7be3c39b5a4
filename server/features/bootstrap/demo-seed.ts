import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Role } from '../../../shared/access/roles.js';
import type { Db, Tx } from '../../db/connection.js';
import type { Auth } from '../auth/auth-instance.js';
import { appendAudit } from '../audit/audit-log.js';
import { seedDemoExchange } from './demo-exchange.js';
import { seedDemoIncidents } from './demo-incidents.js';
import { seedDemoSitreps } from './demo-sitreps.js';
import { createAccount } from '../users/user-accounts.js';
import { ensureOperatorOrganisation } from './first-start.js';

export const DEMO_PASSWORD = 'vaalivahti-demo';

interface Actor {
  id: string;
  abbr: string | null;
  name_fi: string;
  name_sv: string | null;
  name_en: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const referenceData = path.resolve(
  here,
  '..',
  '..',
  '..',
  ...(here.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []),
  'reference-data',
);

/** Which actors of actors.json become organisations, with the kind each is. */
const demoOrganisations: Record<string, string> = {
  om: 'ministry',
  supo: 'security_service',
  ncsc_fi: 'cyber_security_centre',
  poliisihallitus: 'police',
  krp: 'police',
  dvv: 'agency',
  vnk: 'government_office',
  plm: 'defence',
  um: 'ministry',
  tk: 'government_office',
};

const municipalBoards = [
  {
    shortName: 'HEL KVL',
    fi: 'Helsingin kaupungin keskusvaalilautakunta',
    sv: 'Centralvalnämnden i Helsingfors stad',
    en: 'Helsinki central election board',
  },
  {
    shortName: 'ESP KVL',
    fi: 'Espoon kaupungin keskusvaalilautakunta',
    sv: 'Centralvalnämnden i Esbo stad',
    en: 'Espoo central election board',
  },
];

const demoCommunities = [
  {
    fi: 'Vaaliturvallisuuden yhteistyöryhmä',
    sv: 'Samarbetsgruppen för valsäkerhet',
    en: 'Cooperation group',
    description:
      'The cooperation group on election security appointed by the Ministry of Justice (term 1.7.2023–30.6.2027).',
    members: ['OM', 'Supo', 'NCSC-FI', 'POHA', 'KRP', 'DVV', 'VNK', 'PLM', 'UM', 'TK', 'HEL KVL', 'ESP KVL'],
  },
  {
    fi: 'Vaali-VIRT',
    sv: 'Val-VIRT',
    en: 'Election-VIRT',
    description: 'Information-security cooperation of the authorities around the conduct of elections.',
    members: ['OM', 'NCSC-FI', 'DVV', 'Supo', 'POHA', 'HEL KVL', 'ESP KVL'],
  },
  {
    fi: 'Informaatiovaikuttamisen verkosto',
    sv: 'Nätverket mot informationspåverkan',
    en: 'Information influence network',
    description:
      "The government network on information influence, coordinated by the Prime Minister's Office.",
    members: ['VNK', 'OM', 'Supo', 'PLM', 'UM', 'NCSC-FI'],
  },
];

const demoAccounts: {
  email: string;
  name: string;
  organisation: string | null;
  roles: Role[];
  locale: 'fi' | 'sv' | 'en';
}[] = [
  {
    email: 'admin@vaalivahti.example',
    name: 'Ylläpitäjä Demo',
    organisation: null,
    roles: ['admin'],
    locale: 'fi',
  },
  {
    email: 'coordinator@om.example',
    name: 'Kaisa Koordinaattori',
    organisation: 'OM',
    roles: ['coordinator'],
    locale: 'fi',
  },
  {
    email: 'analyst@ncsc.example',
    name: 'Antti Analyytikko',
    organisation: 'NCSC-FI',
    roles: ['analyst'],
    locale: 'fi',
  },
  {
    email: 'analyst@supo.example',
    name: 'Sanna Selvittäjä',
    organisation: 'Supo',
    roles: ['analyst'],
    locale: 'fi',
  },
  {
    email: 'analyst@poliisi.example',
    name: 'Pekka Poliisi',
    organisation: 'POHA',
    roles: ['analyst'],
    locale: 'fi',
  },
  {
    email: 'reporter@helsinki.example',
    name: 'Helena Vaalisihteeri',
    organisation: 'HEL KVL',
    roles: ['reporter'],
    locale: 'sv',
  },
  {
    email: 'viewer@dvv.example',
    name: 'Ville Seuraaja',
    organisation: 'DVV',
    roles: ['viewer'],
    locale: 'fi',
  },
];

const insertOrganisation = async (
  tx: Tx,
  o: { shortName: string; fi: string; sv: string; en: string; kind: string },
) =>
  (
    await tx
      .insertInto('organisations')
      .values({ shortName: o.shortName, nameFi: o.fi, nameSv: o.sv, nameEn: o.en, kind: o.kind })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

/**
 * The demo community of PRODUCT.md, loaded once into a database that has none of it. Runs only
 * under `npm run demo`; `npm start` never creates an account with a known password.
 */
export const seedDemo = async (db: Db, auth: Auth, log: Logger): Promise<void> => {
  const fresh = await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(7351003)`.execute(tx);
    const seeded = await tx
      .selectFrom('instanceSettings')
      .select('value')
      .where('key', '=', 'demo_seeded')
      .executeTakeFirst();
    if (seeded) return false;
    const { actors } = JSON.parse(readFileSync(path.join(referenceData, 'fi', 'actors.json'), 'utf8')) as {
      actors: Actor[];
    };

    const ids = new Map<string, string>();
    ids.set('operator', await ensureOperatorOrganisation(tx));
    for (const actor of actors) {
      const kind = demoOrganisations[actor.id];
      if (!kind || !actor.abbr) continue;
      ids.set(
        actor.abbr,
        await insertOrganisation(tx, {
          shortName: actor.abbr,
          fi: actor.name_fi,
          sv: actor.name_sv ?? actor.name_fi,
          en: actor.name_en,
          kind,
        }),
      );
    }
    for (const board of municipalBoards)
      ids.set(board.shortName, await insertOrganisation(tx, { ...board, kind: 'election_authority' }));

    for (const community of demoCommunities) {
      const { id } = await tx
        .insertInto('communities')
        .values({
          nameFi: community.fi,
          nameSv: community.sv,
          nameEn: community.en,
          description: community.description,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const members = community.members.map((m) => ids.get(m)).filter((m): m is string => m !== undefined);
      await tx
        .insertInto('communityMembers')
        .values(members.map((organisationId) => ({ communityId: id, organisationId })))
        .execute();
    }

    for (const account of demoAccounts) {
      const exists = await tx
        .selectFrom('users')
        .select('id')
        .where('email', '=', account.email)
        .executeTakeFirst();
      if (exists) continue;
      await createAccount(tx, auth, {
        name: account.name,
        email: account.email,
        organisationId: ids.get(account.organisation ?? 'operator')!,
        roles: account.roles,
        locale: account.locale,
        password: DEMO_PASSWORD,
        mustChangePassword: false,
      });
    }
    await tx
      .insertInto('instanceSettings')
      .values({ key: 'demo_seeded', value: new Date().toISOString() })
      .execute();
    await appendAudit(
      tx,
      { requestId: null, sourceIp: null, actorUserId: null, actorOrganisationId: null },
      { action: 'demo.seed' },
    );
    log.info(
      { accounts: demoAccounts.map((a) => a.email), password: DEMO_PASSWORD },
      'demo community loaded',
    );
    return true;
  });
  if (fresh) {
    await seedDemoIncidents(db, auth, log);
    await seedDemoSitreps(db, auth, log);
    await seedDemoExchange(db, auth, log);
  }
};

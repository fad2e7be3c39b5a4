import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Tlp } from '../../../shared/access/tlp.js';
import { fromIncidentId } from '../../../shared/contracts/incident-enums.js';
import { createMailer } from '../../mail/mailer.js';
import {
  BASE_URL,
  createTestApp,
  makeOrganisation,
  makeUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';
import {
  sendDailyDigests,
  sendNotificationEmails,
  sweepUnsentEmails,
  type MailJobContext,
} from './notification-email.js';
import { notifyUsers } from './notify.js';
import { startTestSmtpServer, type TestSmtpServer } from './test-smtp-server.js';

const log = pino({ level: 'silent' });

describe('notification e-mails', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let ctx: MailJobContext;
  let orgA: string;
  let orgB: string;
  let author: string;
  const users: Record<'fi' | 'sv' | 'en', { id: string; email: string }> = {} as never;

  const setLocale = (id: string, locale: 'fi' | 'sv' | 'en') =>
    t.deps.db.updateTable('users').set({ locale }).where('id', '=', id).execute();

  /** Notifies and returns the new notifications' ids (newest last). */
  const notify = async (
    userIds: string[],
    incidentId: string | null,
    kind = 'incident_created',
    data = {},
  ) => {
    const before = new Date(Date.now() - 1000);
    await t.deps.db.transaction().execute((tx) => notifyUsers(tx, { userIds, kind, incidentId, data }));
    return (
      await t.deps.db
        .selectFrom('notifications')
        .select('id')
        .where('createdAt', '>=', before)
        .where('userId', 'in', userIds)
        .where('emailedAt', 'is', null)
        .orderBy('createdAt')
        .execute()
    ).map((r) => r.id);
  };

  const incident = (
    tlp: Tlp,
    values: { title?: string; description?: string; sharedUserIds?: string[] } = {},
  ) => makeIncident(t, { ownerOrganisationId: orgA, authorUserId: author, tlp, severity: 4, ...values });

  const emailedAt = async (id: string) =>
    (
      await t.deps.db
        .selectFrom('notifications')
        .select('emailedAt')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).emailedAt;

  beforeAll(async () => {
    t = await createTestApp();
    smtp = await startTestSmtpServer();
    ctx = {
      db: t.deps.db,
      mailer: createMailer({ smtpUrl: smtp.url, baseUrl: BASE_URL, log }),
      baseUrl: BASE_URL,
      now: () => new Date(),
      log,
    };
    orgA = await makeOrganisation(t);
    orgB = await makeOrganisation(t);
    author = (await makeUser(t, { organisationId: orgA, roles: ['analyst'] })).id;
    for (const locale of ['fi', 'sv', 'en'] as const) {
      users[locale] = await makeUser(t, { organisationId: orgA, roles: ['analyst'] });
      await setLocale(users[locale].id, locale);
    }
  });
  afterAll(async () => {
    ctx?.mailer.close();
    await smtp?.close();
    await t?.close();
  });
  beforeEach(() => {
    smtp.refuse = false;
    smtp.received.length = 0;
  });

  it('e-mails each recipient in their own language, with title, severity, description and a link', async () => {
    const id = await incident('amber', {
      title: 'Palvelunestohyökkäys vaalisivustolle',
      description: 'Sivusto kaatui klo 9.',
    });
    const ids = await notify([users.fi.id, users.sv.id, users.en.id], id);
    expect(await sendNotificationEmails(ctx, ids)).toEqual({ sent: 3 });

    const byRecipient = new Map(smtp.received.map((m) => [m.to[0], m]));
    const fi = byRecipient.get(users.fi.email)!;
    const sv = byRecipient.get(users.sv.email)!;
    const en = byRecipient.get(users.en.email)!;
    expect(fi.subject).toBe('Uusi tapaus: Palvelunestohyökkäys vaalisivustolle');
    expect(fi.text).toContain('Tilaustasi vastaava uusi tapaus on kirjattu.');
    expect(fi.text).toContain('Vakavuus 4/5 · TLP:AMBER');
    expect(sv.subject).toBe('Ny incident: Palvelunestohyökkäys vaalisivustolle');
    expect(sv.text).toContain('Öppna incidenten:');
    expect(en.subject).toBe('New incident: Palvelunestohyökkäys vaalisivustolle');
    expect(en.text).toContain('Open the incident:');
    for (const mail of [fi, sv, en]) {
      expect(mail.to).toHaveLength(1);
      expect(mail.text).toContain(`${BASE_URL}/incidents/${id}`);
      expect(mail.text).toContain('Sivusto kaatui klo 9.');
      expect(mail.html).toContain(`href="${BASE_URL}/incidents/${id}"`);
      expect(mail.html).toContain('Palvelunestohyökkäys vaalisivustolle');
    }
    expect(fi.html).toContain('<html lang="fi">');
    for (const notificationId of ids) expect(await emailedAt(notificationId)).toBeInstanceOf(Date);
  });

  it('gives the title and link of amber+strict and red incidents, never their description or comments', async () => {
    const strict = await incident('amber+strict', { title: 'Tiukka otsikko', description: 'STRICT-SECRET' });
    const red = await incident('red', {
      title: 'Punainen otsikko',
      description: 'RED-SECRET',
      sharedUserIds: [users.en.id],
    });
    const ids = [
      ...(await notify([users.en.id], strict)),
      ...(await notify([users.en.id], red, 'mention', { commentId: 'x', excerpt: 'RED-COMMENT' })),
    ];
    expect(await sendNotificationEmails(ctx, ids)).toEqual({ sent: 2 });
    expect(smtp.received.map((m) => m.subject).sort()).toEqual([
      'New incident: Tiukka otsikko',
      'You were mentioned: Punainen otsikko',
    ]);
    for (const mail of smtp.received) {
      for (const secret of ['STRICT-SECRET', 'RED-SECRET', 'RED-COMMENT']) {
        expect(mail.text).not.toContain(secret);
        expect(mail.html).not.toContain(secret);
        expect(mail.raw).not.toContain(secret);
      }
      expect(mail.text).toMatch(/\/incidents\/incident--/);
    }
  });

  it('quotes the comment of a mention on an amber incident', async () => {
    const id = await incident('amber', { title: 'Keskustelu', description: 'DESC' });
    const ids = await notify([users.fi.id], id, 'mention', { commentId: 'c', excerpt: 'Katso tämä @Maija' });
    await sendNotificationEmails(ctx, ids);
    expect(smtp.received[0]!.subject).toBe('Sinut mainittiin: Keskustelu');
    expect(smtp.received[0]!.text).toContain('Katso tämä @Maija');
    expect(smtp.received[0]!.text).not.toContain('DESC');
  });

  it('sends nothing when the recipient can no longer see the incident at send time', async () => {
    const id = await incident('amber', { title: 'Myöhemmin punainen', description: 'LATER-RED' });
    const ids = await notify([users.sv.id], id);
    await t.deps.db
      .updateTable('incidents')
      .set({ tlp: 'red' })
      .where('id', '=', fromIncidentId(id))
      .execute();
    expect(await sendNotificationEmails(ctx, ids)).toEqual({ sent: 0 });
    expect(smtp.received).toHaveLength(0);
    expect(await emailedAt(ids[0]!)).toBeInstanceOf(Date);
  });

  it('sends nothing to a user who was deactivated after being notified', async () => {
    const user = await makeUser(t, { organisationId: orgA, roles: ['viewer'] });
    const ids = await notify([user.id], await incident('amber'));
    await t.deps.db.updateTable('users').set({ active: false }).where('id', '=', user.id).execute();
    expect(await sendNotificationEmails(ctx, ids)).toEqual({ sent: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it('escapes the title in the HTML part', async () => {
    const ids = await notify(
      [users.en.id],
      await incident('green', { title: '<script>alert(1)</script> & co' }),
    );
    await sendNotificationEmails(ctx, ids);
    expect(smtp.received[0]!.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(smtp.received[0]!.html).not.toContain('<script>');
  });

  it('sends each notification once, however often the job runs', async () => {
    const ids = await notify([users.fi.id], await incident('clear'));
    await sendNotificationEmails(ctx, ids);
    await sendNotificationEmails(ctx, ids);
    await Promise.all([sendNotificationEmails(ctx, ids), sendNotificationEmails(ctx, ids)]);
    expect(smtp.received).toHaveLength(1);
  });

  it('keeps a notification whose e-mail failed, fails the job for a retry, and sends it then', async () => {
    const ids = await notify([users.en.id, users.sv.id], await incident('amber', { title: 'Retry me' }));
    smtp.refuse = true;
    await expect(sendNotificationEmails(ctx, ids)).rejects.toThrow();
    for (const id of ids) expect(await emailedAt(id)).toBeNull();
    expect(
      await t.deps.db.selectFrom('notifications').select('id').where('id', 'in', ids).execute(),
    ).toHaveLength(2);
    smtp.refuse = false;
    expect(await sendNotificationEmails(ctx, ids)).toEqual({ sent: 2 });
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([users.en.email, users.sv.email].sort());
  });

  it('leaves out users who turned e-mail off or chose the daily digest', async () => {
    const off = await makeUser(t, { organisationId: orgA, roles: ['analyst'] });
    const digest = await makeUser(t, { organisationId: orgA, roles: ['analyst'] });
    await t.deps.db
      .insertInto('userNotificationSettings')
      .values([
        { userId: off.id, emailEnabled: false, dailyDigest: false },
        { userId: digest.id, emailEnabled: true, dailyDigest: true },
      ])
      .execute();
    const ids = await notify([off.id, digest.id], await incident('amber'));
    expect(ids).toHaveLength(2);
    expect(await sendNotificationEmails(ctx, ids)).toEqual({ sent: 0 });
    expect(smtp.received).toHaveLength(0);
    for (const id of ids) expect(await emailedAt(id)).toBeNull();
  });

  it('enqueues the e-mail job in the same transaction, and nothing when it rolls back', async () => {
    const jobs = async () =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from pgboss.job where name = 'notification-email'`.execute(t.deps.db)
      ).rows[0]!.n;
    const id = await incident('amber');
    const before = await jobs();
    await notify([users.fi.id], id);
    expect(await jobs()).toBe(before + 1);
    await expect(
      t.deps.db.transaction().execute(async (tx) => {
        await notifyUsers(tx, { userIds: [users.sv.id], kind: 'incident_created', incidentId: id, data: {} });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await jobs()).toBe(before + 1);
    const svNotifications = await t.deps.db
      .selectFrom('notifications')
      .select('id')
      .where('userId', '=', users.sv.id)
      .where('incidentId', '=', fromIncidentId(id))
      .execute();
    expect(svNotifications).toHaveLength(0);
  });

  it('the sweep sends what the jobs missed, within the last six hours', async () => {
    await t.deps.db
      .updateTable('notifications')
      .set({ emailedAt: new Date() })
      .where('emailedAt', 'is', null)
      .execute();
    const id = await incident('amber', { title: 'Missed' });
    const ids = await notify([users.fi.id], id);
    const now = new Date(Date.now() + 10 * 60_000);
    expect(await sweepUnsentEmails({ ...ctx, now: () => now })).toEqual({ sent: 1 });
    expect(smtp.received[0]!.subject).toBe('Uusi tapaus: Missed');
    expect(await emailedAt(ids[0]!)).toBeInstanceOf(Date);
  });

  it('does nothing when e-mail is disabled, and says so once', async () => {
    const lines: string[] = [];
    const recording = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const disabled = createMailer({ smtpUrl: undefined, baseUrl: BASE_URL, log: recording });
    expect(disabled.enabled).toBe(false);
    expect(lines.filter((l) => l.includes('SMTP_URL is not set'))).toHaveLength(1);
    const ids = await notify([users.en.id], await incident('amber'));
    expect(await sendNotificationEmails({ ...ctx, mailer: disabled }, ids)).toEqual({ sent: 0 });
    expect(await emailedAt(ids[0]!)).toBeNull();
  });

  describe('the daily digest', () => {
    const fixed = new Date('2027-03-10T05:00:00Z'); // 07:00 in Helsinki

    const digestUser = async (locale: 'fi' | 'sv' | 'en', lastDigestAt: Date | null) => {
      const user = await makeUser(t, { organisationId: orgA, roles: ['analyst'] });
      await setLocale(user.id, locale);
      await t.deps.db
        .insertInto('userNotificationSettings')
        .values({ userId: user.id, emailEnabled: true, dailyDigest: true, lastDigestAt })
        .execute();
      return user;
    };

    const notifyAt = async (
      userId: string,
      incidentId: string,
      createdAt: Date,
      kind = 'incident_created',
    ) => {
      await notify(
        [userId],
        incidentId,
        kind,
        kind === 'incident_escalated' ? { fromSeverity: 2, toSeverity: 4 } : {},
      );
      await t.deps.db
        .updateTable('notifications')
        .set({ createdAt } as never)
        .where('userId', '=', userId)
        .where('incidentId', '=', fromIncidentId(incidentId))
        .execute();
    };

    it('lists what happened since the last digest, in the user language, titles and links only', async () => {
      const user = await digestUser('sv', new Date(fixed.getTime() - 24 * 3600_000));
      const visible = await incident('amber', { title: 'Synlig händelse', description: 'DIGEST-DESC' });
      const escalated = await incident('amber', { title: 'Upptrappad' });
      const hidden = await incident('amber', { title: 'Dold händelse' });
      const old = await incident('amber', { title: 'Gammal händelse' });
      await notifyAt(user.id, visible, new Date(fixed.getTime() - 2 * 3600_000));
      await notifyAt(user.id, escalated, new Date(fixed.getTime() - 3 * 3600_000), 'incident_escalated');
      await notifyAt(user.id, hidden, new Date(fixed.getTime() - 3 * 3600_000));
      await notifyAt(user.id, old, new Date(fixed.getTime() - 48 * 3600_000));
      await t.deps.db
        .updateTable('incidents')
        .set({ tlp: 'red' })
        .where('id', '=', fromIncidentId(hidden))
        .execute();

      const result = await sendDailyDigests({ ...ctx, now: () => fixed });
      const mails = smtp.received.filter((m) => m.to[0] === user.email);
      expect(result.sent).toBeGreaterThanOrEqual(1);
      expect(mails).toHaveLength(1);
      const mail = mails[0]!;
      expect(mail.subject).toBe('Vaalivahtis dagliga sammanfattning: 2 aviseringar');
      expect(mail.text).toContain('Det här har hänt sedan 9.3.2027 7.00:');
      expect(mail.text).toContain('Ny incident: Synlig händelse');
      expect(mail.text).toContain('Allvarlighetsgraden höjd 2 → 4: Upptrappad');
      expect(mail.text).toContain(`${BASE_URL}/incidents/${visible}`);
      expect(mail.text).not.toContain('Dold händelse');
      expect(mail.text).not.toContain('Gammal händelse');
      expect(mail.text).not.toContain('DIGEST-DESC');
      expect(mail.html).not.toContain('Dold händelse');

      const settings = await t.deps.db
        .selectFrom('userNotificationSettings')
        .select('lastDigestAt')
        .where('userId', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(settings.lastDigestAt).toEqual(fixed);

      smtp.received.length = 0;
      await sendDailyDigests({ ...ctx, now: () => fixed });
      await sendDailyDigests({ ...ctx, now: () => new Date(fixed.getTime() + 60_000) });
      expect(smtp.received.filter((m) => m.to[0] === user.email)).toHaveLength(0);
    });

    it('covers the last day on the first digest, and sends nothing when nothing happened', async () => {
      const first = await digestUser('fi', null);
      const quiet = await digestUser('en', null);
      const id = await incident('green', { title: 'Ensimmäinen' });
      await notifyAt(first.id, id, new Date(fixed.getTime() - 20 * 3600_000));
      smtp.received.length = 0;
      await sendDailyDigests({ ...ctx, now: () => fixed });
      const mails = smtp.received.filter((m) => [first.email, quiet.email].includes(m.to[0]!));
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe('Vaalivahdin päivän kooste: 1 ilmoitus');
      expect(mails[0]!.text).toContain('Uusi tapaus: Ensimmäinen');
      const quietSettings = await t.deps.db
        .selectFrom('userNotificationSettings')
        .select('lastDigestAt')
        .where('userId', '=', quiet.id)
        .executeTakeFirstOrThrow();
      expect(quietSettings.lastDigestAt).toEqual(fixed);
    });

    it('retries a digest that could not be sent, without moving the window', async () => {
      const user = await digestUser('en', new Date(fixed.getTime() - 24 * 3600_000));
      await notifyAt(
        user.id,
        await incident('amber', { title: 'Pending' }),
        new Date(fixed.getTime() - 3600_000),
      );
      smtp.refuse = true;
      await expect(sendDailyDigests({ ...ctx, now: () => fixed })).rejects.toThrow();
      const before = await t.deps.db
        .selectFrom('userNotificationSettings')
        .select('lastDigestAt')
        .where('userId', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(before.lastDigestAt).toEqual(new Date(fixed.getTime() - 24 * 3600_000));
      smtp.refuse = false;
      smtp.received.length = 0;
      await sendDailyDigests({ ...ctx, now: () => fixed });
      expect(smtp.received.filter((m) => m.to[0] === user.email).map((m) => m.subject)).toEqual([
        'Vaalivahti daily digest: 1 notification',
      ]);
    });

    it('is not sent to users of another organisation for what they cannot see', async () => {
      const outsider = await makeUser(t, { organisationId: orgB, roles: ['analyst'] });
      await t.deps.db
        .insertInto('userNotificationSettings')
        .values({ userId: outsider.id, emailEnabled: true, dailyDigest: true, lastDigestAt: null })
        .execute();
      const ids = await notify([outsider.id], await incident('amber', { title: 'Not yours' }));
      expect(ids).toHaveLength(0);
      smtp.received.length = 0;
      await sendDailyDigests({ ...ctx, now: () => fixed });
      expect(smtp.received.filter((m) => m.to[0] === outsider.email)).toHaveLength(0);
    });
  });
});

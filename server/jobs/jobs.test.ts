import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyUsers } from '../features/notifications/notify.js';
import { createMailingTestApp, waitFor, type MailingTestApp } from '../../test/helpers/mail.js';
import type { TestSmtpServer } from '../features/notifications/test-smtp-server.js';
import { BASE_URL, makeOrganisation, makeUser, type TestApp } from '../../test/helpers/app.js';
import { makeIncident } from '../../test/helpers/incidents.js';

describe('background jobs', () => {
  let mailing: MailingTestApp;
  let t: TestApp;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    mailing = await createMailingTestApp();
    ({ t, smtp } = mailing);
  });
  afterAll(() => mailing?.close());

  it('e-mails a notification once its transaction has committed', async () => {
    const organisationId = await makeOrganisation(t);
    const user = await makeUser(t, { organisationId, roles: ['analyst'] });
    const incidentId = await makeIncident(t, {
      ownerOrganisationId: organisationId,
      authorUserId: user.id,
      tlp: 'green',
      title: 'Vaalisivusto ei vastaa',
    });
    await t.deps.db
      .transaction()
      .execute((tx) => notifyUsers(tx, { userIds: [user.id], kind: 'mention', incidentId, data: {} }));
    await waitFor(() => smtp.received.length > 0, 20_000);
    expect(smtp.received[0]!.to).toEqual([user.email]);
    expect(smtp.received[0]!.subject).toBe('Sinut mainittiin: Vaalisivusto ei vastaa');
    expect(smtp.received[0]!.text).toContain(`${BASE_URL}/incidents/${incidentId}`);
    const emailedAt = async () =>
      (
        await t.deps.db
          .selectFrom('notifications')
          .select('emailedAt')
          .where('userId', '=', user.id)
          .executeTakeFirstOrThrow()
      ).emailedAt;
    for (let i = 0; i < 50 && !(await emailedAt()); i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(await emailedAt()).toBeInstanceOf(Date);
    expect(smtp.received).toHaveLength(1);
  });

  it('schedules the digest at 07:00 Helsinki time, the sweep, and the exchange work every minute', async () => {
    const { rows } = await t.deps.pool.query<{ name: string; cron: string; timezone: string }>(
      'select name, cron, timezone from pgboss.schedule order by name',
    );
    expect(rows).toEqual([
      { name: 'exchange-feed-poll', cron: '* * * * *', timezone: 'Europe/Helsinki' },
      { name: 'exchange-release-updates', cron: '* * * * *', timezone: 'Europe/Helsinki' },
      { name: 'notification-digest', cron: '0 7 * * *', timezone: 'Europe/Helsinki' },
      { name: 'notification-email-sweep', cron: '*/15 * * * *', timezone: 'Europe/Helsinki' },
    ]);
  });
});

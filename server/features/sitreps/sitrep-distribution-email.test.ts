import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailingTestApp, waitFor, type MailingTestApp } from '../../../test/helpers/mail.js';
import type { TestSmtpServer } from '../notifications/test-smtp-server.js';
import {
  BASE_URL,
  makeOrganisation,
  makeUser,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';
import { makeSitrep } from '../../../test/helpers/sitreps.js';

describe('distribution e-mail (real SMTP, through the pg-boss job)', () => {
  let mailing: MailingTestApp;
  let t: TestApp;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    mailing = await createMailingTestApp();
    ({ t, smtp } = mailing);
  });
  afterAll(() => mailing?.close());

  it('reaches every recipient in their language, and never anyone who is not a recipient', async () => {
    const drafting = await makeOrganisation(t);
    const receiving = await makeOrganisation(t);
    const other = await makeOrganisation(t);
    const coordinator = await signedInUser(t, ['coordinator'], drafting);
    const colleague = await makeUser(t, { organisationId: drafting, roles: ['analyst'] });
    const swedish = await makeUser(t, { organisationId: receiving, roles: ['viewer'] });
    const finnish = await makeUser(t, { organisationId: receiving, roles: ['analyst'] });
    const adminOnly = await makeUser(t, { organisationId: receiving, roles: ['admin'] });
    const outsider = await makeUser(t, { organisationId: other, roles: ['coordinator'] });
    await t.deps.db.updateTable('users').set({ locale: 'sv' }).where('id', '=', swedish.id).execute();
    const incident = await makeIncident(t, {
      ownerOrganisationId: drafting,
      authorUserId: coordinator.id,
      tlp: 'amber',
      sharedOrganisationIds: [receiving],
    });
    const id = await makeSitrep(t, {
      ownerOrganisationId: drafting,
      authorUserId: coordinator.id,
      status: 'in_review',
      tlp: 'amber',
      recipientOrganisationIds: [receiving],
      incidentIds: [incident],
      title: 'Päivittäinen tilannekatsaus 17.4.2027',
    });
    expect((await coordinator.client.post(`/api/v1/sitreps/${id}/approve`)).statusCode).toBe(201);
    // Approval alone sends nothing.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.received).toHaveLength(0);

    expect((await coordinator.client.post(`/api/v1/sitreps/${id}/distribute`)).statusCode).toBe(200);
    await waitFor(() => smtp.received.length >= 2);
    await waitFor(async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from notifications
        where kind = 'sitrep_distributed' and emailed_at is null`.execute(t.deps.db);
      return rows[0]!.n === 0;
    });

    const to = smtp.received.map((m) => m.to[0]);
    expect(new Set(to)).toEqual(new Set([swedish.email, finnish.email]));
    expect(to).toHaveLength(2);
    for (const nobody of [coordinator.email, colleague.email, adminOnly.email, outsider.email]) {
      expect(to).not.toContain(nobody);
    }
    const sv = smtp.received.find((m) => m.to[0] === swedish.email)!;
    expect(sv.subject).toBe('Ny lägesrapport: Päivittäinen tilannekatsaus 17.4.2027 (sv)');
    expect(sv.text).toContain('TLP:AMBER');
    expect(sv.text).toContain(`Öppna lägesrapporten: ${BASE_URL}/reports/${id}`);
    const fi = smtp.received.find((m) => m.to[0] === finnish.email)!;
    expect(fi.subject).toBe('Uusi tilannekatsaus: Päivittäinen tilannekatsaus 17.4.2027');
    expect(fi.text).toContain(
      'Sinulle on jaettu tilannekatsaus ”Päivittäinen tilannekatsaus 17.4.2027” (TLP:AMBER).',
    );
    expect(fi.text).toContain(`Avaa tilannekatsaus: ${BASE_URL}/reports/${id}`);
  });
});

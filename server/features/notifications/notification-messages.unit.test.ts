import { describe, expect, it } from 'vitest';
import { tlpLevels } from '../../../shared/access/tlp.js';
import { locales } from '../../../shared/contracts/locales.js';
import { composeDigestEmail, composeNotificationEmail, type EmailItem } from './notification-messages.js';

const base = 'https://vaalivahti.example';
const incident = (tlp: (typeof tlpLevels)[number]) => ({
  id: '5b1c0a4e-3f1d-4c1e-9a51-2b6a8f0c7d11',
  title: 'Title\r\nInjected: header',
  tlp,
  severity: 3,
  description: 'SECRET description',
});

describe('notification e-mail texts', () => {
  it('write every kind in every language, with no placeholder left over', () => {
    for (const locale of locales) {
      for (const kind of [
        'incident_created',
        'incident_escalated',
        'lead_assigned',
        'mention',
        'something_new',
      ]) {
        const item: EmailItem = {
          kind,
          data: { fromSeverity: 2, toSeverity: 4 },
          incident: incident('amber'),
          createdAt: new Date(),
        };
        const mail = composeNotificationEmail({ locale, timeZone: 'Europe/Helsinki' }, item, base);
        for (const part of [mail.subject, mail.text, mail.html]) {
          expect(part).not.toMatch(/\bundefined\b|\bnull\b|\$\{|\{\{/);
        }
        expect(mail.subject).not.toMatch(/[\r\n]/);
        expect(mail.text).toContain(`${base}/incidents/incident--${item.incident!.id}`);
      }
    }
  });

  it('quote the description only below amber+strict', () => {
    for (const tlp of tlpLevels) {
      const mail = composeNotificationEmail(
        { locale: 'en', timeZone: 'Europe/Helsinki' },
        { kind: 'incident_created', data: {}, incident: incident(tlp), createdAt: new Date() },
        base,
      );
      const quoted = mail.text.includes('SECRET description');
      expect(quoted, tlp).toBe(tlp !== 'amber+strict' && tlp !== 'red');
    }
  });

  it('never put a description into the digest', () => {
    const mail = composeDigestEmail(
      { locale: 'fi', timeZone: 'No/Such_Zone' },
      [
        {
          kind: 'mention',
          data: { excerpt: 'SECRET comment' },
          incident: incident('green'),
          createdAt: new Date(),
        },
      ],
      new Date(),
      base,
    );
    expect(mail.text).not.toContain('SECRET');
    expect(mail.subject).toBe('Vaalivahdin päivän kooste: 1 ilmoitus');
  });
});

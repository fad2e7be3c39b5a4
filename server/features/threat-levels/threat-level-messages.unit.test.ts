import { describe, expect, it } from 'vitest';
import { locales } from '../../../shared/contracts/locales.js';
import { composeDigestEmail, composeNotificationEmail } from '../notifications/notification-messages.js';

const base = 'https://vaalivahti.example';
const election = {
  electionId: '5b1c0a4e-3f1d-4c1e-9a51-2b6a8f0c7d11',
  electionSlug: 'parliamentary-2027',
  electionName: { fi: 'Eduskuntavaalit 2027', sv: 'Riksdagsvalet 2027', en: 'Parliamentary elections 2027' },
};

describe('threat-level notification e-mails', () => {
  const cases = [
    { kind: 'threat_level_changed', data: { ...election, domain: 'cyber', level: 4, previousLevel: 3 } },
    { kind: 'threat_level_changed', data: { ...election, domain: 'process', level: 2, previousLevel: null } },
    {
      kind: 'threat_level_proposal_decided',
      data: { ...election, domain: 'physical', level: 5, accepted: false, reason: 'No evidence yet.' },
    },
    {
      kind: 'threat_level_proposal_decided',
      data: { ...election, domain: 'information_influence', level: 3, accepted: true, reason: null },
    },
  ];

  it('say in every language which election, domain and level, and link to the election', () => {
    for (const locale of locales) {
      for (const { kind, data } of cases) {
        const mail = composeNotificationEmail(
          { locale, timeZone: 'Europe/Helsinki' },
          { kind, data, incident: null, createdAt: new Date() },
          base,
        );
        for (const part of [mail.subject, mail.text, mail.html])
          expect(part, `${locale} ${kind}`).not.toMatch(/\bundefined\b|\bnull\b|\$\{|\{\{|\[object/);
        expect(mail.subject).toContain(election.electionName[locale]);
        expect(mail.text).toContain(`${base}/elections/parliamentary-2027`);
        expect(mail.html).toContain(`href="${base}/elections/parliamentary-2027"`);
        expect(mail.text).toContain(`${data.level} (`);
      }
    }
  });

  it('write the level names natively and give the reason of a rejection', () => {
    const fi = composeNotificationEmail(
      { locale: 'fi', timeZone: 'Europe/Helsinki' },
      { kind: cases[0]!.kind, data: cases[0]!.data, incident: null, createdAt: new Date() },
      base,
    );
    expect(fi.text).toContain(
      'Eduskuntavaalit 2027 – kyberturvallisuus: uhkataso on nyt 4 (korkea) (aiemmin 3 (kohonnut)).',
    );
    const sv = composeNotificationEmail(
      { locale: 'sv', timeZone: 'Europe/Helsinki' },
      { kind: cases[2]!.kind, data: cases[2]!.data, incident: null, createdAt: new Date() },
      base,
    );
    expect(sv.subject).toBe('Ditt förslag till hotnivå avslogs: Riksdagsvalet 2027');
    expect(sv.text).toContain('Motivering: No evidence yet.');
  });

  it('appear in the digest with their label', () => {
    const mail = composeDigestEmail(
      { locale: 'en', timeZone: 'Europe/Helsinki' },
      [{ kind: cases[0]!.kind, data: cases[0]!.data, incident: null, createdAt: new Date() }],
      new Date(),
      base,
    );
    expect(mail.text).toContain('Threat level changed: Parliamentary elections 2027 – cyber security');
  });
});

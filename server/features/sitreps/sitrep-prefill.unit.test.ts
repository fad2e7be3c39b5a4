import { describe, expect, it } from 'vitest';
import {
  defaultTitle,
  domainText,
  outlookText,
  threatLevelText,
  type PeriodActivity,
} from './sitrep-prefill.js';

const period = { start: new Date('2027-04-06T06:00:00Z'), end: new Date('2027-04-07T06:00:00Z') };
const activity: PeriodActivity = {
  notable: [
    {
      id: '00000000-0000-4000-8000-000000000001',
      title: 'Palvelunesto *kunnan* sivuille',
      severity: 4,
      status: 'investigating',
      tlp: 'amber',
      domains: ['cyber'],
      isNew: true,
      escalated: true,
      closed: false,
    },
  ],
};

describe('the pre-filled text of a situation report', () => {
  it('summarises a domain in Finnish, Swedish and English, with Helsinki times', () => {
    const text = domainText('cyber', activity, period);
    expect(text.fi).toBe(
      [
        'Tarkastelujakso 6.4.2027 klo 9.00 – 7.4.2027 klo 9.00.',
        '',
        'Katsaukseen sisältyy 1 tapaus tältä osa-alueelta (uusia: 1, eskaloituneita: 1, suljettuja: 0).',
        '',
        '- **Palvelunesto \\*kunnan\\* sivuille** (vakavuus 4/5, tila: selvitettävänä; uusi jaksolla, eskaloitui jaksolla)',
      ].join('\n'),
    );
    expect(text.sv).toContain('Rapportperioden 6.4.2027 kl. 9.00 – 7.4.2027 kl. 9.00.');
    expect(text.sv).toContain(
      '(allvarlighetsgrad 4/5, status: under utredning; ny under perioden, eskalerades under perioden)',
    );
    expect(text.en).toContain('Reporting period 6 Apr 2027, 09:00 – 7 Apr 2027, 09:00.');
    expect(domainText('physical', activity, period).sv).toContain(
      'Rapporten tar inte upp några incidenter inom området.',
    );
  });

  it('lists the threat levels and their changes', () => {
    const text = threatLevelText({
      current: [
        { domain: 'cyber', level: 3, setAt: new Date('2027-04-06T10:00:00Z') },
        { domain: 'physical', level: null, setAt: null },
      ],
      changes: [{ domain: 'cyber', from: 2, to: 3, at: new Date('2027-04-06T10:00:00Z') }],
    });
    expect(text.fi).toContain('- Kyberturvallisuus: 3/5 (kohonnut)');
    expect(text.fi).toContain('- Fyysinen turvallisuus: ei arvioitu');
    expect(text.sv).toContain('- 6.4.2027 kl. 13.00 Cybersäkerhet: 2 → 3/5 (förhöjd)');
    expect(text.en).toContain('Changes in the period:');
  });

  it('lists the phases ahead, or says there are none', () => {
    const phases = [
      {
        key: 'advance_voting_finland',
        name: {
          fi: 'Ennakkoäänestys kotimaassa',
          sv: 'Förhandsröstning i hemlandet',
          en: 'Advance voting in Finland',
        },
        startsOn: '2027-04-07',
        endsOn: '2027-04-13',
        startsAt: new Date('2027-04-06T21:00:00Z'),
        endsAt: new Date('2027-04-13T21:00:00Z'),
        underWay: false,
      },
    ];
    expect(outlookText(phases, 24).fi).toBe(
      'Vaalien aikataulun vaiheet seuraavan vuorokauden aikana:\n\n- 7.4.2027 – 13.4.2027: Ennakkoäänestys kotimaassa',
    );
    expect(outlookText(phases, 168).en).toContain(
      '- 7 April 2027 – 13 April 2027: Advance voting in Finland',
    );
    expect(outlookText([], 168).sv).toBe('Under den kommande veckan finns inga skeden i valets tidtabell.');
  });

  it('titles a report by its template and period', () => {
    const name = {
      fi: 'Päivittäinen tilannekatsaus',
      sv: 'Daglig lägesrapport',
      en: 'Daily situation report',
    };
    expect(defaultTitle(name, 'daily', period)).toEqual({
      fi: 'Päivittäinen tilannekatsaus 7.4.2027',
      sv: 'Daglig lägesrapport 7.4.2027',
      en: 'Daily situation report 7 April 2027',
    });
  });
});

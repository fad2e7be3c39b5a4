import type { VersionContent } from '../../../../shared/contracts/sitreps.js';
import { incidentDomains } from '../../../../shared/contracts/incident-enums.js';
import type { SitrepRenderInput } from './sitrep-labels.js';

/**
 * A realistic, long approved version in Finnish, Swedish and English, for the export tests and the
 * benchmark: `paragraphs` paragraphs per section and `incidents` notable incidents.
 */

const areasFi = [
  'Pohjois-Pohjanmaan vaalipiiri',
  'Vaasan vaalipiiri',
  'Ahvenanmaan maakunta',
  'Helsingin vaalipiiri',
];
const areasSv = ['Åland, Vörå, Närpes', 'Österbottens valkrets', 'Nylands valkrets', 'Ålands valkrets'];

const paragraphFi = (n: number) =>
  `Kappale ${n}: ${areasFi[n % areasFi.length]} – äänestyspaikkojen **häiriöt** jatkuivat, ja _ennakkoäänestyksen_ palvelussa havaittiin hidastelua. Äänestäjät ja vaalitoimitsijat ovat saaneet ohjeet. Yhteistyö kuntien keskusvaalilautakuntien kanssa on sujunut hyvin, eikä tulospalveluun kohdistuneista yrityksistä ole aiheutunut viivettä.`;
const paragraphSv = (n: number) =>
  `Stycke ${n}: ${areasSv[n % areasSv.length]} – **störningarna** vid röstningsställena fortsatte och _förhandsröstningens_ tjänst var långsam. Väljarna och valfunktionärerna har fått anvisningar. Samarbetet med centralvalnämnderna i Vörå och Närpes har fungerat väl, och försöken mot resultattjänsten har inte orsakat förseningar.`;
const paragraphEn = (n: number) =>
  `Paragraph ${n}: disruption at polling stations in ${areasFi[n % areasFi.length]} continued and the **advance voting** service was _slow_. Voters and election officials have been instructed. Co-operation with the municipal central election boards has gone well.`;

const body = (paragraph: (n: number) => string, count: number, heading: string) => {
  const parts: string[] = [];
  for (let n = 1; n <= count; n += 1) {
    if (n % 4 === 1) parts.push(`### ${heading} ${Math.ceil(n / 4)}`);
    parts.push(paragraph(n));
    if (n % 3 === 0)
      parts.push(
        `- ${heading}: Ä Ö Å ä ö å\n- [linkki](https://vaalit.fi/ohjeet) ja \`koodi\`\n  - sisempi kohta`,
      );
  }
  return parts.join('\n\n');
};

export const sampleContent = (options: { paragraphs?: number; incidents?: number } = {}): VersionContent => {
  const paragraphs = options.paragraphs ?? 4;
  const sections = [
    ['key_judgements', null, 'Keskeiset arviot', 'Huvudsakliga bedömningar', 'Key judgements'],
    [
      'information_influence',
      'information_influence',
      'Informaatiovaikuttaminen',
      'Informationspåverkan',
      'Information influence',
    ],
    ['cyber', 'cyber', 'Kyberturvallisuus', 'Cybersäkerhet', 'Cyber security'],
    ['physical', 'physical', 'Fyysinen turvallisuus', 'Fysisk säkerhet', 'Physical security'],
    ['process', 'process', 'Vaalien toimittaminen', 'Valförrättningen', 'Conduct of the election'],
    ['notable_incidents', null, 'Merkittävät tapaukset', 'Betydande incidenter', 'Notable incidents'],
    ['threat_levels', null, 'Uhkatasot', 'Hotnivåer', 'Threat levels'],
    [
      'outlook',
      null,
      'Näkymät seuraavalle vuorokaudelle',
      'Utsikter för det kommande dygnet',
      'Outlook for the next 24 hours',
    ],
    ['recommendations', null, 'Suositellut toimenpiteet', 'Rekommenderade åtgärder', 'Recommended actions'],
  ] as const;
  return {
    title: {
      fi: 'Päivittäinen tilannekatsaus – Pohjois-Pohjanmaan vaalipiiri',
      sv: 'Daglig lägesrapport – Åland, Vörå, Närpes',
      en: 'Daily situation report',
    },
    election: {
      id: '00000000-0000-4000-8000-000000000001',
      name: { fi: 'Eduskuntavaalit 2027', sv: 'Riksdagsvalet 2027', en: 'Parliamentary elections 2027' },
    },
    kind: 'daily',
    templateName: {
      fi: 'Päivittäinen tilannekatsaus',
      sv: 'Daglig lägesrapport',
      en: 'Daily situation report',
    },
    periodStart: '2027-04-17T06:00:00.000Z',
    periodEnd: '2027-04-18T06:00:00.000Z',
    sections: sections.map(([key, domain, fi, sv, en]) => ({
      key,
      domain,
      title: { fi, sv, en },
      body: {
        fi: body(paragraphFi, paragraphs, 'Alaotsikko'),
        sv: body(paragraphSv, paragraphs, 'Underrubrik'),
        en: key === 'recommendations' ? '' : body(paragraphEn, paragraphs, 'Subheading'),
      },
    })),
    incidents: Array.from({ length: options.incidents ?? 5 }, (_, i) => ({
      id: `incident--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      title: `Palvelunestohyökkäys ${i + 1}: ${areasFi[i % areasFi.length]} / ${areasSv[i % areasSv.length]}`,
      status: (['new', 'investigating', 'responding', 'closed'] as const)[i % 4]!,
      severity: 1 + (i % 5),
      tlp: 'amber' as const,
      domains: [incidentDomains[i % 4]!],
      summary: `Äänestyspaikan ajanvarausjärjestelmä ei vastannut ${i + 1} tuntiin; Vörå och Närpes påverkades.`,
      createdAt: '2027-04-17T08:00:00.000Z',
      updatedAt: '2027-04-17T09:00:00.000Z',
    })),
    threatLevels: incidentDomains.map((domain, i) => ({
      domain,
      level: i === 3 ? null : 2 + i,
      name: i === 3 ? null : { fi: 'kohonnut', sv: 'förhöjd', en: 'elevated' },
      setAt: i === 3 ? null : '2027-04-16T12:00:00.000Z',
    })),
    phasesAhead: [],
    recipients: {
      organisations: [
        {
          id: '00000000-0000-4000-8000-000000000010',
          shortName: 'OM',
          name: { fi: 'Oikeusministeriö', sv: 'Justitieministeriet', en: 'Ministry of Justice' },
        },
      ],
      communities: [
        {
          id: '00000000-0000-4000-8000-000000000020',
          name: { fi: 'Vaaliturvallisuusryhmä', sv: 'Valsäkerhetsgruppen', en: 'Election security group' },
        },
      ],
    },
    loweredMarking: null,
  };
};

export const sampleInput = (
  overrides: Partial<SitrepRenderInput> & { paragraphs?: number; incidents?: number } = {},
): SitrepRenderInput => {
  const { paragraphs, incidents, ...rest } = overrides;
  return {
    content: sampleContent({ paragraphs, incidents }),
    tlp: 'amber',
    number: 2,
    approvedAt: '2027-04-18T05:30:00.000Z',
    approvedBy: 'Äijälä Örjan',
    language: 'fi',
    ...rest,
  };
};

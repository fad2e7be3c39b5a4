import type { Tlp } from '../../../../shared/access/tlp.js';
import type { Locale } from '../../../../shared/contracts/locales.js';
import type { LocalisedText, VersionContent } from '../../../../shared/contracts/sitreps.js';
import type { IncidentDomain, IncidentStatus } from '../../../../shared/contracts/incident-enums.js';

/**
 * What the exports of a situation report say around its text, in Finnish, Swedish and English,
 * and the one rule for picking a language: the reader's, else the first other one in which the
 * text was written (the document then says so).
 */

/** One approved version, as every renderer takes it. */
export interface SitrepRenderInput {
  content: VersionContent;
  tlp: Tlp;
  number: number;
  approvedAt: Date | string;
  /** The approver's name. */
  approvedBy: string;
  language: Locale;
  /** Where to look when a text is empty in `language`, in order (default: the other two, fi sv en). */
  fallbackLanguages?: readonly Locale[];
}

export const HELSINKI = 'Europe/Helsinki';

export interface Labels {
  documentKind: string;
  version: string;
  approved: string;
  approvedBy: string;
  election: string;
  period: string;
  kind: string;
  helsinkiTime: string;
  notableIncidents: string;
  noIncidents: string;
  incidentTitle: string;
  incidentStatus: string;
  incidentSeverity: string;
  incidentSummary: string;
  threatLevels: string;
  threatDomain: string;
  threatLevel: string;
  threatSetAt: string;
  notAssessed: string;
  recipients: string;
  recipientOrganisations: string;
  recipientCommunities: string;
  noRecipients: string;
  sanitised: (from: string, to: string, reason: string) => string;
  emptySection: string;
  /** The section is shown in `shown` because it was not written in the reader's language. */
  fallback: (shown: Locale) => string;
  /** The same, for the title and headings of the report. */
  titleFallback: (shown: Locale) => string;
  handling: Record<Tlp, string>;
  status: Record<IncidentStatus, string>;
  severity: Record<1 | 2 | 3 | 4 | 5, string>;
  domain: Record<IncidentDomain, string>;
  threatLevelName: Record<1 | 2 | 3 | 4 | 5, string>;
}

const inLanguage: Record<Locale, Record<Locale, string>> = {
  fi: { fi: 'suomeksi', sv: 'ruotsiksi', en: 'englanniksi' },
  sv: { fi: 'på finska', sv: 'på svenska', en: 'på engelska' },
  en: { fi: 'in Finnish', sv: 'in Swedish', en: 'in English' },
};

export const labels: Record<Locale, Labels> = {
  fi: {
    documentKind: 'Tilannekatsaus',
    version: 'Versio',
    approved: 'Hyväksytty',
    approvedBy: 'Hyväksyjä',
    election: 'Vaali',
    period: 'Tarkastelujakso',
    kind: 'Katsauksen tyyppi',
    helsinkiTime: 'Suomen aikaa',
    notableIncidents: 'Merkittävät tapaukset',
    noIncidents: 'Katsaukseen ei sisälly merkittäviä tapauksia.',
    incidentTitle: 'Tapaus',
    incidentStatus: 'Tila',
    incidentSeverity: 'Vakavuus',
    incidentSummary: 'Tiivistelmä',
    threatLevels: 'Uhkatasot',
    threatDomain: 'Osa-alue',
    threatLevel: 'Uhkataso',
    threatSetAt: 'Arvioitu',
    notAssessed: 'Ei vielä arvioitu',
    recipients: 'Jakelu',
    recipientOrganisations: 'Organisaatiot',
    recipientCommunities: 'Yhteisöt',
    noRecipients: 'Ei vastaanottajia.',
    sanitised: (from, to, reason) =>
      `Tämä on muokattu versio katsauksesta. Merkintä on alennettu tasolta ${from} tasolle ${to} erillisellä päätöksellä. Perustelu: ${reason}`,
    emptySection: 'Osiota ei ole kirjoitettu.',
    fallback: (shown) => `Osiota ei ole kirjoitettu suomeksi, joten se näytetään ${inLanguage.fi[shown]}.`,
    titleFallback: (shown) =>
      `Kaikkia otsikoita ei ole suomeksi; puuttuvat näytetään ${inLanguage.fi[shown]}.`,
    handling: {
      clear: 'Tietoa saa jakaa rajoituksetta.',
      green: 'Tietoa saa jakaa yhteisön sisällä, ei julkisesti.',
      amber: 'Tietoa saa jakaa vain vastaanottajaorganisaation sisällä tiedonsaantitarpeen mukaan.',
      'amber+strict': 'Tietoa saa jakaa vain vastaanottajaorganisaation sisällä tiedonsaantitarpeen mukaan.',
      red: 'Vain nimetyille vastaanottajille. Tietoa ei saa jakaa eteenpäin.',
    },
    status: {
      new: 'Uusi',
      triage: 'Alustava arvio',
      investigating: 'Selvitettävänä',
      responding: 'Toimenpiteissä',
      monitoring: 'Seurannassa',
      closed: 'Suljettu',
    },
    severity: { 1: 'Matala', 2: 'Kohtalainen', 3: 'Merkittävä', 4: 'Korkea', 5: 'Kriittinen' },
    domain: {
      information_influence: 'Informaatiovaikuttaminen',
      cyber: 'Kyberturvallisuus',
      physical: 'Fyysinen turvallisuus',
      process: 'Vaalien toimittaminen ja hallinto',
    },
    threatLevelName: { 1: 'matala', 2: 'kohtalainen', 3: 'kohonnut', 4: 'korkea', 5: 'vakava' },
  },
  sv: {
    documentKind: 'Lägesrapport',
    version: 'Version',
    approved: 'Godkänd',
    approvedBy: 'Godkänd av',
    election: 'Val',
    period: 'Rapportperiod',
    kind: 'Rapporttyp',
    helsinkiTime: 'finsk tid',
    notableIncidents: 'Betydande incidenter',
    noIncidents: 'Rapporten omfattar inga betydande incidenter.',
    incidentTitle: 'Incident',
    incidentStatus: 'Status',
    incidentSeverity: 'Allvarlighetsgrad',
    incidentSummary: 'Sammanfattning',
    threatLevels: 'Hotnivåer',
    threatDomain: 'Område',
    threatLevel: 'Hotnivå',
    threatSetAt: 'Bedömd',
    notAssessed: 'Inte bedömd ännu',
    recipients: 'Distribution',
    recipientOrganisations: 'Organisationer',
    recipientCommunities: 'Gemenskaper',
    noRecipients: 'Inga mottagare.',
    sanitised: (from, to, reason) =>
      `Detta är en bearbetad version av rapporten. Märkningen har genom ett särskilt beslut sänkts från ${from} till ${to}. Motivering: ${reason}`,
    emptySection: 'Avsnittet har inte skrivits.',
    fallback: (shown) => `Avsnittet har inte skrivits på svenska och visas därför ${inLanguage.sv[shown]}.`,
    titleFallback: (shown) =>
      `Alla rubriker finns inte på svenska; de som saknas visas ${inLanguage.sv[shown]}.`,
    handling: {
      clear: 'Informationen får spridas fritt.',
      green: 'Informationen får spridas inom gemenskapen, men inte offentligt.',
      amber: 'Informationen får spridas endast inom den mottagande organisationen, enligt behovsprincipen.',
      'amber+strict':
        'Informationen får spridas endast inom den mottagande organisationen, enligt behovsprincipen.',
      red: 'Endast för namngivna mottagare. Informationen får inte spridas vidare.',
    },
    status: {
      new: 'Ny',
      triage: 'Första bedömning',
      investigating: 'Utreds',
      responding: 'Åtgärder pågår',
      monitoring: 'Bevakas',
      closed: 'Avslutad',
    },
    severity: { 1: 'Låg', 2: 'Måttlig', 3: 'Betydande', 4: 'Hög', 5: 'Kritisk' },
    domain: {
      information_influence: 'Informationspåverkan',
      cyber: 'Cybersäkerhet',
      physical: 'Fysisk säkerhet',
      process: 'Valets genomförande och förvaltning',
    },
    threatLevelName: { 1: 'låg', 2: 'måttlig', 3: 'förhöjd', 4: 'hög', 5: 'allvarlig' },
  },
  en: {
    documentKind: 'Situation report',
    version: 'Version',
    approved: 'Approved',
    approvedBy: 'Approved by',
    election: 'Election',
    period: 'Reporting period',
    kind: 'Report type',
    helsinkiTime: 'Finnish time',
    notableIncidents: 'Notable incidents',
    noIncidents: 'The report includes no notable incidents.',
    incidentTitle: 'Incident',
    incidentStatus: 'Status',
    incidentSeverity: 'Severity',
    incidentSummary: 'Summary',
    threatLevels: 'Threat levels',
    threatDomain: 'Domain',
    threatLevel: 'Threat level',
    threatSetAt: 'Assessed',
    notAssessed: 'Not assessed yet',
    recipients: 'Distribution',
    recipientOrganisations: 'Organisations',
    recipientCommunities: 'Communities',
    noRecipients: 'No recipients.',
    sanitised: (from, to, reason) =>
      `This is a sanitised version of the report. Its marking was lowered from ${from} to ${to} by an explicit decision. Reason: ${reason}`,
    emptySection: 'This section has not been written.',
    fallback: (shown) =>
      `This section has not been written in English, so it is shown ${inLanguage.en[shown]}.`,
    titleFallback: (shown) =>
      `Not every heading exists in English; the missing ones are shown ${inLanguage.en[shown]}.`,
    handling: {
      clear: 'Disclosure is not limited.',
      green: 'Limited disclosure: within the community, not publicly.',
      amber: "Limited disclosure: within the recipient's organisation, on a need-to-know basis.",
      'amber+strict':
        "Limited disclosure: within the recipient's organisation only, on a need-to-know basis.",
      red: 'For the named recipients only. No further disclosure.',
    },
    status: {
      new: 'New',
      triage: 'Triage',
      investigating: 'Investigating',
      responding: 'Responding',
      monitoring: 'Monitoring',
      closed: 'Closed',
    },
    severity: { 1: 'Low', 2: 'Moderate', 3: 'Significant', 4: 'High', 5: 'Critical' },
    domain: {
      information_influence: 'Information influence',
      cyber: 'Cyber security',
      physical: 'Physical security',
      process: 'Election process and administration',
    },
    threatLevelName: { 1: 'low', 2: 'moderate', 3: 'elevated', 4: 'high', 5: 'severe' },
  },
};

const allLocales: readonly Locale[] = ['fi', 'sv', 'en'];

/** A text in the reader's language, or in the first fallback that has it. */
export interface Picked {
  text: string;
  /** The language shown; `null` when the text is empty in every language. */
  shown: Locale | null;
  /** Whether it is not in the reader's language. */
  fellBack: boolean;
}

export const fallbackOrder = (language: Locale, fallbacks?: readonly Locale[]): Locale[] => {
  const order = [language, ...(fallbacks ?? []), ...allLocales];
  return order.filter((l, i) => order.indexOf(l) === i);
};

export const pick = (text: LocalisedText | null | undefined, order: readonly Locale[]): Picked => {
  for (const language of order) {
    const value = text?.[language] ?? '';
    if (value.trim() !== '') return { text: value, shown: language, fellBack: language !== order[0] };
  }
  return { text: '', shown: null, fellBack: false };
};

const dateTimeFormats = new Map<Locale, Intl.DateTimeFormat>();
const dateTimeFormat = (language: Locale): Intl.DateTimeFormat => {
  let format = dateTimeFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat({ fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }[language], {
      timeZone: HELSINKI,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormats.set(language, format);
  }
  return format;
};

/** A moment as a Finnish reader's clock shows it (Europe/Helsinki), in the language's own format. */
export const formatTime = (value: Date | string, language: Locale): string =>
  dateTimeFormat(language).format(typeof value === 'string' ? new Date(value) : value);

export const formatPeriod = (start: Date | string, end: Date | string, language: Locale): string =>
  `${formatTime(start, language)} – ${formatTime(end, language)}`;

export const asSeverity = (value: number): 1 | 2 | 3 | 4 | 5 =>
  Math.min(5, Math.max(1, Math.round(value))) as 1 | 2 | 3 | 4 | 5;

/**
 * Everything around the sections, resolved once for a renderer: the texts in the reader's
 * language (or a fallback), the labels and the formatted times.
 */
export interface Resolved {
  input: SitrepRenderInput;
  language: Locale;
  order: Locale[];
  l: Labels;
  title: string;
  electionName: string;
  templateName: string;
  period: string;
  approvedAt: string;
  /** The languages some heading of the report had to be shown in instead of the reader's. */
  titleFallbacks: Locale[];
}

export const resolve = (input: SitrepRenderInput): Resolved => {
  const order = fallbackOrder(input.language, input.fallbackLanguages);
  const fallbacks = new Set<Locale>();
  const text = (value: LocalisedText | null | undefined) => {
    const picked = pick(value, order);
    if (picked.fellBack && picked.shown) fallbacks.add(picked.shown);
    return picked.text;
  };
  const l = labels[input.language];
  const { content } = input;
  const templateName = text(content.templateName);
  return {
    input,
    language: input.language,
    order,
    l,
    title: text(content.title) || templateName || l.documentKind,
    electionName: text(content.election.name),
    templateName,
    period: formatPeriod(content.periodStart, content.periodEnd, input.language),
    approvedAt: formatTime(input.approvedAt, input.language),
    titleFallbacks: [...fallbacks],
  };
};

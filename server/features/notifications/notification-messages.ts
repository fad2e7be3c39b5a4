import type { Tlp } from '../../../shared/access/tlp.js';
import type { Locale } from '../../../shared/contracts/common.js';
import { toIncidentId } from '../../../shared/contracts/incident-enums.js';
import { threatLevelVars, type ThreatLevelVars } from '../threat-levels/threat-level-messages.js';

/** The incident as the recipient may see it at send time. */
export interface EmailIncident {
  id: string;
  title: string;
  tlp: Tlp;
  severity: number;
  description: string;
}

export interface EmailItem {
  kind: string;
  data: Record<string, unknown>;
  incident: EmailIncident | null;
  createdAt: Date;
}

export interface Recipient {
  locale: Locale;
  timeZone: string;
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

type Vars = { from: string; to: string } & ThreatLevelVars & SitrepVars;

/** A distributed situation report: its title in the recipient's language and its marking. */
interface SitrepVars {
  report: string;
  marking: string;
  version: number;
}

interface Texts {
  subject: Record<string, (title: string, v: Vars) => string>;
  lead: Record<string, (v: Vars) => string>;
  label: Record<string, (v: Vars) => string>;
  severity: (n: number) => string;
  open: string;
  openElection: string;
  openReport: string;
  footer: string;
  digestSubject: (count: number) => string;
  digestIntro: (since: string) => string;
  dateLocale: string;
}

const texts: Record<Locale, Texts> = {
  fi: {
    subject: {
      incident_created: (t) => `Uusi tapaus: ${t}`,
      incident_escalated: (t, v) => `Vakavuus nostettu tasolle ${v.to}: ${t}`,
      lead_assigned: (t) => `Organisaatiosi vastuulle: ${t}`,
      mention: (t) => `Sinut mainittiin: ${t}`,
      threat_level_changed: (_t, v) => `Uhkataso muuttui: ${v.election} – ${v.domain}`,
      threat_level_proposal_decided: (_t, v) =>
        v.accepted
          ? `Uhkatasoehdotuksesi hyväksyttiin: ${v.election}`
          : `Uhkatasoehdotuksesi hylättiin: ${v.election}`,
      sitrep_distributed: (_t, v) => `Uusi tilannekatsaus: ${v.report}`,
      other: (t) => `Uusi ilmoitus: ${t}`,
    },
    lead: {
      incident_created: () => 'Tilaustasi vastaava uusi tapaus on kirjattu.',
      incident_escalated: (v) =>
        `Tilaustasi vastaavan tapauksen vakavuus nostettiin tasolta ${v.from} tasolle ${v.to}.`,
      lead_assigned: () => 'Organisaatiosi on nimetty tapauksen johtavaksi viranomaiseksi.',
      mention: () => 'Sinut mainittiin tapauksen kommentissa.',
      threat_level_changed: (v) =>
        v.previous
          ? `${v.election} – ${v.domain}: uhkataso on nyt ${v.level} (aiemmin ${v.previous}).`
          : `${v.election} – ${v.domain}: uhkataso on arvioitu ensimmäistä kertaa: ${v.level}.`,
      threat_level_proposal_decided: (v) =>
        v.accepted
          ? `Ehdotuksesi (${v.election} – ${v.domain}: ${v.level}) hyväksyttiin, ja uhkataso on asetettu sen mukaiseksi.${v.reason ? ` Perustelu: ${v.reason}` : ''}`
          : `Ehdotuksesi (${v.election} – ${v.domain}: ${v.level}) hylättiin. Perustelu: ${v.reason}`,
      sitrep_distributed: (v) =>
        v.version > 1
          ? `Sinulle on jaettu tilannekatsauksen ”${v.report}” korjattu versio ${v.version} (TLP:${v.marking}).`
          : `Sinulle on jaettu tilannekatsaus ”${v.report}” (TLP:${v.marking}).`,
      other: () => 'Sinulle on uusi ilmoitus.',
    },
    label: {
      incident_created: () => 'Uusi tapaus',
      incident_escalated: (v) => `Vakavuus nostettu ${v.from} → ${v.to}`,
      lead_assigned: () => 'Organisaatiosi vastuulle',
      mention: () => 'Sinut mainittiin',
      threat_level_changed: (v) => `Uhkataso muuttui: ${v.election} – ${v.domain}`,
      threat_level_proposal_decided: (v) =>
        v.accepted
          ? `Uhkatasoehdotuksesi hyväksyttiin: ${v.election}`
          : `Uhkatasoehdotuksesi hylättiin: ${v.election}`,
      sitrep_distributed: (v) => `Uusi tilannekatsaus: ${v.report}`,
      other: () => 'Ilmoitus',
    },
    severity: (n) => `Vakavuus ${n}/5`,
    open: 'Avaa tapaus',
    openElection: 'Avaa vaalin sivu',
    openReport: 'Avaa tilannekatsaus',
    footer: 'Saat tämän viestin ilmoitusasetustesi perusteella. Muuta asetuksia',
    digestSubject: (n) => `Vaalivahdin päivän kooste: ${n} ${n === 1 ? 'ilmoitus' : 'ilmoitusta'}`,
    digestIntro: (since) => `Tässä on, mitä on tapahtunut ${since} jälkeen:`,
    dateLocale: 'fi-FI',
  },
  sv: {
    subject: {
      incident_created: (t) => `Ny incident: ${t}`,
      incident_escalated: (t, v) => `Allvarlighetsgraden höjd till ${v.to}: ${t}`,
      lead_assigned: (t) => `Din organisation har ansvaret: ${t}`,
      mention: (t) => `Du nämndes: ${t}`,
      threat_level_changed: (_t, v) => `Hotnivån har ändrats: ${v.election} – ${v.domain}`,
      threat_level_proposal_decided: (_t, v) =>
        v.accepted
          ? `Ditt förslag till hotnivå godkändes: ${v.election}`
          : `Ditt förslag till hotnivå avslogs: ${v.election}`,
      sitrep_distributed: (_t, v) => `Ny lägesrapport: ${v.report}`,
      other: (t) => `Ny avisering: ${t}`,
    },
    lead: {
      incident_created: () => 'En ny incident som motsvarar din bevakning har registrerats.',
      incident_escalated: (v) =>
        `Allvarlighetsgraden för en incident som motsvarar din bevakning har höjts från ${v.from} till ${v.to}.`,
      lead_assigned: () => 'Din organisation har utsetts till ledande myndighet för en incident.',
      mention: () => 'Du nämndes i en kommentar till en incident.',
      threat_level_changed: (v) =>
        v.previous
          ? `${v.election} – ${v.domain}: hotnivån är nu ${v.level} (tidigare ${v.previous}).`
          : `${v.election} – ${v.domain}: hotnivån har bedömts för första gången: ${v.level}.`,
      threat_level_proposal_decided: (v) =>
        v.accepted
          ? `Ditt förslag (${v.election} – ${v.domain}: ${v.level}) godkändes och hotnivån har fastställts enligt det.${v.reason ? ` Motivering: ${v.reason}` : ''}`
          : `Ditt förslag (${v.election} – ${v.domain}: ${v.level}) avslogs. Motivering: ${v.reason}`,
      sitrep_distributed: (v) =>
        v.version > 1
          ? `En rättad version ${v.version} av lägesrapporten ”${v.report}” har delats med dig (TLP:${v.marking}).`
          : `Lägesrapporten ”${v.report}” har delats med dig (TLP:${v.marking}).`,
      other: () => 'Du har en ny avisering.',
    },
    label: {
      incident_created: () => 'Ny incident',
      incident_escalated: (v) => `Allvarlighetsgraden höjd ${v.from} → ${v.to}`,
      lead_assigned: () => 'Din organisation har ansvaret',
      mention: () => 'Du nämndes',
      threat_level_changed: (v) => `Hotnivån har ändrats: ${v.election} – ${v.domain}`,
      threat_level_proposal_decided: (v) =>
        v.accepted
          ? `Ditt förslag till hotnivå godkändes: ${v.election}`
          : `Ditt förslag till hotnivå avslogs: ${v.election}`,
      sitrep_distributed: (v) => `Ny lägesrapport: ${v.report}`,
      other: () => 'Avisering',
    },
    severity: (n) => `Allvarlighetsgrad ${n}/5`,
    open: 'Öppna incidenten',
    openElection: 'Öppna valets sida',
    openReport: 'Öppna lägesrapporten',
    footer: 'Du får det här meddelandet på grund av dina aviseringsinställningar. Ändra inställningarna',
    digestSubject: (n) => `Vaalivahtis dagliga sammanfattning: ${n} ${n === 1 ? 'avisering' : 'aviseringar'}`,
    digestIntro: (since) => `Det här har hänt sedan ${since}:`,
    dateLocale: 'sv-FI',
  },
  en: {
    subject: {
      incident_created: (t) => `New incident: ${t}`,
      incident_escalated: (t, v) => `Severity raised to ${v.to}: ${t}`,
      lead_assigned: (t) => `Your organisation is responsible: ${t}`,
      mention: (t) => `You were mentioned: ${t}`,
      threat_level_changed: (_t, v) => `Threat level changed: ${v.election} – ${v.domain}`,
      threat_level_proposal_decided: (_t, v) =>
        v.accepted
          ? `Your threat level proposal was accepted: ${v.election}`
          : `Your threat level proposal was rejected: ${v.election}`,
      sitrep_distributed: (_t, v) => `New situation report: ${v.report}`,
      other: (t) => `New notification: ${t}`,
    },
    lead: {
      incident_created: () => 'A new incident matching your subscription has been recorded.',
      incident_escalated: (v) =>
        `The severity of an incident matching your subscription was raised from ${v.from} to ${v.to}.`,
      lead_assigned: () => 'Your organisation has been made the lead authority for an incident.',
      mention: () => 'You were mentioned in a comment on an incident.',
      threat_level_changed: (v) =>
        v.previous
          ? `${v.election} – ${v.domain}: the threat level is now ${v.level} (previously ${v.previous}).`
          : `${v.election} – ${v.domain}: the threat level has been assessed for the first time: ${v.level}.`,
      threat_level_proposal_decided: (v) =>
        v.accepted
          ? `Your proposal (${v.election} – ${v.domain}: ${v.level}) was accepted and the threat level has been set accordingly.${v.reason ? ` Reason: ${v.reason}` : ''}`
          : `Your proposal (${v.election} – ${v.domain}: ${v.level}) was rejected. Reason: ${v.reason}`,
      sitrep_distributed: (v) =>
        v.version > 1
          ? `Corrected version ${v.version} of the situation report “${v.report}” has been shared with you (TLP:${v.marking}).`
          : `The situation report “${v.report}” has been shared with you (TLP:${v.marking}).`,
      other: () => 'You have a new notification.',
    },
    label: {
      incident_created: () => 'New incident',
      incident_escalated: (v) => `Severity raised ${v.from} → ${v.to}`,
      lead_assigned: () => 'Your organisation is responsible',
      mention: () => 'You were mentioned',
      threat_level_changed: (v) => `Threat level changed: ${v.election} – ${v.domain}`,
      threat_level_proposal_decided: (v) =>
        v.accepted
          ? `Your threat level proposal was accepted: ${v.election}`
          : `Your threat level proposal was rejected: ${v.election}`,
      sitrep_distributed: (v) => `New situation report: ${v.report}`,
      other: () => 'Notification',
    },
    severity: (n) => `Severity ${n}/5`,
    open: 'Open the incident',
    openElection: "Open the election's page",
    openReport: 'Open the situation report',
    footer: 'You receive this message because of your notification settings. Change them',
    digestSubject: (n) => `Vaalivahti daily digest: ${n} ${n === 1 ? 'notification' : 'notifications'}`,
    digestIntro: (since) => `Here is what happened since ${since}:`,
    dateLocale: 'en-GB',
  },
};

const known = (kind: string) =>
  kind === 'incident_created' ||
  kind === 'incident_escalated' ||
  kind === 'lead_assigned' ||
  kind === 'mention' ||
  kind === 'threat_level_changed' ||
  kind === 'threat_level_proposal_decided' ||
  kind === 'sitrep_distributed'
    ? kind
    : 'other';

const sitrepVars = (data: Record<string, unknown>, locale: Locale): SitrepVars => {
  const title = (data.title ?? {}) as Partial<Record<Locale, unknown>>;
  const report = [locale, 'fi', 'sv', 'en']
    .map((l) => title[l as Locale])
    .find((t): t is string => typeof t === 'string' && t.trim().length > 0);
  return {
    report: (report ?? '').replace(/[\r\n\t]+/g, ' ').trim(),
    marking: typeof data.tlp === 'string' ? data.tlp.toUpperCase() : '',
    version: typeof data.versionNumber === 'number' ? data.versionNumber : 1,
  };
};

const varsOf = (data: Record<string, unknown>, locale: Locale): Vars => ({
  from: String(data.fromSeverity ?? ''),
  to: String(data.toSeverity ?? ''),
  ...threatLevelVars(data, locale),
  ...sitrepVars(data, locale),
});

/** Amber+strict and red content never leaves in an e-mail beyond its title and link. */
const mayQuote = (incident: EmailIncident): boolean =>
  incident.tlp !== 'amber+strict' && incident.tlp !== 'red';

const oneLine = (text: string): string => text.replace(/[\r\n\t]+/g, ' ').trim();

const excerptOf = (text: string, max = 400): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** What may be quoted: the comment for a mention, otherwise the description; nothing when strict. */
const quoteFor = (item: EmailItem): string => {
  if (!item.incident || !mayQuote(item.incident)) return '';
  const source =
    item.kind === 'mention' && typeof item.data.excerpt === 'string'
      ? item.data.excerpt
      : item.incident.description;
  return excerptOf(source);
};

export const incidentUrl = (baseUrl: string, incidentUuid: string): string =>
  `${baseUrl}/incidents/${toIncidentId(incidentUuid)}`;
export const settingsUrl = (baseUrl: string): string => `${baseUrl}/notifications/settings`;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The report of a `sitrep_distributed` notification. */
export const sitrepUrl = (baseUrl: string, sitrepId: string): string => `${baseUrl}/reports/${sitrepId}`;
const reportLink = (data: Record<string, unknown>, baseUrl: string): string | undefined =>
  typeof data.sitrepId === 'string' && uuidPattern.test(data.sitrepId)
    ? sitrepUrl(baseUrl, data.sitrepId)
    : undefined;
const electionLink = (data: Record<string, unknown>, baseUrl: string): string | undefined =>
  typeof data.electionSlug === 'string' && /^[a-z][a-z0-9-]{2,79}$/.test(data.electionSlug)
    ? `${baseUrl}/elections/${data.electionSlug}`
    : undefined;

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const htmlPage = (locale: Locale, body: string): string =>
  `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"></head>` +
  `<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 40em">${body}</body></html>`;

const formatTime = (date: Date, recipient: Recipient): string => {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(texts[recipient.locale].dateLocale, {
      ...options,
      timeZone: recipient.timeZone,
    }).format(date);
  } catch {
    return new Intl.DateTimeFormat(texts[recipient.locale].dateLocale, {
      ...options,
      timeZone: 'Europe/Helsinki',
    }).format(date);
  }
};

/** One notification; the caller has checked that the recipient may see the incident now. */
export const composeNotificationEmail = (
  recipient: Recipient,
  item: EmailItem,
  baseUrl: string,
): ComposedEmail => {
  const t = texts[recipient.locale];
  const kind = known(item.kind);
  const vars = varsOf(item.data, recipient.locale);
  const lead = t.lead[kind]!(vars);
  const footer = `${t.footer}: ${settingsUrl(baseUrl)}`;
  if (!item.incident) {
    const report = kind === 'sitrep_distributed' ? reportLink(item.data, baseUrl) : undefined;
    const election = report ?? electionLink(item.data, baseUrl);
    const open = report ? t.openReport : t.openElection;
    return {
      subject: oneLine(t.label[kind]!(vars)),
      text: `${lead}\n\n${election ? `${open}: ${election}\n\n` : ''}-- \nVaalivahti\n${footer}\n`,
      html: htmlPage(
        recipient.locale,
        `<p>${escapeHtml(lead)}</p>` +
          (election ? `<p><a href="${escapeHtml(election)}">${escapeHtml(open)}</a></p>` : '') +
          `<hr><p style="font-size: 0.9em">${escapeHtml(t.footer)}: <a href="${escapeHtml(settingsUrl(baseUrl))}">${escapeHtml(settingsUrl(baseUrl))}</a></p>`,
      ),
    };
  }
  const { incident } = item;
  const title = oneLine(incident.title);
  const link = incidentUrl(baseUrl, incident.id);
  const facts = `${t.severity(incident.severity)} · TLP:${incident.tlp.toUpperCase()}`;
  const quote = quoteFor(item);
  const text = [
    lead,
    '',
    title,
    facts,
    ...(quote ? ['', quote] : []),
    '',
    `${t.open}: ${link}`,
    '',
    '-- ',
    'Vaalivahti',
    footer,
    '',
  ].join('\n');
  const html = htmlPage(
    recipient.locale,
    `<p>${escapeHtml(lead)}</p>` +
      `<h1 style="font-size: 1.25em">${escapeHtml(title)}</h1>` +
      `<p>${escapeHtml(facts)}</p>` +
      (quote
        ? `<blockquote style="margin-left: 0; padding-left: 1em; border-left: 3px solid #ccc">${escapeHtml(quote)}</blockquote>`
        : '') +
      `<p><a href="${escapeHtml(link)}">${escapeHtml(t.open)}</a></p>` +
      `<hr><p style="font-size: 0.9em">Vaalivahti. ${escapeHtml(t.footer)}: <a href="${escapeHtml(settingsUrl(baseUrl))}">${escapeHtml(settingsUrl(baseUrl))}</a></p>`,
  );
  return { subject: oneLine(t.subject[kind]!(title, vars)), text, html };
};

/** The morning summary: titles and links only, whatever the marking. */
export const composeDigestEmail = (
  recipient: Recipient,
  items: readonly EmailItem[],
  since: Date,
  baseUrl: string,
): ComposedEmail => {
  const t = texts[recipient.locale];
  const intro = t.digestIntro(formatTime(since, recipient));
  const lines = items.map((item) => {
    const kind = known(item.kind);
    const label = t.label[kind]!(varsOf(item.data, recipient.locale));
    const when = formatTime(item.createdAt, recipient);
    return item.incident
      ? { label, when, title: oneLine(item.incident.title), link: incidentUrl(baseUrl, item.incident.id) }
      : { label, when, title: '', link: '' };
  });
  const footer = `${t.footer}: ${settingsUrl(baseUrl)}`;
  const text = [
    intro,
    '',
    ...lines.flatMap((l) => [
      `- ${l.when} ${l.label}${l.title ? `: ${l.title}` : ''}`,
      ...(l.link ? [`  ${l.link}`] : []),
    ]),
    '',
    '-- ',
    'Vaalivahti',
    footer,
    '',
  ].join('\n');
  const html = htmlPage(
    recipient.locale,
    `<p>${escapeHtml(intro)}</p><ul>` +
      lines
        .map(
          (l) =>
            `<li>${escapeHtml(l.when)} ${escapeHtml(l.label)}${
              l.title ? `: <a href="${escapeHtml(l.link)}">${escapeHtml(l.title)}</a>` : ''
            }</li>`,
        )
        .join('') +
      `</ul><hr><p style="font-size: 0.9em">Vaalivahti. ${escapeHtml(t.footer)}: <a href="${escapeHtml(settingsUrl(baseUrl))}">${escapeHtml(settingsUrl(baseUrl))}</a></p>`,
  );
  return { subject: t.digestSubject(items.length), text, html };
};

import type { Tlp } from '../../../shared/access/tlp.js';
import type { Locale } from '../../../shared/contracts/common.js';
import { toIncidentId } from '../../../shared/contracts/incident-enums.js';

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

type Vars = { from: string; to: string };

interface Texts {
  subject: Record<string, (title: string, v: Vars) => string>;
  lead: Record<string, (v: Vars) => string>;
  label: Record<string, (v: Vars) => string>;
  severity: (n: number) => string;
  open: string;
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
      other: (t) => `Uusi ilmoitus: ${t}`,
    },
    lead: {
      incident_created: () => 'Tilaustasi vastaava uusi tapaus on kirjattu.',
      incident_escalated: (v) =>
        `Tilaustasi vastaavan tapauksen vakavuus nostettiin tasolta ${v.from} tasolle ${v.to}.`,
      lead_assigned: () => 'Organisaatiosi on nimetty tapauksen johtavaksi viranomaiseksi.',
      mention: () => 'Sinut mainittiin tapauksen kommentissa.',
      other: () => 'Sinulle on uusi ilmoitus.',
    },
    label: {
      incident_created: () => 'Uusi tapaus',
      incident_escalated: (v) => `Vakavuus nostettu ${v.from} → ${v.to}`,
      lead_assigned: () => 'Organisaatiosi vastuulle',
      mention: () => 'Sinut mainittiin',
      other: () => 'Ilmoitus',
    },
    severity: (n) => `Vakavuus ${n}/5`,
    open: 'Avaa tapaus',
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
      other: (t) => `Ny avisering: ${t}`,
    },
    lead: {
      incident_created: () => 'En ny incident som motsvarar din bevakning har registrerats.',
      incident_escalated: (v) =>
        `Allvarlighetsgraden för en incident som motsvarar din bevakning har höjts från ${v.from} till ${v.to}.`,
      lead_assigned: () => 'Din organisation har utsetts till ledande myndighet för en incident.',
      mention: () => 'Du nämndes i en kommentar till en incident.',
      other: () => 'Du har en ny avisering.',
    },
    label: {
      incident_created: () => 'Ny incident',
      incident_escalated: (v) => `Allvarlighetsgraden höjd ${v.from} → ${v.to}`,
      lead_assigned: () => 'Din organisation har ansvaret',
      mention: () => 'Du nämndes',
      other: () => 'Avisering',
    },
    severity: (n) => `Allvarlighetsgrad ${n}/5`,
    open: 'Öppna incidenten',
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
      other: (t) => `New notification: ${t}`,
    },
    lead: {
      incident_created: () => 'A new incident matching your subscription has been recorded.',
      incident_escalated: (v) =>
        `The severity of an incident matching your subscription was raised from ${v.from} to ${v.to}.`,
      lead_assigned: () => 'Your organisation has been made the lead authority for an incident.',
      mention: () => 'You were mentioned in a comment on an incident.',
      other: () => 'You have a new notification.',
    },
    label: {
      incident_created: () => 'New incident',
      incident_escalated: (v) => `Severity raised ${v.from} → ${v.to}`,
      lead_assigned: () => 'Your organisation is responsible',
      mention: () => 'You were mentioned',
      other: () => 'Notification',
    },
    severity: (n) => `Severity ${n}/5`,
    open: 'Open the incident',
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
  kind === 'mention'
    ? kind
    : 'other';

const varsOf = (data: Record<string, unknown>): Vars => ({
  from: String(data.fromSeverity ?? ''),
  to: String(data.toSeverity ?? ''),
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
  const vars = varsOf(item.data);
  const lead = t.lead[kind]!(vars);
  const footer = `${t.footer}: ${settingsUrl(baseUrl)}`;
  if (!item.incident) {
    return {
      subject: oneLine(t.label[kind]!(vars)),
      text: `${lead}\n\n-- \nVaalivahti\n${footer}\n`,
      html: htmlPage(
        recipient.locale,
        `<p>${escapeHtml(lead)}</p><hr><p style="font-size: 0.9em">${escapeHtml(t.footer)}: <a href="${escapeHtml(settingsUrl(baseUrl))}">${escapeHtml(settingsUrl(baseUrl))}</a></p>`,
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
    const label = t.label[kind]!(varsOf(item.data));
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

import { isThreatLevel } from '../../../../shared/threat-levels.js';
import { markdownText, sanitisedTree, treeToMarkdown } from './markdown-tree.js';
import {
  asSeverity,
  formatTime,
  pick,
  resolve,
  type Resolved,
  type SitrepRenderInput,
} from './sitrep-labels.js';
import { tlpLabel } from './tlp-colours.js';

/**
 * A situation report version as a Markdown file: the TLP label first and last, the report's own
 * Markdown (raw HTML in it turned into text), the incidents and threat levels as tables.
 */

const cell = (text: string): string =>
  markdownText(text.replace(/\s*\n\s*/g, ' ')).replace(/\|/g, '\\|') || ' ';

const table = (header: string[], rows: string[][]): string =>
  [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');

const incidents = (r: Resolved): string => {
  const { l, input } = r;
  if (input.content.incidents.length === 0) return `_${markdownText(l.noIncidents)}_`;
  return table(
    [l.incidentTitle, l.incidentStatus, l.incidentSeverity, l.incidentSummary],
    input.content.incidents.map((i) => [
      i.title,
      l.status[i.status] ?? i.status,
      `${i.severity} – ${l.severity[asSeverity(i.severity)]}`,
      i.summary,
    ]),
  );
};

const threats = (r: Resolved): string =>
  table(
    [r.l.threatDomain, r.l.threatLevel, r.l.threatSetAt],
    r.input.content.threatLevels.map((t) => [
      r.l.domain[t.domain] ?? t.domain,
      t.level === null
        ? r.l.notAssessed
        : `${t.level} – ${pick(t.name, r.order).text || (isThreatLevel(t.level) ? r.l.threatLevelName[t.level] : '')}`,
      t.setAt ? formatTime(t.setAt, r.language) : '–',
    ]),
  );

export const renderSitrepMarkdown = (input: SitrepRenderInput): string => {
  const r = resolve(input);
  const {
    l,
    input: { content },
  } = r;
  const label = `**${tlpLabel(input.tlp)}**`;
  const out: string[] = [label, `# ${markdownText(r.title)}`];
  out.push(
    [
      `- **${l.election}:** ${markdownText(r.electionName)}`,
      `- **${l.kind}:** ${markdownText(r.templateName)}`,
      `- **${l.period}:** ${r.period} (${l.helsinkiTime})`,
      `- **${l.version}:** ${input.number}`,
      `- **${l.approved}:** ${r.approvedAt} (${l.helsinkiTime}), ${markdownText(input.approvedBy)}`,
    ].join('\n'),
  );
  out.push(`_${markdownText(l.handling[input.tlp])}_`);
  if (content.loweredMarking) {
    const lm = content.loweredMarking;
    out.push(`_${markdownText(l.sanitised(tlpLabel(lm.from), tlpLabel(lm.to), lm.reason))}_`);
  }
  for (const shown of r.titleFallbacks) out.push(`_${markdownText(l.titleFallback(shown))}_`);

  let incidentsShown = false;
  let threatsShown = false;
  for (const section of content.sections) {
    out.push(`## ${markdownText(pick(section.title, r.order).text || section.key)}`);
    const text = pick(section.body, r.order);
    if (text.fellBack && text.shown) out.push(`_${markdownText(l.fallback(text.shown))}_`);
    if (text.shown === null) {
      if (section.key !== 'notable_incidents' && section.key !== 'threat_levels') {
        out.push(`_${markdownText(l.emptySection)}_`);
      }
    } else {
      const body = treeToMarkdown(sanitisedTree(text.text, 2));
      if (body) out.push(body);
    }
    if (section.key === 'notable_incidents') {
      out.push(incidents(r));
      incidentsShown = true;
    }
    if (section.key === 'threat_levels' && content.threatLevels.length > 0) {
      out.push(threats(r));
      threatsShown = true;
    }
  }
  if (!incidentsShown) out.push(`## ${l.notableIncidents}`, incidents(r));
  if (!threatsShown && content.threatLevels.length > 0) out.push(`## ${l.threatLevels}`, threats(r));

  out.push(`## ${l.recipients}`);
  const { organisations, communities } = content.recipients;
  if (organisations.length === 0 && communities.length === 0) out.push(l.noRecipients);
  if (organisations.length > 0) {
    out.push(
      `**${l.recipientOrganisations}**\n\n${organisations
        .map((o) => {
          const name = pick(o.name, r.order).text;
          return `- ${markdownText(name && name !== o.shortName ? `${o.shortName} – ${name}` : o.shortName)}`;
        })
        .join('\n')}`,
    );
  }
  if (communities.length > 0) {
    out.push(
      `**${l.recipientCommunities}**\n\n${communities.map((c) => `- ${markdownText(pick(c.name, r.order).text)}`).join('\n')}`,
    );
  }
  out.push(`---\n\n${label}`);
  return `${out.join('\n\n')}\n`;
};

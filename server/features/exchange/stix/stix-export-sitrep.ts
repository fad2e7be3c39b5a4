import type { Tlp } from '../../../../shared/access/tlp.js';
import type { RedactableField } from '../../../../shared/contracts/exchange.js';
import { toIncidentId } from '../../../../shared/contracts/incident-enums.js';
import type { VersionContent } from '../../../../shared/contracts/sitreps.js';
import { languageContent } from './stix-export-identities.js';
import { tlp2MarkingId } from './stix-markings.js';
import { stixTime, type StixObject } from './stix-types.js';
import { vaalivahtiExtensionId, vaalivahtiProperties } from './vaalivahti-extension.js';

/**
 * An approved version of a situation report as a STIX `report`: every version of a report is a
 * version of the same object (`report--<sitrep uuid>`, modified = approval time). The text is in one
 * language (English when the version has it) with `language-content` for the others; the sections,
 * threat levels and included incidents are also in our extension, structured and in every language.
 */

export interface SitrepExportInput {
  sitrepId: string;
  sitrepCreatedAt: Date;
  number: number;
  tlp: Tlp;
  languages: string[];
  content: VersionContent;
  approvedAt: Date;
  distributedAt: Date | null;
  /** Who speaks for the report: the drafting organisation's identity, or the instance's. */
  createdByRef: string;
  fields: readonly RedactableField[];
}

type Lang = 'fi' | 'sv' | 'en';
const langs: readonly Lang[] = ['en', 'fi', 'sv'];

export const primaryLanguageOf = (languages: readonly string[]): Lang =>
  langs.find((l) => languages.includes(l)) ?? 'fi';

const sectionsMarkdown = (content: VersionContent, lang: Lang): string =>
  content.sections
    .filter((s) => s.body[lang].trim() !== '')
    .map((s) => `## ${s.title[lang] || s.key}\n\n${s.body[lang].trim()}`)
    .join('\n\n');

export const sitrepReportId = (sitrepId: string): string => `report--${sitrepId}`;

export const buildSitrepObjects = (input: SitrepExportInput): StixObject[] => {
  const { content } = input;
  const redactText = input.fields.includes('description');
  const primary = primaryLanguageOf(input.languages);
  const nameIn = (lang: Lang) => content.title[lang] || content.templateName[lang];
  const incidentRefs = content.incidents.map((i) => i.id);
  const textIn = (lang: Lang) => {
    const description = redactText ? '' : sectionsMarkdown(content, lang);
    return { name: nameIn(lang), ...(description ? { description } : {}) };
  };
  const granular = content.incidents.flatMap((incident, index) =>
    incident.tlp === input.tlp
      ? []
      : [
          {
            marking_ref: tlp2MarkingId(incident.tlp),
            selectors: [`extensions.${vaalivahtiExtensionId}.incidents.[${index}]`],
          },
        ],
  );
  const report: StixObject = {
    type: 'report',
    spec_version: '2.1',
    id: sitrepReportId(input.sitrepId),
    created: stixTime(input.sitrepCreatedAt),
    modified: stixTime(input.approvedAt),
    created_by_ref: input.createdByRef,
    ...textIn(primary),
    report_types: ['threat-report', 'incident'],
    published: stixTime(input.distributedAt ?? input.approvedAt),
    object_refs: incidentRefs.length > 0 ? incidentRefs : [input.createdByRef],
    lang: primary,
    object_marking_refs: [tlp2MarkingId(input.tlp)],
    ...(granular.length > 0 ? { granular_markings: granular } : {}),
    extensions: vaalivahtiProperties({
      sitrep_id: input.sitrepId,
      version_number: input.number,
      sitrep_kind: content.kind,
      template_name: content.templateName,
      title: content.title,
      election: content.election,
      period_start: stixTime(content.periodStart),
      period_end: stixTime(content.periodEnd),
      languages: input.languages,
      sections: content.sections.map((s) => ({
        key: s.key,
        domain: s.domain,
        title: s.title,
        ...(redactText ? {} : { body: s.body }),
      })),
      incidents: content.incidents.map((i) => ({
        incident_ref: i.id.startsWith('incident--') ? i.id : toIncidentId(i.id),
        title: i.title,
        ...(redactText ? {} : { summary: i.summary }),
        status: i.status,
        severity: i.severity,
        tlp: i.tlp,
        domains: i.domains,
      })),
      threat_levels: content.threatLevels.map((t) => ({
        domain: t.domain,
        level: t.level,
        name: t.name,
        set_at: t.setAt ? stixTime(t.setAt) : null,
      })),
      phases_ahead: content.phasesAhead.map((p) => ({
        key: p.key,
        name: p.name,
        starts_at: stixTime(p.startsAt),
        ends_at: stixTime(p.endsAt),
      })),
    }),
  };
  const translations = Object.fromEntries(
    langs
      .filter((l) => l !== primary && input.languages.includes(l))
      .map((l) => [l, textIn(l)] as const)
      .filter(([, text]) => text.name !== '' || 'description' in text),
  );
  return Object.keys(translations).length > 0 ? [report, languageContent(report, translations)] : [report];
};

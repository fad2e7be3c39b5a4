import type { Locale } from '../../../../shared/contracts/locales.js';
import { versionContentSchema } from '../../../../shared/contracts/sitreps.js';
import { auditRedRead, shareableOf } from '../../../access/record-access.js';
import type { ServiceContext } from '../../../context.js';
import { loadReadableVersion } from '../sitrep-access.js';
import { readingLanguage } from '../sitrep-versions.js';
import { renderSitrepHtml } from './sitrep-html.js';
import { fallbackOrder, pick, type SitrepRenderInput } from './sitrep-labels.js';
import { renderSitrepMarkdown } from './sitrep-markdown.js';
import { renderSitrepPdf } from './sitrep-pdf.js';

/**
 * Exports of an approved version of a situation report: whoever may read the version (its
 * drafters, or its recipients once distributed — sitrep-access.ts) downloads it as PDF, Markdown
 * or HTML in their language. A read of a red version is audited.
 */

export type ExportFormat = 'pdf' | 'md' | 'html';

export const exportContentTypes: Record<ExportFormat, string> = {
  pdf: 'application/pdf',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export interface SitrepExport {
  body: Buffer | string;
  contentType: string;
  filename: string;
  language: Locale;
  number: number;
}

/** An ASCII file name from a title: "Päivittäinen tilannekatsaus" → "paivittainen-tilannekatsaus". */
export const slugOf = (title: string): string =>
  title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 80)
    .replace(/^-+|-+$/g, '');

/** Reads the version (and audits a red one) in one transaction; renders after it. */
export const loadExportInput = async (
  ctx: ServiceContext,
  sitrepId: string,
  query: { version?: number | undefined; language?: Locale | undefined },
): Promise<SitrepRenderInput> =>
  ctx.db.transaction().execute(async (tx) => {
    const version = await loadReadableVersion(tx, ctx.actor, sitrepId, query.version);
    const reader = await tx
      .selectFrom('users')
      .select(['locale', 'reportFallbackLanguages'])
      .where('id', '=', ctx.actor.userId)
      .executeTakeFirstOrThrow();
    const approver = await tx
      .selectFrom('users')
      .select('name')
      .where('id', '=', version.approvedByUserId)
      .executeTakeFirst();
    await auditRedRead(
      tx,
      ctx.audit,
      { ...shareableOf(version), id: `${version.sitrepId}/${version.number}` },
      'sitrep_version',
    );
    return {
      content: versionContentSchema.parse(version.content),
      tlp: version.tlp,
      number: version.number,
      approvedAt: version.approvedAt,
      approvedBy: approver?.name ?? '',
      language: query.language ?? readingLanguage(version.languages, reader) ?? reader.locale,
      fallbackLanguages: reader.reportFallbackLanguages,
    };
  });

export const renderExport = async (input: SitrepRenderInput, format: ExportFormat): Promise<SitrepExport> => {
  const { content, language, number } = input;
  const order = fallbackOrder(language, input.fallbackLanguages);
  const slug =
    slugOf(pick(content.title, order).text) || slugOf(pick(content.templateName, order).text) || 'sitrep';
  const body =
    format === 'pdf'
      ? await renderSitrepPdf(input)
      : format === 'md'
        ? renderSitrepMarkdown(input)
        : renderSitrepHtml(input);
  return {
    body,
    contentType: exportContentTypes[format],
    filename: `${slug}-v${number}-${language}.${format}`,
    language,
    number,
  };
};

export const exportSitrep = async (
  ctx: ServiceContext,
  sitrepId: string,
  query: { version?: number | undefined; language?: Locale | undefined },
  format: ExportFormat,
): Promise<SitrepExport> => renderExport(await loadExportInput(ctx, sitrepId, query), format);

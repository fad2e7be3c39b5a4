import { exportQuerySchema, sitrepParamsSchema } from '../../../shared/contracts/sitreps.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import { exportSitrep, type ExportFormat } from './export/sitrep-export-service.js';
import { HTML_EXPORT_CSP } from './export/sitrep-html.js';

const tags = ['Situation reports'];

const summaries: Record<ExportFormat, string> = {
  pdf: 'An approved version as PDF (A4; TLP label, version, approval time and page number on every page)',
  md: 'An approved version as Markdown (TLP label at the top and bottom)',
  html: 'An approved version as a standalone HTML page (no script, inline CSS)',
};

/**
 * Downloads of an approved version: the latest the caller may read, or `?version=n`; in the
 * caller's language (or their fallback), or `?language=fi|sv|en`. Always an attachment, never cached.
 */
export const sitrepExportRoutes = (app: RouteApp, deps: AppDeps): void => {
  for (const format of ['pdf', 'md', 'html'] as const) {
    app.get(
      `/api/v1/sitreps/:id/export.${format}`,
      {
        config: { permission: 'content.read' },
        schema: {
          tags,
          summary: summaries[format],
          description:
            'Drafters read every approved version; recipients read distributed versions. Anyone else gets 404.',
          params: sitrepParamsSchema,
          querystring: exportQuerySchema,
        },
      },
      async (request, reply) => {
        const file = await exportSitrep(
          serviceContext(deps, request),
          request.params.id,
          request.query,
          format,
        );
        reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .header('content-language', file.language)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'no-store');
        if (format === 'html') reply.header('content-security-policy', `sandbox; ${HTML_EXPORT_CSP}`);
        else reply.header('content-security-policy', "sandbox; default-src 'none'");
        return reply.send(file.body);
      },
    );
  }
};

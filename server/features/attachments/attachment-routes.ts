import { z } from 'zod';
import {
  attachmentListSchema,
  attachmentParamsSchema,
  attachmentSchema,
  attachmentUploadQuerySchema,
} from '../../../shared/contracts/collaboration.js';
import { incidentParamsSchema } from '../../../shared/contracts/incidents.js';
import { serviceContext, type AppDeps } from '../../context.js';
import { zodApp, type RouteApp } from '../../http/zod-app.js';
import { contentDisposition, filenameFromHeader } from './attachment-files.js';
import {
  deleteAttachment,
  downloadAttachment,
  getAttachments,
  uploadAttachment,
} from './attachment-service.js';

const tags = ['Attachments'];

export const attachmentRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/incidents/:id/attachments',
    {
      schema: {
        tags,
        summary: "An incident's files, with their SHA-256",
        params: incidentParamsSchema,
        response: { 200: attachmentListSchema },
      },
    },
    async (request) => ({ items: await getAttachments(serviceContext(deps, request), request.params.id) }),
  );
  app.get(
    '/api/v1/incidents/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Download a file (always as an attachment, never shown inline)',
        params: attachmentParamsSchema,
      },
    },
    async (request, reply) => {
      const file = await downloadAttachment(
        serviceContext(deps, request),
        request.params.id,
        request.params.attachmentId,
      );
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`)
        .header('cache-control', 'private, no-store')
        .send(file.data);
    },
  );
  app.delete(
    '/api/v1/incidents/:id/attachments/:attachmentId',
    {
      config: { permission: 'content.create' },
      schema: {
        tags,
        summary: 'Remove a file',
        params: attachmentParamsSchema,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await deleteAttachment(serviceContext(deps, request), request.params.id, request.params.attachmentId);
      return reply.status(204).send();
    },
  );

  // The upload takes the raw file as its body. Its parser lives in a child context, so that every
  // other route keeps the strict JSON-only parsing; the CSRF and sign-in hooks of the root apply here too.
  void app.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: deps.config.attachmentMaxBytes },
      (_r, body, done) => done(null, body),
    );
    zodApp(child).post(
      '/api/v1/incidents/:id/attachments',
      {
        bodyLimit: deps.config.attachmentMaxBytes,
        config: { permission: 'content.create' },
        schema: {
          tags,
          summary: 'Attach a file: the body is the file, its name in ?filename= or the X-Filename header',
          description: `At most ${deps.config.attachmentMaxBytes} bytes; larger uploads answer 413.`,
          params: incidentParamsSchema,
          querystring: attachmentUploadQuerySchema,
          response: { 201: attachmentSchema },
        },
      },
      async (request, reply) => {
        const attachment = await uploadAttachment(serviceContext(deps, request), request.params.id, {
          filename: request.query.filename ?? filenameFromHeader(request.headers['x-filename']),
          contentType: request.headers['content-type'],
          data: Buffer.isBuffer(request.body) ? request.body : undefined,
        });
        return reply.status(201).send(attachment);
      },
    );
  });
};

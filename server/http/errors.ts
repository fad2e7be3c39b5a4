import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, errorStatuses, type ErrorCode } from '../../shared/errors.js';

interface ErrorBody {
  code: ErrorCode;
  message: string;
  requestId: string;
  /** What exactly is wrong: fields for validation_failed; items for the codes below. */
  issues?: unknown[];
}

/** Codes whose AppError details are a list of issues for the client (each feature documents their shape). */
const codesWithIssues: ReadonlySet<ErrorCode> = new Set([
  'validation_failed',
  'edit_conflict',
  'approval_blocked',
  'marking_below_floor',
  'contributor_may_not_see',
]);

export const sendError = (
  reply: FastifyReply,
  request: FastifyRequest,
  code: ErrorCode,
  message: string,
  issues?: ErrorBody['issues'],
): FastifyReply => {
  const body: ErrorBody = { code, message, requestId: request.id };
  if (issues) body.issues = issues;
  return reply.status(errorStatuses[code]).type('application/json; charset=utf-8').send(JSON.stringify(body));
};

const fastifyCodes: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'Send the request body as application/json.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['bad_request', 'The Content-Length header does not match the body.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid_json', 'The request body is empty but declared as JSON.'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['invalid_json', 'The request body is not valid JSON.'],
  FST_ERR_BAD_URL: ['bad_request', 'The request URL is malformed.'],
  FST_ERR_ASYNC_CONSTRAINT: ['bad_request', 'The request could not be routed.'],
};

/** One place turns every failure into `{ code, message, requestId }`; nothing else reaches a client. */
export const registerErrorHandling = (app: FastifyInstance): void => {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.code === 'rate_limited' && typeof error.details === 'number') {
        reply.header('retry-after', String(error.details));
      }
      const issues =
        codesWithIssues.has(error.code) && Array.isArray(error.details)
          ? (error.details as unknown[])
          : undefined;
      return sendError(
        reply,
        request,
        error.code,
        error.message,
        issues ?? (error.code === 'validation_failed' ? [] : undefined),
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        path: [error.validationContext, ...(issue.instancePath.split('/').filter(Boolean) ?? [])].join('.'),
        message: issue.message ?? 'invalid',
      }));
      return sendError(reply, request, 'validation_failed', 'The request is not valid.', issues);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return sendError(reply, request, 'internal', 'Something went wrong on our side.');
    }
    const mapped = error.code ? fastifyCodes[error.code] : undefined;
    if (mapped) return sendError(reply, request, mapped[0], mapped[1]);
    if (error.statusCode === 413)
      return sendError(reply, request, 'payload_too_large', 'The request body is too large.');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, request, 'bad_request', 'The request is not valid.');
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, request, 'internal', 'Something went wrong on our side.');
  });
};

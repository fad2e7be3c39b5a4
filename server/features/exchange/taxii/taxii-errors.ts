import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorStatuses } from '../../../../shared/errors.js';
import { TAXII_MEDIA_TYPE } from './taxii-media.js';

/**
 * Errors under /taxii2/ are TAXII error messages (§3.6.1), not the API's `{ code, message }`:
 * `title`, `description`, `error_id` (the request id, also in our log), `error_code` (stable),
 * `http_status` (a string, equal to the status line's).
 */
export class TaxiiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'TaxiiError';
  }
}

export const PARTNER_AUTH_CHALLENGE = 'Bearer realm="taxii2", Basic realm="taxii2"';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface TaxiiErrorMessage {
  title: string;
  description: string;
  error_id: string;
  error_code: string;
  http_status: string;
  details?: Record<string, unknown>;
}

export const sendTaxiiError = (
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  errorCode: string,
  description: string,
  details?: Record<string, unknown>,
): FastifyReply => {
  const body: TaxiiErrorMessage = {
    title: titles[status] ?? 'Error',
    description,
    error_id: request.id,
    error_code: errorCode,
    http_status: String(status),
    ...(details ? { details } : {}),
  };
  if (status === 401) reply.header('www-authenticate', PARTNER_AUTH_CHALLENGE);
  // A Buffer, so that Fastify sends the media type exactly as the standard writes it (no charset added).
  return reply
    .status(status)
    .header('content-type', TAXII_MEDIA_TYPE)
    .send(Buffer.from(JSON.stringify(body), 'utf8'));
};

const fastifyErrors: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [
    413,
    'payload_too_large',
    'The request body exceeds max_content_length of the API root.',
  ],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', `Send the body as ${TAXII_MEDIA_TYPE}.`],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    400,
    'bad_request',
    'The Content-Length header does not match the body.',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', 'The request body is empty.'],
};

/** Every failure under /taxii2/ as a TAXII error message; nothing else (no stack, no SQL) reaches a partner. */
export const handleTaxiiError = (
  error: FastifyError | AppError | TaxiiError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply => {
  if (error instanceof TaxiiError) {
    return sendTaxiiError(reply, request, error.status, error.errorCode, error.message, error.details);
  }
  if (error instanceof AppError) {
    return sendTaxiiError(reply, request, errorStatuses[error.code], error.code, error.message);
  }
  const mapped = error.code ? fastifyErrors[error.code] : undefined;
  if (mapped) return sendTaxiiError(reply, request, mapped[0], mapped[1], mapped[2]);
  if (error.statusCode === 413) {
    return sendTaxiiError(reply, request, 413, 'payload_too_large', 'The request body is too large.');
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return sendTaxiiError(reply, request, 400, 'bad_request', 'The request is not valid.');
  }
  request.log.error({ err: error }, 'unhandled error in the TAXII server');
  return sendTaxiiError(reply, request, 500, 'internal', 'Something went wrong on our side.');
};

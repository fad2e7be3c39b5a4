/**
 * Every error a client can receive. The code is stable and documented; the message is for
 * people and may change. The web app translates codes, never messages.
 */
export const errorStatuses = {
  bad_request: 400,
  validation_failed: 400,
  invalid_json: 400,
  invalid_encoding: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  two_factor_required: 401,
  forbidden: 403,
  csrf_rejected: 403,
  password_change_required: 403,
  marking_not_allowed: 403,
  two_factor_enrolment_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  version_conflict: 409,
  locked: 409,
  edit_conflict: 409,
  approval_blocked: 409,
  marking_below_floor: 400,
  contributor_may_not_see: 409,
  invalid_transition: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatuses;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatuses[this.code];
  }
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(errorStatuses, value);

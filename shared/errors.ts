// Typed, user-facing errors shared by every layer. A `code` is stable (tests and
// scripts rely on it); `message` says what went wrong, where, and what to do. No schema
// library here: the import's workers load this module, and zod would cost each of them 40 ms
// to start.

export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'CANCELLED',
  'TIMEOUT',
  'INTERNAL',
  'NOT_FOUND',
  'NO_WORKSPACE',
  'WORKSPACE_LOCKED',
  'WRONG_PASSPHRASE',
  'WEAK_PASSPHRASE',
  'NOT_A_WORKSPACE',
  'SCHEMA_TOO_NEW',
  'DAMAGED_WORKSPACE',
  'WORKSPACE_IN_USE',
  'WORKSPACE_BUSY',
  'FILE_EXISTS',
  'FILE_NOT_FOUND',
  'IMPORT_FAILED',
  'INVALID_FILE',
  'DUPLICATE_FILE',
  'INVALID_SPEC',
  'DISCLOSURE_REQUIRED',
  'EXPORT_FAILED',
  'SPEC_MISMATCH',
  'BELOW_POLICY',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as it crosses a thread or a transport. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  detail?: string | undefined;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, message: string, detail?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
  }

  toPayload(): ErrorPayload {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }

  static fromPayload(payload: ErrorPayload): AppError {
    return new AppError(payload.code, payload.message, payload.detail);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

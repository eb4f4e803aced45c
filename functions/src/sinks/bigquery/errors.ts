import { PermanentSinkError, TransientSinkError, type SinkError } from '../port.js';

/** HTTP statuses a retry can cure. */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** BigQuery error reasons a retry can cure (https://cloud.google.com/bigquery/docs/error-messages). */
const TRANSIENT_REASONS = new Set([
  'backendError',
  'internalError',
  'rateLimitExceeded',
  'quotaExceeded',
  'timeout',
  'stopped',
  'jobBackendError',
  'jobInternalError',
]);
/** Node and HTTP-client failure codes that mean "the service was not reached". */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ESOCKETTIMEDOUT',
  'UND_ERR_SOCKET',
]);

interface ApiErrorLike {
  code?: unknown;
  errors?: { reason?: string; message?: string }[];
  type?: unknown;
  name?: unknown;
  cause?: unknown;
  message?: unknown;
}

/** True when one per-row or per-request BigQuery error reason means "try again". */
export function isTransientReason(reason: string | undefined): boolean {
  return reason !== undefined && TRANSIENT_REASONS.has(reason);
}

/**
 * Maps a BigQuery client failure to a sink error: throttling, 5xx, `backendError`-style reasons,
 * timeouts and network failures are transient; everything else (`invalid`, `notFound`,
 * `accessDenied`, 400/403/404) is permanent.
 */
export function classifyBigQueryError(error: unknown, context: string): SinkError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ApiErrorLike;
  const message = `${context}: ${typeof e.message === 'string' ? e.message : String(error)}`;
  const reasons = (e.errors ?? []).map((item) => item.reason);
  const status = typeof e.code === 'number' ? e.code : undefined;
  const networkCode = typeof e.code === 'string' ? e.code : undefined;
  const cause = (e.cause ?? {}) as ApiErrorLike;
  const transient =
    (status !== undefined && TRANSIENT_STATUSES.has(status)) ||
    reasons.some(isTransientReason) ||
    (networkCode !== undefined && NETWORK_CODES.has(networkCode)) ||
    (typeof cause.code === 'string' && NETWORK_CODES.has(cause.code)) ||
    e.type === 'system' ||
    e.name === 'AbortError' ||
    e.name === 'TimeoutError' ||
    (status === undefined && reasons.length === 0 && networkCode === undefined);
  return transient
    ? new TransientSinkError(message, { cause: error })
    : new PermanentSinkError(message, { cause: error });
}

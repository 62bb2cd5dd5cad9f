/** The one error shape every route answers with. */
export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}

export type ErrorCode =
  | 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict'
  | 'gone' | 'too_large' | 'unsupported_media' | 'internal'
  /** 429 and 503: `details.retryAfterS` (and the Retry-After header) say when to try again. */
  | 'rate_limited' | 'busy';

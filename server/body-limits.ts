import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { ApiFailure } from './http.js';
import { limits, tooLargeMessage, type Limit } from './settings.js';

/** Multipart framing and a file name around a media file: the form may exceed the file by this much. */
const FORM_OVERHEAD = 64 * 1024;

function mediaBody(): Limit {
  const [image, audio] = [limits.image(), limits.audio()];
  const larger = image.bytes >= audio.bytes ? image : audio;
  return { bytes: larger.bytes + FORM_OVERHEAD, setting: larger.setting };
}

/**
 * Routes whose body may exceed the small JSON limit. Streamed ones write it to disk as it arrives, and
 * their handlers enforce finer limits (per media kind) on the way; the others are held in memory whole.
 */
const LARGER: { method: string; path: RegExp; limit: () => Limit; streamed: boolean }[] = [
  { method: 'POST', path: /^\/api\/projects\/[^/]+\/imports\/?$/, limit: limits.import, streamed: true },
  { method: 'POST', path: /^\/api\/projects\/[^/]+\/media\/?$/, limit: mediaBody, streamed: true },
  { method: 'POST', path: /^\/api\/projects\/[^/]+\/guidelines\/?$/, limit: limits.guideline, streamed: false },
];

const tooLarge = (limit: Limit) => new ApiFailure(413, 'too_large', tooLargeMessage('the request body', limit));

/** Passes the bytes through and errors the stream (cancelling the socket's) once they exceed the limit. */
function capped(body: ReadableStream<Uint8Array>, limit: Limit): ReadableStream<Uint8Array> {
  let size = 0;
  return body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, ctl) {
      size += chunk.byteLength;
      if (size > limit.bytes) ctl.error(tooLarge(limit));
      else ctl.enqueue(chunk);
    },
  }));
}

/**
 * Bounds every request body, declared (Content-Length) or chunked: a body over its limit gets 413 naming
 * the limit and its setting, and is never read further than the limit.
 */
export const bodyLimits = createMiddleware(async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  const route = LARGER.find((r) => r.method === c.req.method && r.path.test(c.req.path));
  const limit = route ? route.limit() : limits.json();
  const chunked = c.req.header('transfer-encoding') !== undefined;
  const length = c.req.header('content-length');
  // A declared body is exactly as long as declared (Node's parser reads no further), so the header
  // decides without touching the body: reading `raw.body` would turn the server's lightweight request
  // into a full web Request with streams, a third of the cost of a small JSON request.
  if (!route?.streamed && !chunked && length !== undefined) {
    if (Number(length) > limit.bytes) throw tooLarge(limit);
    return next();
  }
  const body = c.req.raw.body;
  if (!body) return next();
  if (!route?.streamed) return bodyLimit({ maxSize: limit.bytes, onError: () => { throw tooLarge(limit); } })(c, next);
  const declared = Number(length);
  if (Number.isFinite(declared) && declared > limit.bytes) throw tooLarge(limit);
  c.req.raw = new Request(c.req.raw, { body: capped(body, limit), duplex: 'half' } as RequestInit);
  await next();
});

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { ApiFailure } from '../http.js';
import { discardUpload, spoolUpload, UploadError, type SpooledUpload } from './media-store.js';

/** A form carries one file and perhaps a few small fields; anything more is refused, not buffered. */
const FORM_LIMITS = { files: 1, fields: 20, fieldSize: 64 * 1024, parts: 40, headerPairs: 100 };

/**
 * Spools the one file of a multipart form as it arrives (spoolUpload: sniffed, size-limited, hashed),
 * never holding the form in memory. A form with no file or several files is refused once read through;
 * a refused file stops the reading at once.
 */
export async function spoolMultipart(dataDir: string, body: ReadableStream<Uint8Array>, contentType: string): Promise<{ spooled: SpooledUpload; name: string | null }> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { 'content-type': contentType }, limits: FORM_LIMITS });
  } catch (e) {
    throw new UploadError(400, `the multipart form could not be read: ${(e as Error).message}`);
  }
  let files = 0;
  const first: { name: string | null; spooling?: Promise<SpooledUpload> } = { name: null };
  parser.on('file', (_field, file, info) => {
    files++;
    first.name = info.filename || null;
    first.spooling = spoolUpload(dataDir, file, info.mimeType);
    first.spooling.catch(() => parser.destroy());
  });
  // Files past the first are skipped by the parser (drained, not kept): counted to refuse the form.
  parser.on('filesLimit', () => { files++; });
  const parseError = await pipeline(Readable.fromWeb(body as any), parser).then(() => null, (e: Error) => e);
  // The spooler's own error (wrong type, too large, the body's limit) says more than the parser's.
  const spooled = first.spooling ? await first.spooling : null;
  const refuse = (e: Error): never => {
    if (spooled) discardUpload(spooled);
    throw e;
  };
  if (parseError) {
    // The body's own limit (ApiFailure 413) stands; anything else is a form that could not be parsed.
    refuse(parseError instanceof ApiFailure ? parseError : new UploadError(400, `the multipart form could not be read: ${parseError.message}`));
  }
  if (files !== 1 || !spooled) refuse(new UploadError(400, `file: send exactly one file (got ${files})`));
  return { spooled: spooled!, name: first.name };
}

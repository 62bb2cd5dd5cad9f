import { z } from 'zod';
import { binary, type Operations } from './operation.js';
import { exportPreview, importReport, mediaDto, mediaList, peaks } from './responses.js';

const file = { ...binary, description: 'the file itself' };

/** Rows and media in, labels out. */
export const consoleOps: Operations = {
  'POST /api/projects/{projectId}/imports': {
    tag: 'Imports', auth: 'user', roles: ['lead'], summary: 'Import rows from a JSONL, JSON, CSV or Label Studio file',
    description: 'The body is the file (streamed to disk, never held in memory). `mode=all` imports nothing if any line is bad; '
      + '`mode=valid` imports the good lines and lists the others. Re-importing the same ids changes nothing twice.',
    body: { description: 'the file, any content type', content: { 'application/octet-stream': file, 'application/x-ndjson': { type: 'string' }, 'text/csv': { type: 'string' } } },
    ok: { status: 200, description: 'imported; the report counts and lists what happened per line', schema: z.object({ report: importReport }) },
    errors: { 400: 'bad lines (mode=all: nothing imported; `details` holds the whole report), an empty file, or a bad query', 413: 'the file is larger than TRIAD_MAX_IMPORT_MB' },
  },
  'GET /api/projects/{projectId}/media': {
    tag: 'Imports', auth: 'user', roles: ['lead'], summary: 'The project\'s media, newest first, with the rows that use each',
    description: '`q` matches the file name (or the start of its id, a pasted URL too); `kind` keeps images or audio. '
      + 'Each file says how many rows hold its id in their data (counted up to 1,000) and names the first three.',
    ok: { status: 200, description: 'a page of media', schema: mediaList },
  },
  'POST /api/projects/{projectId}/media': {
    tag: 'Imports', auth: 'user', roles: ['lead'], summary: 'Upload an image or audio file',
    description: 'The raw body is the file (name in `?name=` or X-File-Name), or a multipart form with one file field. Rows refer to it by its `url`.',
    body: {
      description: 'the file',
      content: { 'application/octet-stream': file, 'multipart/form-data': { type: 'object', properties: { file } } },
    },
    query: { name: { schema: { type: 'string' }, description: 'the file\'s name (raw body)' } },
    ok: { status: 201, description: 'stored (content-addressed: the same bytes give the same id)', schema: z.object({ media: mediaDto }) },
    errors: { 413: 'larger than the image or audio limit', 415: 'not an image or audio type Triad reads' },
  },
  'GET /api/media/{id}': {
    tag: 'Imports', auth: 'user', summary: 'A media file (Range requests supported)',
    description: 'Only members of a project that uses it reach it.',
    ok: { status: 200, description: 'the bytes (206 with a Range)', content: { 'application/octet-stream': file } },
    errors: { 404: 'no such media in a project of yours' },
  },
  'GET /api/media/{id}/peaks': {
    tag: 'Imports', auth: 'user', summary: 'Waveform peaks of an audio file',
    ok: { status: 200, description: 'peaks', schema: peaks }, errors: { 404: 'no such audio in a project of yours' },
  },
  'GET /api/projects/{projectId}/exports/preview': {
    tag: 'Exports', auth: 'user', roles: ['lead'], summary: 'How many rows an export with these filters holds, and the first few',
    ok: { status: 200, description: 'the count and a sample', schema: exportPreview },
  },
  'GET /api/projects/{projectId}/exports': {
    tag: 'Exports', auth: 'user', roles: ['lead'], summary: 'Download labels, streamed',
    description: 'Finalized rows by default. JSONL lines hold the row id and data, the final answer, agreement and provenance.',
    ok: {
      status: 200, description: 'the file (Content-Disposition names it)',
      content: {
        'application/x-ndjson': { type: 'string', description: 'jsonl and the other line formats' },
        'text/csv': { type: 'string' }, 'application/json': { type: 'object', description: 'coco, labelstudio' }, 'application/zip': file,
      },
    },
  },
};

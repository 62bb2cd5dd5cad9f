import { Readable } from 'node:stream';
import type { Deps } from '../../context.js';
import type { ImportFormat, ImportIssue, ImportReport, ImportWarning } from '@shared/api/console.js';
import { getProject } from '../../repos/projects.js';
import { itemsOf, type SourceItem } from './sources.js';
import { makeRowValidator, type CandidateRow } from './validate.js';
import { labelStudioTaskToRow } from './labelstudio.js';
import { discardTempFile, openTempFile } from '../temp-file.js';
import type { LsPickOptions } from './labelstudio-pick.js';
import { emitImportFinished } from '../../webhooks/events.js';
import { MAX_ERRORS, skipInvalid, stageBatch } from './classify.js';
import { ImportJob } from './stage.js';
import { publishImport } from './publish.js';
import { SeenIds } from './seen-ids.js';

// A batch is one short transaction. On SQLite it is what a request waits for at worst: 250 lines kept the
// health p99 of a 100k import near 60 ms on a loaded machine where 500 gave 77-115 ms, for the same total
// time. PostgreSQL's other connections never wait for it, and each batch costs round trips and a commit.
const BATCH = { sqlite: 250, postgres: 2000 } as const;

/** One answer for every way a file can hold no row, whatever its format. */
export const EMPTY_FILE_MESSAGE = 'the file holds no rows (it is empty, only blank lines, only a CSV header, or an empty JSON array): nothing to import';

/**
 * Imports a file (already on disk) into a project, all or nothing: the file is read once and never held
 * whole, validated and written in batches of 250 lines, invisible (stage.ts), then published by one switch.
 * mode=all publishes nothing when any line is bad (and keeps reading, to report every bad line);
 * mode=valid publishes the good lines. A failure before the publish deletes what was written; a crash
 * leaves nothing visible, and the next boot sweeps it.
 *
 * Re-import (same external id): identical lines change nothing (`unchanged`); a changed line updates the
 * row's data, prelabels, expertise and priority only while nobody has started it (round 1, no slot ever
 * claimed); a changed line whose row is in work is skipped with reason `started`, since labels already
 * given were made against the old data.
 */
export async function importFile(deps: Deps, opts: {
  projectId: number; userId: number | null; file: string; format: ImportFormat; mode: 'all' | 'valid';
  labelStudio?: LsPickOptions;
}): Promise<ImportReport> {
  const project = await getProject(deps.db, opts.projectId);
  if (!project) throw new Error(`no project ${opts.projectId}`);
  const validate = makeRowValidator(project.schema, project.settings);
  const report: ImportReport = {
    format: opts.format, mode: opts.mode, total: 0, imported: 0, updated: 0, unchanged: 0,
    skipped: [], errors: [], errorCount: 0, warnings: [], warningCount: 0, warningKinds: { chosen: 0, converted: 0, skipped: 0 }, committed: false,
  };
  const issue = (i: ImportIssue) => { report.errorCount++; if (report.errors.length < MAX_ERRORS) report.errors.push(i); };
  const warn = (w: ImportWarning) => { report.warningCount++; report.warningKinds[w.kind]++; if (report.warnings.length < MAX_ERRORS) report.warnings.push(w); };
  const seen = new SeenIds();
  const now = deps.now();

  // Read, validate and write in short transactions (the connection is free between batches), then publish
  // by one switch: readers see the whole import or nothing of it.
  const job = await ImportJob.start(deps.db, opts.projectId);
  try {
    let batch: Array<{ line: number; row: CandidateRow }> = [];
    // Another import (or a push) wrote some of the same external ids first: this one publishes nothing.
    let conflict = false;
    const flush = async () => {
      const b = batch;
      batch = [];
      if (!b.length || conflict) return;
      try {
        await stageBatch(deps.db, job, b, report, issue, opts.mode, now);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        conflict = true;
        issue(CONFLICT);
      }
      // Let requests waiting for the connection (or the event loop) through before the next batch.
      await new Promise<void>((resolve) => setImmediate(resolve));
    };
    for await (const item of itemsOf(opts.format, opts.file) as AsyncIterable<SourceItem>) {
      // The JSON reader's own word for an empty file gives way to the one answer every format gives.
      if (item.error?.field === '(file)' && item.error.message === 'the file is empty') continue;
      report.total++;
      const bad = (field: string, message: string) => {
        issue({ line: item.line, field, message });
      };
      if (item.error) { bad(item.error.field, item.error.message); skipInvalid(report, item.line, null, item.error.message, opts.mode); continue; }
      let value = item.value;
      let notes: Array<Omit<ImportWarning, 'line'>> = [];
      if (opts.format === 'labelstudio') {
        const ls = labelStudioTaskToRow(value, project.schema, opts.labelStudio);
        if (ls.issues.length || !ls.value) {
          for (const i of ls.issues) bad(i.field, i.message);
          skipInvalid(report, item.line, null, ls.issues[0]?.message ?? 'bad task', opts.mode);
          continue;
        }
        value = ls.value;
        notes = ls.warnings;
      }
      const r = validate(value);
      if (!r.row) {
        for (const i of r.issues) bad(i.field, i.message);
        skipInvalid(report, item.line, null, r.issues.map((i) => `${i.field}: ${i.message}`).join('; '), opts.mode);
        continue;
      }
      if (r.row.externalId !== null) {
        const first = seen.get(r.row.externalId);
        if (first !== undefined) {
          bad('external_id', `external id "${r.row.externalId}" appears again (first at line ${first})`);
          skipInvalid(report, item.line, r.row.externalId, 'duplicate external id', opts.mode);
          continue;
        }
        seen.set(r.row.externalId, item.line);
      }
      for (const w of notes) warn({ line: item.line, ...w });
      batch.push({ line: item.line, row: r.row });
      if (batch.length >= BATCH[deps.engine]) await flush();
    }
    await flush();
    if (report.total === 0) issue({ line: 1, field: '(file)', message: EMPTY_FILE_MESSAGE });
    if (!((opts.mode === 'all' && report.errorCount > 0) || report.total === 0 || conflict)) {
      try {
        await deps.db.transaction().execute(async (tx) => {
          await publishImport(tx, job, now, report);
          // In the publishing transaction: an import that publishes nothing tells nobody.
          await emitImportFinished(tx, { projectId: opts.projectId, userId: opts.userId, report, now });
        });
        report.committed = true;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        // Another import added some of the same external ids after this one checked them.
        issue(CONFLICT);
      }
    }
  } finally {
    await job.discard();
  }
  if (!report.committed) {
    // Nothing was written: the counts say what would have happened, but the rows are not there.
    report.imported = 0;
    report.updated = 0;
  }
  return report;
}

const CONFLICT: ImportIssue = { line: 1, field: 'external_id', message: 'another import added rows with some of these external ids while this one ran: nothing was imported; import the file again' };

/** A unique index refused a row (SQLite or PostgreSQL). */
const isUniqueViolation = (e: unknown) => {
  const code = (e as { code?: string } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
};

/** Streams a request body to a temporary file under the data directory, refusing more than `maxBytes`. */
export async function spoolToFile(dataDir: string, body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<{ file: string; bytes: number }> {
  const { file, out } = openTempFile(dataDir, 'upload');
  let bytes = 0;
  try {
    if (body) {
      for await (const chunk of Readable.fromWeb(body as any)) {
        bytes += (chunk as Buffer).length;
        if (bytes > maxBytes) throw new TooLarge(maxBytes);
        if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      }
    }
    await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
    return { file, bytes };
  } catch (e) {
    await discardTempFile(out, file);
    throw e;
  }
}

export class TooLarge extends Error {
  constructor(readonly maxBytes: number) { super(`the upload is larger than ${Math.round(maxBytes / 1048576)} MB`); }
}

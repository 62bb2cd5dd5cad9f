import { projectMediaIds } from '../../repos/media.js';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Deps } from '../../context.js';
import type { DB } from '../../db/types.js';
import type { ImportFormat, ImportIssue, ImportReport, ImportWarning } from '@shared/api/console.js';
import { getProject } from '../../repos/projects.js';
import { insertRows } from '../../repos/rows.js';
import { itemsOf, type SourceItem } from './sources.js';
import { makeRowValidator, type CandidateRow } from './validate.js';
import { labelStudioTaskToRow } from './labelstudio.js';
import { discardTempFile, openTempFile } from '../temp-file.js';
import type { LsPickOptions } from './labelstudio-pick.js';
import { canonicalJson } from '../workflow/rules.js';
import { emitImportFinished } from '../../webhooks/events.js';

const BATCH = 500;
const MAX_ERRORS = 1000;

/** One answer for every way a file can hold no row, whatever its format. */
export const EMPTY_FILE_MESSAGE = 'the file holds no rows (it is empty, only blank lines, only a CSV header, or an empty JSON array): nothing to import';

class Rollback extends Error {}

/**
 * Imports a file (already on disk) into a project in one transaction, in batches of 500 rows, validating
 * while it writes: the file is read once and never held whole. mode=all rolls everything back when any
 * line is bad (and keeps reading, to report every bad line); mode=valid writes the good lines.
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
  const seen = new Map<string, number>();
  const now = deps.now();

  const run = async (tx: Kysely<DB>) => {
    let batch: Array<{ line: number; row: CandidateRow }> = [];
    const flush = async () => {
      const b = batch;
      batch = [];
      if (b.length) await writeBatch(tx, opts.projectId, b, now, report, issue, opts.mode);
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
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    if (report.total === 0) issue({ line: 1, field: '(file)', message: EMPTY_FILE_MESSAGE });
    // In the import's transaction: rolled back with it when nothing is imported.
    await emitImportFinished(tx, { projectId: opts.projectId, userId: opts.userId, report, now });
    if ((opts.mode === 'all' && report.errorCount > 0) || report.total === 0) throw new Rollback();
  };

  try {
    await deps.db.transaction().execute(run);
    report.committed = true;
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  if (!report.committed) {
    // Nothing was written: the counts say what would have happened, but the rows are not there.
    report.imported = 0;
    report.updated = 0;
  }
  return report;
}

function skipInvalid(report: ImportReport, line: number, externalId: string | null, message: string, mode: 'all' | 'valid') {
  if (mode === 'valid' && report.skipped.length < MAX_ERRORS) report.skipped.push({ line, externalId, reason: 'invalid', message });
}

async function writeBatch(
  db: Kysely<DB>, projectId: number, batch: Array<{ line: number; row: CandidateRow }>, now: number,
  report: ImportReport, issue: (i: ImportIssue) => void, mode: 'all' | 'valid',
) {
  // Media referenced as /api/media/<id> must have been uploaded to (linked with) this project.
  const refIds = [...new Set(batch.flatMap((b) => b.row.mediaRefs.map((m) => m.id)))];
  let good = batch;
  if (refIds.length) {
    const known = await projectMediaIds(db, projectId, refIds);
    good = batch.filter((b) => {
      const missing = b.row.mediaRefs.filter((m) => !known.has(m.id));
      for (const m of missing) issue({ line: b.line, field: m.field, message: `no uploaded media ${m.id.slice(0, 12)}… in this project: upload it first` });
      if (missing.length) skipInvalid(report, b.line, b.row.externalId, 'unknown media', mode);
      return missing.length === 0;
    });
  }
  // Once mode=all has met an error the transaction will be rolled back: keep validating, stop writing.
  if (mode === 'all' && report.errorCount > 0) return;

  const { byExternal, byRowId, finals } = await existingRows(db, projectId, good.map((b) => b.row));
  const fresh: CandidateRow[] = [];
  const changed: Array<{ line: number; row: CandidateRow; id: number; started: boolean }> = [];
  for (const b of good) {
    const old = b.row.externalId !== null ? byExternal.get(b.row.externalId)
      : b.row.sameRowId !== null ? byRowId.get(b.row.sameRowId) : undefined;
    const sameData = old !== undefined && old.data_json === JSON.stringify(b.row.data);
    // A row known only by its Triad id is this line's row only while it holds the same data.
    if (!old || (b.row.externalId === null && !sameData)) { fresh.push(b.row); continue; }
    const pre = b.row.prelabels ? canonicalJson(b.row.prelabels) : null;
    // An export brings a row's final answer back as prelabels: that is the row as it stands, not a change.
    const final = old.final_id === null ? undefined : finals.get(Number(old.final_id));
    const samePrelabels = pre === (old.prelabels_json === null ? null : canonicalJson(JSON.parse(old.prelabels_json))) || (final !== undefined && pre === final);
    const same = sameData && samePrelabels
      && old.expertise_json === JSON.stringify(b.row.expertise) && Number(old.priority) === b.row.priority;
    if (same) { report.unchanged++; continue; }
    const started = old.state !== 'labeling' || old.round !== 1 || old.labels_taken > 0 || old.labels_done > 0;
    changed.push({ line: b.line, row: b.row, id: old.id, started });
  }
  if (changed.length) {
    const claimed = new Set((await db.selectFrom('assignments').select('row_id').where('row_id', 'in', changed.map((c) => c.id)).execute()).map((a) => Number(a.row_id)));
    for (const c of changed) {
      if (c.started || claimed.has(c.id)) {
        if (report.skipped.length < MAX_ERRORS) report.skipped.push({ line: c.line, externalId: c.row.externalId, reason: 'started', message: 'this row is already being labeled: its data and prelabels were kept' });
        continue;
      }
      await db.updateTable('rows').set({
        data_json: JSON.stringify(c.row.data), prelabels_json: c.row.prelabels ? JSON.stringify(c.row.prelabels) : null,
        expertise_json: JSON.stringify(c.row.expertise), priority: c.row.priority, updated_at: now,
      }).where('id', '=', c.id).execute();
      await db.deleteFrom('row_needs').where('row_id', '=', c.id).execute();
      if (c.row.expertise.length) await db.insertInto('row_needs').values(c.row.expertise.map((domain) => ({ row_id: c.id, project_id: projectId, domain }))).execute();
      report.updated++;
    }
  }
  if (fresh.length) {
    await insertRows(db, projectId, fresh, now);
    report.imported += fresh.length;
  }
}

type ExistingRow = {
  id: number; data_json: string; prelabels_json: string | null; expertise_json: string; priority: number;
  state: string; round: number; labels_taken: number; labels_done: number; final_id: number | null;
};

/** The project's rows a batch names (by external id, or by Triad row id for rows without one) and their finals. */
async function existingRows(db: Kysely<DB>, projectId: number, rows: CandidateRow[]) {
  const byExternal = new Map<string, ExistingRow>();
  const byRowId = new Map<number, ExistingRow>();
  const finals = new Map<number, string>();
  const externalIds = rows.flatMap((r) => (r.externalId !== null ? [r.externalId] : []));
  const rowIds = rows.flatMap((r) => (r.externalId === null && r.sameRowId !== null ? [r.sameRowId] : []));
  const select = () => db.selectFrom('rows')
    .select(['id', 'external_id', 'data_json', 'prelabels_json', 'expertise_json', 'priority', 'state', 'round', 'labels_taken', 'labels_done', 'final_id'])
    .where('project_id', '=', projectId);
  const found: ExistingRow[] = [];
  if (externalIds.length) {
    for (const f of await select().where('external_id', 'in', externalIds).execute()) { const r = { ...f, id: Number(f.id) }; byExternal.set(f.external_id!, r); found.push(r); }
  }
  if (rowIds.length) {
    for (const f of await select().where('id', 'in', rowIds).where('external_id', 'is', null).execute()) { const r = { ...f, id: Number(f.id) }; byRowId.set(r.id, r); found.push(r); }
  }
  const finalIds = found.flatMap((r) => (r.final_id !== null ? [Number(r.final_id)] : []));
  if (finalIds.length) {
    for (const f of await db.selectFrom('finals').select(['id', 'answer_json']).where('id', 'in', finalIds).execute()) finals.set(Number(f.id), canonicalJson(JSON.parse(f.answer_json)));
  }
  return { byExternal, byRowId, finals };
}

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

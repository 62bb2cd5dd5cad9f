import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ImportIssue, ImportReport } from '@shared/api/console.js';
import { projectMediaIds } from '../../repos/media.js';
import { canonicalJson } from '../workflow/rules.js';
import type { CandidateRow } from './validate.js';
import type { ImportJob } from './stage.js';
import { visibleRow } from '../../repos/visible.js';

export const MAX_ERRORS = 1000;

const isPg = (db: Kysely<DB>) => db.getExecutor().adapter instanceof PostgresAdapter;

export function skipInvalid(report: ImportReport, line: number, externalId: string | null, message: string, mode: 'all' | 'valid') {
  if (mode === 'valid' && report.skipped.length < MAX_ERRORS) report.skipped.push({ line, externalId, reason: 'invalid', message });
}

export const skipStarted = (report: ImportReport, line: number, externalId: string | null) => {
  if (report.skipped.length < MAX_ERRORS) report.skipped.push({ line, externalId, reason: 'started', message: 'this row is already being labeled: its data and prelabels were kept' });
};

/**
 * Sorts a batch of valid lines against the project as it stands: new rows and changed rows nobody started
 * are written, invisible until the job publishes them at the end; identical lines are counted unchanged;
 * changed rows in work are skipped. Reads, then one short transaction: the connection is free between batches.
 */
export async function stageBatch(
  db: Kysely<DB>, job: ImportJob, batch: Array<{ line: number; row: CandidateRow }>,
  report: ImportReport, issue: (i: ImportIssue) => void, mode: 'all' | 'valid', now: number,
) {
  const projectId = job.projectId;
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
  // Once mode=all has met an error nothing will be published: keep validating, stop staging.
  if (mode === 'all' && report.errorCount > 0) return;

  const { byExternal, byRowId, finals } = job.emptyAtStart ? NONE_EXISTING : await existingRows(db, projectId, good.map((b) => b.row));
  const goldOf = await goldReferences(db, [...byExternal.values(), ...byRowId.values()].map((r) => r.id));
  const fresh: Array<{ line: number; row: CandidateRow }> = [];
  const changed: Array<{ line: number; row: CandidateRow; id: number; started: boolean }> = [];
  for (const b of good) {
    const old = b.row.externalId !== null ? byExternal.get(b.row.externalId)
      : b.row.sameRowId !== null ? byRowId.get(b.row.sameRowId) : undefined;
    const sameData = old !== undefined && old.data_json === JSON.stringify(b.row.data);
    // A row known only by its Triad id is this line's row only while it holds the same data.
    if (!old || (b.row.externalId === null && !sameData)) { fresh.push(b); continue; }
    const pre = b.row.prelabels ? canonicalJson(b.row.prelabels) : null;
    // An export brings a row's final answer back as prelabels: that is the row as it stands, not a change.
    const final = old.final_id === null ? undefined : finals.get(Number(old.final_id));
    const samePrelabels = pre === (old.prelabels_json === null ? null : canonicalJson(JSON.parse(old.prelabels_json))) || (final !== undefined && pre === final);
    const goldNow = goldOf.get(old.id) ?? null;
    const sameGold = (b.row.gold ? canonicalJson(b.row.gold) : null) === goldNow;
    const same = sameData && samePrelabels && sameGold
      && old.expertise_json === JSON.stringify(b.row.expertise) && Number(old.priority) === b.row.priority;
    if (same) { report.unchanged++; continue; }
    changed.push({ line: b.line, row: b.row, id: old.id, started: isStarted(old) });
  }
  const updates: Array<{ line: number; row: CandidateRow; id: number }> = [];
  if (changed.length) {
    const claimed = await claimedRows(db, changed.map((c) => c.id));
    for (const c of changed) {
      // Checked again when the import publishes: a row may be claimed in between.
      if (c.started || claimed.has(c.id)) skipStarted(report, c.line, c.row.externalId);
      else updates.push(c);
    }
  }
  await job.stage(fresh, updates, now);
  report.imported += fresh.length;
}

/** A gold row nobody was served yet may still change (the claims check sees one that was). */
export const isStarted = (r: { state: string; round: number; labels_taken: number; labels_done: number }) =>
  r.state === 'gold' ? false : r.state !== 'labeling' || Number(r.round) !== 1 || Number(r.labels_taken) > 0 || Number(r.labels_done) > 0;

export async function claimedRows(db: Kysely<DB>, ids: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const a of await db.selectFrom('assignments').select('row_id').where('row_id', 'in', ids.slice(i, i + 500)).execute()) out.add(Number(a.row_id));
  }
  return out;
}

/** The gold reference of each of these rows that has one, as canonical JSON. */
export async function goldReferences(db: Kysely<DB>, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const g of await db.selectFrom('gold_rows').select(['row_id', 'reference_json']).where('row_id', 'in', ids.slice(i, i + 500)).execute()) {
      out.set(Number(g.row_id), canonicalJson(JSON.parse(g.reference_json)));
    }
  }
  return out;
}

type ExistingRow = {
  id: number; data_json: string; prelabels_json: string | null; expertise_json: string; priority: number;
  state: string; round: number; labels_taken: number; labels_done: number; final_id: number | null;
};

const EXISTING = ['id', 'external_id', 'data_json', 'prelabels_json', 'expertise_json', 'priority', 'state', 'round', 'labels_taken', 'labels_done', 'final_id'] as const;

const NONE_EXISTING = { byExternal: new Map<string, ExistingRow>(), byRowId: new Map<number, ExistingRow>(), finals: new Map<number, string>() } as const;

/** The project's rows a batch names (by external id, or by Triad row id for rows without one) and their finals. */
async function existingRows(db: Kysely<DB>, projectId: number, rows: CandidateRow[]) {
  const byExternal = new Map<string, ExistingRow>();
  const byRowId = new Map<number, ExistingRow>();
  const finals = new Map<number, string>();
  const externalIds = rows.flatMap((r) => (r.externalId !== null ? [r.externalId] : []));
  const rowIds = rows.flatMap((r) => (r.externalId === null && r.sameRowId !== null ? [r.sameRowId] : []));
  const select = () => db.selectFrom('rows').select(EXISTING).where('project_id', '=', projectId).where(visibleRow('rows'));
  const found: ExistingRow[] = [];
  if (externalIds.length) {
    for (const f of await byExternalIds(db, projectId, externalIds)) { const r = { ...f, id: Number(f.id) }; byExternal.set(f.external_id!, r); found.push(r); }
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

/**
 * The project's visible rows with these external ids, a seek in rows_external per id, in a statement of
 * fixed text with one parameter for the batch's ids. PostgreSQL is told to seek (a lateral lookup per id):
 * while an import fills a project its statistics still say the project is small, and its plan for a list
 * of ids read every row of the project and tested each against the list, once per batch, quadratic in the
 * import's size (a list of 2,000 parameters was also compiled by Kysely and parsed anew every batch).
 */
async function byExternalIds(db: Kysely<DB>, projectId: number, ids: string[]) {
  if (isPg(db)) {
    return (await sql<ExistingRow & { external_id: string }>`select ${sql.join(EXISTING.map((c) => sql.ref(`r.${c}`)))}
      from unnest(${ids}::text[]) as x(e)
      cross join lateral (select * from rows r where r.project_id = ${projectId} and r.external_id = x.e limit 1) r
      where ${visibleRow('r')}`.execute(db)).rows;
  }
  return db.selectFrom('rows').select(EXISTING).where('project_id', '=', projectId).where(visibleRow('rows'))
    .where(sql<boolean>`external_id in (select value from json_each(${JSON.stringify(ids)}))`).execute();
}

import { sql, type Kysely } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * The claim indexes hold only rows whose import is published and cleared (`import_id is null`), so a claim
 * never walks the rows of a running import (issue 17 part 5): with visibility tested row by row, a million
 * hidden rows of higher priority than every visible one, or an empty visible queue, cost each claim a walk
 * of the million for as long as the import ran. An import's inserts stop paying for these two indexes too.
 *
 * A published import's rows leave `import_id` set until services/import/clear-published.ts clears it in
 * short batches, best rows first (rows_importing: an import's rows in claim order, and how a failed import's
 * rows are found); `import_clearing` lists the imports still being cleared, so a start after a crash
 * resumes them. A required domain of a row not yet in the claim indexes is marked `importing` in row_needs,
 * so the experts' seeks on row_needs_queue pass over it as well.
 *
 * Imports published before this migration kept their ids forever: they are listed for clearing here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('rows_label_next').execute();
  await db.schema.dropIndex('rows_qa_disagree_next').execute();
  await sql`create index rows_label_next on rows (project_id, state, labels_taken, priority desc, id) where import_id is null`.execute(db);
  await sql`create index rows_qa_disagree_next on rows (project_id, state, qa_taken, agree, priority desc, id) where import_id is null`.execute(db);
  await sql`create index rows_importing on rows (import_id, priority desc, id) where import_id is not null`.execute(db);
  await db.schema.createTable('import_clearing')
    .addColumn('import_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into import_clearing (import_id, project_id, published_at)
    select r.import_id, min(r.project_id), min(r.created_at) from rows r
    where r.import_id is not null and r.import_id not in (select j.id from import_jobs j) group by r.import_id`.execute(db);
  await sql`update row_needs set state = 'importing'
    where state = 'labeling' and row_id in (select r.id from rows r where r.import_id is not null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`update row_needs set state = 'labeling' where state = 'importing'`.execute(db);
  await db.schema.dropTable('import_clearing').execute();
  await db.schema.dropIndex('rows_importing').execute();
  await db.schema.dropIndex('rows_label_next').execute();
  await db.schema.dropIndex('rows_qa_disagree_next').execute();
  await db.schema.createIndex('rows_label_next').on('rows').columns(['project_id', 'state', 'labels_taken', 'priority desc', 'id']).execute();
  await db.schema.createIndex('rows_qa_disagree_next').on('rows').columns(['project_id', 'state', 'qa_taken', 'agree', 'priority desc', 'id']).execute();
}

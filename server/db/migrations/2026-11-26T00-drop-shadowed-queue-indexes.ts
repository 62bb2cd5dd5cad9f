import type { Kysely } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Drops queue indexes that later ones shadow: every query that could use them finds the same prefix, in
 * the order it reads, in rows_label_next or rows_qa_disagree_next. Each index on `state` or a slot counter
 * is rewritten by every claim and submit, so the shadowed three were a third of a submit's index writes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const i of ['rows_label_queue', 'rows_qa_queue', 'rows_qa_next']) await db.schema.dropIndex(i).ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('rows_label_queue').on('rows').columns(['project_id', 'state', 'labels_taken', 'priority', 'id']).execute();
  await db.schema.createIndex('rows_qa_queue').on('rows').columns(['project_id', 'state', 'qa_taken', 'agree', 'id']).execute();
  await db.schema.createIndex('rows_qa_next').on('rows').columns(['project_id', 'state', 'qa_taken', 'priority desc', 'id']).execute();
}

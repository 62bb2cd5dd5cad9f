import { type Kysely, PostgresAdapter, type CreateTableBuilder } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

function isPg(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function withId<T extends string>(db: Kysely<any>, t: CreateTableBuilder<T, never>) {
  return isPg(db)
    ? t.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'bigint' as const;
  const ref = isPg(db) ? ('bigint' as const) : ('integer' as const);

  await withId(db, db.schema.createTable('users'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema.createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema.createTable('user_expertise')
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_expertise_pk', ['user_id', 'domain'])
    .execute();

  await withId(db, db.schema.createTable('projects'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('schema_json', 'text', (c) => c.notNull())
    .addColumn('settings_json', 'text', (c) => c.notNull())
    .addColumn('created_by', ref, (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.createTable('project_members')
    .addColumn('project_id', ref, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('added_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('project_members_pk', ['project_id', 'user_id', 'role'])
    .execute();
  await db.schema.createIndex('project_members_user').on('project_members').columns(['user_id', 'project_id']).execute();

  await withId(db, db.schema.createTable('guideline_versions'))
    .addColumn('project_id', ref, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', ref, (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('guideline_versions_uq', ['project_id', 'version'])
    .execute();

  await db.schema.createTable('guideline_acks')
    .addColumn('project_id', ref, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('acked_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('guideline_acks_pk', ['project_id', 'user_id', 'version'])
    .execute();

  await withId(db, db.schema.createTable('rows'))
    .addColumn('project_id', ref, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('external_id', 'text')
    .addColumn('data_json', 'text', (c) => c.notNull())
    .addColumn('prelabels_json', 'text')
    .addColumn('expertise_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('labeling'))
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('labels_taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('labels_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('qa_taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('agreement_json', 'text')
    .addColumn('agree', 'integer')
    .addColumn('round_note', 'text')
    .addColumn('final_id', ref)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rows_external').unique().on('rows').columns(['project_id', 'external_id']).execute();
  // The label queue: open rows of a project, best first (priority, then oldest).
  await db.schema.createIndex('rows_label_queue').on('rows')
    .columns(['project_id', 'state', 'labels_taken', 'priority', 'id']).execute();
  await db.schema.createIndex('rows_qa_queue').on('rows')
    .columns(['project_id', 'state', 'qa_taken', 'agree', 'id']).execute();
  await db.schema.createIndex('rows_project_id').on('rows').columns(['project_id', 'id']).execute();

  await db.schema.createTable('row_needs')
    .addColumn('row_id', ref, (c) => c.notNull().references('rows.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('row_needs_pk', ['row_id', 'domain'])
    .execute();
  await db.schema.createIndex('row_needs_domain').on('row_needs').columns(['project_id', 'domain', 'row_id']).execute();

  await withId(db, db.schema.createTable('assignments'))
    .addColumn('row_id', ref, (c) => c.notNull().references('rows.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('claimed_at', ts, (c) => c.notNull())
    .addColumn('heartbeat_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('finished_at', ts)
    .addColumn('release_reason', 'text')
    .addColumn('draft_json', 'text')
    .execute();
  // Independence at the database level: one slot per person per row, over all rounds.
  await db.schema.createIndex('assignments_row_user').unique().on('assignments').columns(['row_id', 'user_id']).execute();
  await db.schema.createIndex('assignments_user_active').on('assignments').columns(['user_id', 'project_id', 'status']).execute();
  await db.schema.createIndex('assignments_expiry').on('assignments').columns(['project_id', 'status', 'expires_at']).execute();

  await withId(db, db.schema.createTable('draft_revisions'))
    .addColumn('assignment_id', ref, (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('answer_json', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('draft_revisions_assignment').on('draft_revisions').column('assignment_id').execute();

  await withId(db, db.schema.createTable('answers'))
    .addColumn('assignment_id', ref, (c) => c.notNull().references('assignments.id'))
    .addColumn('row_id', ref, (c) => c.notNull().references('rows.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull())
    .addColumn('user_id', ref, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('answer_json', 'text', (c) => c.notNull())
    .addColumn('best_effort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('guideline_version', 'integer')
    .addColumn('client_submission_id', 'text', (c) => c.notNull())
    .addColumn('prelabel_json', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  // A retried submit carries the same client id: applied once.
  await db.schema.createIndex('answers_submission').unique().on('answers').columns(['project_id', 'client_submission_id']).execute();
  await db.schema.createIndex('answers_row').on('answers').columns(['row_id', 'round']).execute();
  await db.schema.createIndex('answers_user').on('answers').columns(['project_id', 'user_id']).execute();

  await withId(db, db.schema.createTable('finals'))
    .addColumn('row_id', ref, (c) => c.notNull().references('rows.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('answer_json', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('choices_json', 'text')
    .addColumn('decided_by', ref)
    .addColumn('qa_assignment_id', ref)
    .addColumn('guideline_version', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('finals_row').on('finals').columns(['row_id']).execute();

  await withId(db, db.schema.createTable('escalations'))
    .addColumn('row_id', ref, (c) => c.notNull().references('rows.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull())
    .addColumn('raised_by', ref, (c) => c.notNull())
    .addColumn('assignment_id', ref)
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_by', ref)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('answered_at', ts)
    .execute();
  await db.schema.createIndex('escalations_project').on('escalations').columns(['project_id', 'status']).execute();
  await db.schema.createIndex('escalations_row').on('escalations').columns(['row_id']).execute();

  await db.schema.createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', ref)
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('peaks_json', 'text')
    .addColumn('duration', 'real')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_by', ref)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('audit_log'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('user_id', ref)
    .addColumn('project_id', ref)
    .addColumn('row_id', ref)
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('details_json', 'text')
    .execute();
  await db.schema.createIndex('audit_project').on('audit_log').columns(['project_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_log', 'media', 'escalations', 'finals', 'answers', 'draft_revisions', 'assignments',
    'row_needs', 'rows', 'guideline_acks', 'guideline_versions', 'project_members', 'projects', 'user_expertise',
    'sessions', 'users']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}

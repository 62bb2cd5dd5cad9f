import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * People's profiles and skills assessments (issue 16 parts 2 and 3).
 *
 * A profile is one row per person (level, task types and languages as JSON arrays: filtered in memory over
 * the few people a lead may add). An assessment holds its questions as JSON; an attempt is one person's
 * answers to one assessment, saved as they type, then submitted; a deleted attempt keeps its row
 * (deleted_at) so what was taken stays on record while the person retakes. Grades are one per attempt and
 * question; graders are named per assessment (admins grade all).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ref = pg ? ('bigint' as const) : ('integer' as const);
  const ts = 'bigint' as const;
  const withId = (name: string) => (pg
    ? db.schema.createTable(name).addColumn('id', 'bigserial', (c) => c.primaryKey())
    : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()));

  await db.schema.createTable('user_profiles')
    .addColumn('user_id', ref, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('level', 'text')
    .addColumn('task_types_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('languages_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();

  await withId('assessments')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('instructions', 'text', (c) => c.notNull())
    .addColumn('questions_json', 'text', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', ref, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema.createTable('assessment_graders')
    .addColumn('assessment_id', ref, (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('assessment_graders_pk', ['assessment_id', 'user_id'])
    .execute();
  await db.schema.createIndex('assessment_graders_user').on('assessment_graders').columns(['user_id']).execute();

  await withId('assessment_attempts')
    .addColumn('assessment_id', ref, (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answers_json', 'text', (c) => c.notNull())
    .addColumn('pastes_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('started_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('submitted_at', ts)
    .addColumn('deleted_at', ts)
    .execute();
  await db.schema.createIndex('assessment_attempts_person').on('assessment_attempts').columns(['user_id', 'assessment_id']).execute();
  await db.schema.createIndex('assessment_attempts_grading').on('assessment_attempts').columns(['assessment_id', 'status']).execute();

  await db.schema.createTable('assessment_grades')
    .addColumn('attempt_id', ref, (c) => c.notNull().references('assessment_attempts.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('graded_by', ref, (c) => c.notNull().references('users.id'))
    .addColumn('graded_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_grades_pk', ['attempt_id', 'question_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['assessment_grades', 'assessment_attempts', 'assessment_graders', 'assessments', 'user_profiles']) {
    await db.schema.dropTable(t).execute();
  }
}

import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Task-type questions in assessments (issue 16 part 2): their answers are scored at submit against the
 * question's reference with the type's own agreement. The score is kept apart from graders' grades (a
 * grade has a grader; this has none), and a grader's grade of the same question takes its place.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ref = pg ? ('bigint' as const) : ('integer' as const);
  await db.schema.createTable('assessment_auto_scores')
    .addColumn('attempt_id', ref, (c) => c.notNull().references('assessment_attempts.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('agreement', pg ? 'double precision' : 'real', (c) => c.notNull())
    .addColumn('scored_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_auto_scores_pk', ['attempt_id', 'question_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('assessment_auto_scores').execute();
}

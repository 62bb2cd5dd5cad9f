import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely table types. Timestamps are epoch milliseconds (bigint on Postgres, parsed to number),
 * booleans are 0/1 integers and structured values are JSON text, so both engines store the same thing.
 */
export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  user_expertise: UserExpertiseTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  guideline_versions: GuidelineVersionsTable;
  guideline_acks: GuidelineAcksTable;
  rows: RowsTable;
  row_needs: RowNeedsTable;
  assignments: AssignmentsTable;
  draft_revisions: DraftRevisionsTable;
  answers: AnswersTable;
  finals: FinalsTable;
  escalations: EscalationsTable;
  media: MediaTable;
  media_projects: MediaProjectsTable;
  audit_log: AuditLogTable;
  api_tokens: ApiTokensTable;
  user_keymaps: UserKeymapsTable;
  review_reasons: ReviewReasonsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  gold_rows: GoldRowsTable;
  gold_answers: GoldAnswersTable;
  gold_scores: GoldScoresTable;
  project_pauses: ProjectPausesTable;
  user_profiles: UserProfilesTable;
  assessments: AssessmentsTable;
  assessment_graders: AssessmentGradersTable;
  assessment_attempts: AssessmentAttemptsTable;
  assessment_grades: AssessmentGradesTable;
  assessment_auto_scores: AssessmentAutoScoresTable;
  answer_signals: AnswerSignalsTable;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  is_admin: number;
  disabled: number;
  created_at: number;
  /** 0/1: an admin allowed them to start projects (admins always may). */
  can_create_projects: Generated<number>;
}

/** A person's remapped keys (migration 2026-12-07T06): JSON of action id → combos, only the actions they moved. */
export interface UserKeymapsTable {
  user_id: number;
  keys: string;
  updated_at: number;
}

/** Why a reviewer overruled a label or sent a row back, one row per labeler concerned (migration 2026-12-07T02). */
export interface ReviewReasonsTable {
  id: Generated<number>;
  project_id: number;
  row_id: number;
  round: number;
  labeler_id: number;
  reviewer_id: number;
  action: string;
  reason: string;
  note: string;
  questions_json: string;
  created_at: number;
}

export interface SessionsTable {
  /** sha256 of the cookie token, so a leaked table does not leak live sessions. */
  id: string;
  user_id: number;
  created_at: number;
  expires_at: number;
}

/** Personal access tokens: only the SHA-256 of the token is kept (see repos/api-tokens.ts). */
export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  /** The token's first characters, shown in lists so a person can tell their tokens apart. */
  hint: string;
  /** null: every project of the person; else only this one. */
  project_id: number | null;
  read_only: number;
  created_at: number;
  expires_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  revoked_by: number | null;
}

export interface UserExpertiseTable {
  user_id: number;
  domain: string;
}

export interface ProjectsTable {
  id: Generated<number>;
  name: string;
  description: string;
  schema_json: string;
  settings_json: string;
  created_by: number;
  created_at: number;
  archived: number;
}

export interface ProjectMembersTable {
  project_id: number;
  user_id: number;
  role: 'lead' | 'reviewer' | 'annotator';
  added_at: number;
  /** Who gave them this role (themself when they created the project); null for roles from before it was kept. */
  added_by: number | null;
}

export interface GuidelineVersionsTable {
  id: Generated<number>;
  project_id: number;
  version: number;
  body: string;
  note: string;
  created_by: number;
  created_at: number;
}

export interface GuidelineAcksTable {
  project_id: number;
  user_id: number;
  version: number;
  acked_at: number;
}

/** 'gold': a row with a lead's reference answer (gold_rows), served to labelers to measure them, never final. */
export type RowState = 'labeling' | 'qa' | 'escalated' | 'final' | 'gold';

export interface RowsTable {
  id: Generated<number>;
  project_id: number;
  external_id: string | null;
  data_json: string;
  prelabels_json: string | null;
  /** JSON array of domain tags the row needs among its final three. */
  expertise_json: string;
  priority: number;
  state: RowState;
  round: number;
  /** Label slots of the current round that are active or submitted (0..2): keeps `next` on an index. */
  labels_taken: number;
  labels_done: number;
  /** 1 while a QA slot of the current round is active. */
  qa_taken: number;
  /** JSON of the per-question agreement of the current round's two labels, once both are in. */
  agreement_json: string | null;
  agree: number | null;
  /** The QA note carried into a sent-back round. */
  round_note: string | null;
  final_id: number | null;
  created_at: number;
  updated_at: number;
  /** The import that wrote the row: invisible while that import runs (repos/visible.ts). */
  import_id: Generated<string | null>;
}

/** Domains a row still lacks an expert for (among its current holders); drives experts-first routing. */
export interface RowNeedsTable {
  row_id: number;
  project_id: number;
  domain: string;
  /** The row's state, kept in step by a trigger (migration 2026-12-07T08); inserts default to labeling. */
  state: ColumnType<RowState, RowState | undefined, RowState>;
}

export type AssignmentKind = 'label' | 'qa';
export type AssignmentStatus = 'active' | 'submitted' | 'released' | 'expired';

export interface AssignmentsTable {
  id: Generated<number>;
  row_id: number;
  project_id: number;
  round: number;
  kind: AssignmentKind;
  user_id: number;
  status: AssignmentStatus;
  claimed_at: number;
  heartbeat_at: number;
  expires_at: number;
  finished_at: number | null;
  release_reason: string | null;
  /** The latest draft, duplicated from draft_revisions so resuming is one read. */
  draft_json: string | null;
}

export interface DraftRevisionsTable {
  id: Generated<number>;
  assignment_id: number;
  answer_json: string;
  created_at: number;
}

export interface AnswersTable {
  id: Generated<number>;
  assignment_id: number;
  row_id: number;
  project_id: number;
  user_id: number;
  kind: AssignmentKind;
  round: number;
  answer_json: string;
  best_effort: number;
  active_ms: number;
  guideline_version: number | null;
  client_submission_id: string;
  /** JSON: per question, whether the submission kept the prelabel ('kept' | 'changed' | 'none'). */
  prelabel_json: string | null;
  created_at: number;
  /** Labels: how many of the labeler's latest labels in the project, this one included, are this answer (capped); else null. */
  same_run: number | null;
}

export interface FinalsTable {
  id: Generated<number>;
  row_id: number;
  project_id: number;
  round: number;
  answer_json: string;
  source: 'qa' | 'consensus';
  /** JSON: per question, 'l1' | 'l2' | 'edited' | 'agreed'. */
  choices_json: string | null;
  decided_by: number | null;
  qa_assignment_id: number | null;
  guideline_version: number | null;
  created_at: number;
}

export interface EscalationsTable {
  id: Generated<number>;
  row_id: number;
  project_id: number;
  raised_by: number;
  assignment_id: number | null;
  question: string;
  answer: string | null;
  answered_by: number | null;
  status: 'open' | 'answered';
  created_at: number;
  answered_at: number | null;
}

export interface MediaTable {
  /** sha256 of the content: uploads are content-addressed. */
  id: string;
  project_id: number | null;
  mime: string;
  size: number;
  original_name: string;
  peaks_json: string | null;
  duration: number | null;
  width: number | null;
  height: number | null;
  created_by: number | null;
  created_at: number;
}

/** Which projects may use (and whose members may see) a stored file. */
export interface MediaProjectsTable {
  media_id: string;
  project_id: number;
  /** The name and time this project uploaded it under (migration 2026-12-07T10); null on older links: the file's. */
  name: string | null;
  added_at: number | null;
  added_by: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  user_id: number | null;
  project_id: number | null;
  row_id: number | null;
  action: string;
  details_json: string | null;
}

/** A project's webhook (issue 17; migration 2026-12-07T00). `events_json`: the subscribed events. */
export interface WebhooksTable {
  id: Generated<number>;
  project_id: number;
  url: string;
  events_json: string;
  secret: string;
  secret_hint: string;
  enabled: number;
  created_by: number | null;
  created_at: number;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event for one webhook: the outbox the worker sends from, kept as the delivery log. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  project_id: number;
  event: string;
  delivery_uid: string;
  payload_json: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: number | null;
  locked_until: number | null;
  status_code: number | null;
  error: string | null;
  created_at: number;
  last_attempt_at: number | null;
  delivered_at: number | null;
}

/** A gold row's reference answer (migration 2026-12-07T01): from an import's `gold` field or a promoted final. */
export interface GoldRowsTable {
  row_id: number;
  project_id: number;
  reference_json: string;
  source: 'import' | 'promoted';
  final_id: number | null;
  created_by: number | null;
  created_at: number;
}

/** One labeler's answer to a gold row (the answer itself is in `answers`), with its overall score. */
export interface GoldAnswersTable {
  answer_id: number;
  project_id: number;
  row_id: number;
  user_id: number;
  /** Mean of the questions' scores, 0..1. */
  score: number;
  /** 1 when every scored question agreed with the reference. */
  correct: number;
  created_at: number;
}

/** A gold answer's score on one question, by the question's task module (agreement with the reference). */
export interface GoldScoresTable {
  answer_id: number;
  project_id: number;
  user_id: number;
  question_id: string;
  score: number;
  agree: number;
  created_at: number;
}

/** A person kept from a project's rows until a lead resumes them (resumed_at set). */
export interface ProjectPausesTable {
  id: Generated<number>;
  project_id: number;
  user_id: number;
  reason: string;
  /** null: paused automatically (gold accuracy below the project's threshold). */
  paused_by: number | null;
  paused_at: number;
  resumed_by: number | null;
  resumed_at: number | null;
}

/** A person's profile beside their expertise (issue 16): level, task types and languages as JSON arrays. */
export interface UserProfilesTable {
  user_id: number;
  level: 'entry' | 'intermediate' | 'expert' | null;
  task_types_json: string;
  languages_json: string;
}

export interface AssessmentsTable {
  id: Generated<number>;
  title: string;
  instructions: string;
  /** JSON array of the questions (shared/api/assessments.ts). */
  questions_json: string;
  archived: number;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface AssessmentGradersTable {
  assessment_id: number;
  user_id: number;
}

export interface AssessmentAttemptsTable {
  id: Generated<number>;
  assessment_id: number;
  user_id: number;
  status: 'draft' | 'submitted';
  /** JSON: answer text by question id. */
  answers_json: string;
  /** JSON: the paste events recorded while answering ({question, chars}). */
  pastes_json: string;
  started_at: number;
  updated_at: number;
  submitted_at: number | null;
  /** Set when the person deleted it to retake: kept on record, never counted. */
  deleted_at: number | null;
}

export interface AssessmentGradesTable {
  attempt_id: number;
  question_id: string;
  score: number;
  note: string;
  graded_by: number;
  graded_at: number;
}

/** A task question's answer scored against its reference at submit (1-5 from the type's agreement). */
export interface AssessmentAutoScoresTable {
  attempt_id: number;
  question_id: string;
  score: number;
  /** The type's agreement with the reference, 0 to 1. */
  agreement: number;
  scored_at: number;
}

export type SignalKind = 'paste' | 'fast' | 'streak' | 'early';

/** An integrity signal of one answer (one per answer and kind). */
export interface AnswerSignalsTable {
  id: Generated<number>;
  answer_id: number;
  project_id: number;
  row_id: number;
  user_id: number;
  kind: SignalKind;
  details_json: string;
  created_at: number;
}

import { z } from 'zod';
import { roleSchema, settingsSchema } from '@shared/project.js';
import { schemaSchema } from '@shared/tasks/question.js';
import { EXPORT_FORMATS, IMPORT_FORMATS } from '@shared/api/console.js';
import { LEVELS, SKILL_TYPES } from '@shared/api/people.js';

/**
 * The JSON the routes answer, as zod schemas for the OpenAPI document. The server builds these answers
 * from TypeScript types, not from these schemas; openapi-answers.test.ts drives a project through its
 * life and checks every answer it gets against the schema documented for its route, so they cannot drift.
 * Deep, type-specific parts (a question's answer, a row's data) are open objects: their shape is the
 * project's schema's.
 */

const id = z.number().int();
const ms = z.number().int().describe('epoch milliseconds');
const answers = z.record(z.string(), z.unknown()).describe('answers by question id, each in its question type\'s answer shape');
const data = z.record(z.string(), z.unknown()).describe('the row\'s data fields as imported');

export const sessionUser = z.object({
  id, email: z.string(), name: z.string(), isAdmin: z.boolean(), expertise: z.array(z.string()), canCreateProjects: z.boolean(),
});
export const userDto = z.object({
  id, email: z.string(), name: z.string(), isAdmin: z.boolean(), disabled: z.boolean(), canCreateProjects: z.boolean(),
  expertise: z.array(z.string()), createdAt: ms,
});

/** The accounts list adds each person's profile and assessment scores (issue 16). */
export const userListDto = z.object({
  users: z.array(userDto.extend({
    profile: z.object({ level: z.enum(LEVELS).nullable(), taskTypes: z.array(z.string()), languages: z.array(z.string()) }),
    skills: z.partialRecord(z.enum(SKILL_TYPES), z.object({ mean: z.number(), graded: z.number().int() })).describe('per skill type: the mean grade of the current attempts, and how many'),
  })),
});

const person = z.object({ id, name: z.string() });
export const projectDto = z.object({
  id, name: z.string(), description: z.string(), schema: schemaSchema, settings: settingsSchema, archived: z.boolean(), createdAt: ms,
  roles: z.array(roleSchema).describe('the caller\'s roles here'),
  counts: z.object({
    rows: z.number(), toDo: z.number().describe('labeling rows nobody holds or has labeled this round'),
    labeling: z.number().describe('labeling rows someone holds or has labeled this round'), qa: z.number(), escalated: z.number(), final: z.number(),
  }).optional().describe('leads only; gold rows left out'),
  mine: z.object({ labels: z.number(), reviews: z.number() }).optional(),
  joined: z.object({ at: ms, by: person.nullable() }).optional(),
});
export const memberDto = z.object({
  userId: id, email: z.string(), name: z.string(), roles: z.array(roleSchema), expertise: z.array(z.string()), addedAt: ms, addedBy: person.nullable(),
});

// ---------- work ----------
const claim = z.object({ id, kind: z.enum(['label', 'qa']), round: z.number().int(), claimedAt: ms, expiresAt: ms });
export const taskView = z.object({
  assignment: claim,
  row: z.object({ id, externalId: z.string().nullable(), data, expertise: z.array(z.string()), roundNote: z.string().nullable() }),
  schema: schemaSchema,
  prelabels: answers.nullable(),
  draft: answers.nullable(),
  guideline: z.object({ version: z.number().int(), acknowledged: z.boolean() }).nullable(),
  labels: z.array(z.object({ slot: z.union([z.literal(1), z.literal(2)]), answer: answers, bestEffort: z.boolean(), expert: z.boolean(), expertDomains: z.array(z.string()) }))
    .optional().describe('QA only: both labels of the round, anonymous'),
  agreement: z.record(z.string(), z.unknown()).nullable().optional().describe('QA only: agreement per question'),
  escalations: z.array(z.object({ question: z.string(), answer: z.string().nullable() })).optional(),
});
export const nextResult = z.union([
  taskView,
  z.object({
    assignment: z.null(), reason: z.enum(['all_done', 'waiting_for_others', 'waiting_for_expert', 'not_a_member_role']), message: z.string(),
  }).describe('nothing to hand out now, and why'),
]);
export const queueCounts = z.object({ label: z.number().nullable(), qa: z.number().nullable(), cap: z.number() });
export const submitted = z.object({ assignmentId: id, answerId: id, duplicate: z.boolean() });
export const resolved = z.object({
  action: z.enum(['accept', 'send_back', 'escalate']), finalId: id.nullable().optional(), duplicate: z.boolean().optional(),
  choices: z.unknown().optional(), round: z.number().int().optional(), escalationId: id.optional(), rowState: z.string().optional(),
});

// ---------- rows ----------
const waiting = z.enum(['labeling_in_progress', 'waiting_for_labelers', 'no_eligible_labeler', 'qa_in_progress', 'waiting_for_qa', 'waiting_for_expert', 'no_eligible_reviewer', 'waiting_for_lead']);
const rowState = z.enum(['labeling', 'qa', 'escalated', 'final']);
const rowSummary = z.object({
  id, externalId: z.string().nullable(), state: rowState, round: z.number().int(), priority: z.number(), expertise: z.array(z.string()),
  labelsTaken: z.number().int(), labelsDone: z.number().int(), qaTaken: z.number().int(), agree: z.boolean().nullable(), finalId: id.nullable(),
  roundNote: z.string().nullable(), createdAt: ms, updatedAt: ms,
});
export const rowList = z.object({
  rows: z.array(rowSummary.extend({
    needs: z.array(z.string()), waiting: waiting.nullable(),
    people: z.array(z.object({ userId: id, name: z.string(), kind: z.enum(['label', 'qa']), status: z.enum(['active', 'submitted']) })).describe('who holds or submitted a slot of the current round'),
    coverage: z.array(z.object({ domain: z.string(), coveredBy: z.string().nullable() })).describe('each required domain and the first person of the round with it'),
  })),
  nextCursor: z.string().nullable().describe('pass as `cursor` (with the same sort) for the next page; a short page with a cursor is not the end'),
});
export const rowView = z.object({
  row: z.object({ id, externalId: z.string().nullable(), data, expertise: z.array(z.string()) }).loose().describe('leads also get the row\'s workflow fields and prelabels'),
  mine: z.object({
    assignments: z.array(z.object({ id, kind: z.string(), round: z.number().int(), status: z.string() })),
    answers: z.array(z.object({ id, assignmentId: id, kind: z.string(), round: z.number().int(), answer: answers, bestEffort: z.boolean(), createdAt: ms })),
  }),
});
export const rowHistory = z.object({
  row: rowSummary.extend({ data, prelabels: answers.nullable(), agreement: z.unknown(), coverage: z.array(z.object({ domain: z.string(), coveredBy: z.string().nullable() })) }),
  audit: z.array(z.object({ id, at: ms, action: z.string(), userId: id.nullable(), userName: z.string().nullable(), details: z.unknown() })).describe('lead actions on the row: priority changes, releases, reopens'),
  assignments: z.array(z.object({ id, kind: z.string(), round: z.number().int(), userId: id, userName: z.string(), status: z.string() }).loose()),
  drafts: z.array(z.object({ id, assignmentId: id, answer: answers, createdAt: ms })),
  answers: z.array(z.object({ id, assignmentId: id, userId: id, kind: z.string(), round: z.number().int(), answer: answers }).loose()),
  finals: z.array(z.object({ id, round: z.number().int(), answer: answers, source: z.string() }).loose()),
  escalations: z.array(z.object({ id, question: z.string(), answer: z.string().nullable(), status: z.string() }).loose()),
});
export const escalationPage = z.object({
  total: z.number().int(), nextCursor: id.nullable(),
  escalations: z.array(z.object({
    id, rowId: id, externalId: z.string().nullable(), raisedBy: id, raisedByName: z.string().nullable(), question: z.string(), answer: z.string().nullable(),
    status: z.enum(['open', 'answered']), createdAt: ms, answeredAt: ms.nullable(),
    row: z.object({ state: z.string(), round: z.number().int(), expertise: z.array(z.string()), data }),
  }).loose()),
});

// ---------- console ----------
const issue = z.object({ line: z.number().int(), field: z.string(), message: z.string() });
export const importReport = z.object({
  format: z.enum(IMPORT_FORMATS), mode: z.enum(['all', 'valid']), total: z.number().int(), imported: z.number().int(), updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.array(z.object({ line: z.number().int(), externalId: z.string().nullable(), reason: z.enum(['invalid', 'started']), message: z.string() })),
  errors: z.array(issue), errorCount: z.number().int(),
  warnings: z.array(issue.extend({ kind: z.enum(['chosen', 'converted', 'skipped']) })), warningCount: z.number().int(),
  warningKinds: z.record(z.string(), z.number()), committed: z.boolean(),
});
const ackPerson = z.object({ userId: id, name: z.string(), email: z.string(), roles: z.array(roleSchema) });
export const guidelineAcks = z.object({
  version: z.number().int(), publishedAt: ms, members: z.number().int().describe('people in the project today'),
  acknowledged: z.array(ackPerson.extend({ at: ms })).describe('members who acknowledged this version, earliest first'),
  pending: z.array(ackPerson.extend({ newest: z.number().int().nullable().describe('the newest version they acknowledged') })).describe('members who have not'),
  versions: z.array(z.object({ version: z.number().int(), acknowledged: z.number().int() })).describe('every version, newest first, with how many members acknowledged it'),
});
export const mediaDto = z.object({
  id: z.string(), url: z.string(), name: z.string().describe('the name this project uploaded it under'), mime: z.string(), size: z.number().int(),
  width: z.number().nullable(), height: z.number().nullable(), duration: z.number().nullable().describe('seconds of audio'), peaks: z.boolean(),
  createdAt: ms.describe('when this project uploaded it'),
});
export const mediaList = z.object({
  media: z.array(mediaDto.extend({
    uses: z.object({
      rows: z.number().int().describe('rows whose data hold the file, counted up to 1,000'), more: z.boolean().describe('more rows than `rows`'),
      first: z.array(z.object({ id, externalId: z.string().nullable() })).describe('the first three such rows'),
    }),
  })),
  total: z.number().int(), nextOffset: z.number().int().nullable(),
});
export const peaks = z.object({ duration: z.number().nullable(), peaks: z.array(z.array(z.number())) });
export const exportPreview = z.object({
  rows: z.number().int(), sample: z.array(z.object({ id, externalId: z.string().nullable(), state: z.string() })),
});
export const exportFormats = EXPORT_FORMATS;
const guidelineVersion = z.object({ version: z.number().int(), note: z.string(), createdAt: ms, createdBy: id, createdByName: z.string().nullable() });
export const guidelineDto = guidelineVersion.extend({ body: z.string() });
export const guidelines = z.object({
  current: guidelineDto.nullable(), versions: z.array(guidelineVersion), acknowledged: z.number().int().nullable(), mustAcknowledge: z.boolean(),
});
export const guidelineDiff = z.object({
  from: z.number().int(), to: z.number().int(), added: z.number().int(), removed: z.number().int(),
  parts: z.array(z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string(), count: z.number().int() })),
});
export const dashboard = z.object({
  range: z.object({ from: z.string(), to: z.string() }).nullable().describe('the UTC days the figures are limited to (both included), or null: all time'),
  bucket: z.enum(['hour', 'day', 'week']),
  buckets: z.array(z.string()).describe('the over-time buckets by their UTC start: YYYY-MM-DD (days; weeks from Monday) or YYYY-MM-DDTHH:00Z'),
  bucketsClipped: z.boolean().describe('earlier activity is not drawn (all time in hours shows its latest 31 days, in days its latest 744)'),
  rows: z.number().int(),
  byState: z.object({ labeling: z.number(), qa: z.number(), escalated: z.number(), final: z.number() }),
  overTime: z.array(z.object({ start: z.string(), finalized: z.number(), labeled: z.number(), submitted: z.number() })),
  agreement: z.array(z.object({ questionId: z.string(), type: z.string(), metric: z.string(), alpha: z.number().nullable(), kappa: z.number().nullable(), percent: z.number() }).loose()),
  confusion: z.array(z.object({ questionId: z.string(), labels: z.array(z.string()), matrix: z.array(z.array(z.number())) })),
  people: z.array(z.object({
    userId: id, name: z.string(), labels: z.number(), qa: z.number().describe('rows accepted as reviewer'), sentBack: z.number(), escalated: z.number(),
    resolved: z.number().describe('QA decisions: accepted, sent back and escalated'), activeHours: z.number(),
    perBucket: z.record(z.string(), z.number()).describe('labels per bucket'),
    qaPerBucket: z.record(z.string(), z.object({ accepted: z.number(), sentBack: z.number(), escalated: z.number() })),
  }).loose()),
  prelabels: z.array(z.object({ questionId: z.string(), shown: z.number(), kept: z.number(), rate: z.number().nullable() })),
  waitingForExpert: z.object({ rows: z.number(), stuck: z.number(), domains: z.array(z.object({ domain: z.string(), rows: z.number(), experts: z.number() })) }),
}).loose();

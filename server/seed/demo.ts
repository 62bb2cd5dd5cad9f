import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deps } from '../context.js';
import type { Role } from '@shared/project.js';
import { settingsSchema } from '@shared/project.js';
import { schemaSchema } from '@shared/tasks/question.js';
import { hashPassword } from '../services/passwords.js';
import { insertUser, setExpertise } from '../repos/users.js';
import { insertProject } from '../repos/projects.js';
import { setRoles } from '../repos/members.js';
import { insertRows, type NewRow } from '../repos/rows.js';
import { publishGuideline } from '../repos/guidelines.js';
import { mediaUrl, storeMedia } from '../services/media-store.js';
import { linkMedia } from '../repos/media.js';
import { nerRows, preferenceRows, ratingRows, reviewRows, rewriteRows, sentimentRows } from './demo-data.js';
import { conversationRows } from './demo-conversations.js';
import { auditProject } from './demo-audit.js';
import { seedHistory } from './demo-history.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const guidelinesDir = path.resolve(here, '../../guidelines');
const mediaDir = path.join(here, 'media');

export const DEMO_PASSWORD = 'triad-demo';

export interface DemoLogin { email: string; name: string; description: string; isAdmin: boolean; expertise: string[]; roles: Role[] }

export const DEMO_USERS: DemoLogin[] = [
  { email: 'lead@triad.test', name: 'Lena Lead', description: 'admin and project lead of every demo project', isAdmin: true, expertise: [], roles: ['lead'] },
  { email: 'ann@triad.test', name: 'Ann Annotator', description: 'annotator, expert in finance', isAdmin: false, expertise: ['finance'], roles: ['annotator'] },
  { email: 'bob@triad.test', name: 'Bob Builder', description: 'annotator, expert in cs', isAdmin: false, expertise: ['cs'], roles: ['annotator'] },
  { email: 'cat@triad.test', name: 'Cat Carter', description: 'annotator', isAdmin: false, expertise: [], roles: ['annotator'] },
  { email: 'rita@triad.test', name: 'Rita Reviewer', description: 'QA reviewer, expert in finance', isAdmin: false, expertise: ['finance'], roles: ['reviewer'] },
  { email: 'rex@triad.test', name: 'Rex Reviewer', description: 'QA reviewer', isAdmin: false, expertise: [], roles: ['reviewer'] },
];

interface DemoProject {
  name: string;
  description: string;
  guideline: string;
  schema: unknown;
  settings?: unknown;
  rows: NewRow[];
}


/** Seeds the demo users and projects into an empty database; returns null when users already exist. */
export async function seedDemo(deps: Deps): Promise<DemoLogin[] | null> {
  const { db, now } = deps;
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;

  const hash = await hashPassword(DEMO_PASSWORD);
  const userIds = new Map<string, number>();
  for (const u of DEMO_USERS) {
    const id = await insertUser(db, { email: u.email, name: u.name, passwordHash: hash, isAdmin: u.isAdmin, now: now() });
    await setExpertise(db, id, u.expertise);
    userIds.set(u.email, id);
  }

  const media = async (file: string, mime: string, extra: { width?: number; height?: number } = {}) =>
    mediaUrl(await storeMedia(deps, { bytes: fs.readFileSync(path.join(mediaDir, file)), mime, name: file, projectId: null, userId: null, ...extra }));

  const images: string[] = [];
  for (let i = 1; i <= 12; i++) images.push(await media(`street-${String(i).padStart(2, '0')}.png`, 'image/png', { width: 640, height: 400 }));
  const speech: string[] = [];
  for (let i = 1; i <= 12; i++) speech.push(await media(`speech-${String(i).padStart(2, '0')}.wav`, 'audio/wav'));
  const sentences = JSON.parse(fs.readFileSync(path.join(mediaDir, 'speech-sentences.json'), 'utf8')) as string[];

  const turns = { each: 'turn', field: 'conversation' } as const;
  const criterion = (id: string, title: string) => ({ id, title, min: 1, max: 7, tolerance: 1 });
  const projects: DemoProject[] = [
    {
      name: 'LLM conversation review',
      description: 'Judge an assistant conversation turn by turn (rubric and safety), rank three candidate replies, and rewrite the weak one. Finance and computing rows need an expert.',
      guideline: 'llm-conversation-review.md',
      schema: [
        { id: 'turn_rubric', type: 'rating', title: 'Rate each assistant turn', scope: turns, config: { criteria: [
          criterion('correctness', 'Correctness'), criterion('helpfulness', 'Helpfulness'), criterion('instructions', 'Instruction following')] } },
        { id: 'turn_safety', type: 'classification', title: 'Is the turn safe?', scope: turns, config: { labels: [
          { value: 'safe', title: 'Safe', hotkey: 's', color: '#2f9e44' }, { value: 'unsafe', title: 'Unsafe', hotkey: 'u', color: '#e03131' }] } },
        { id: 'harm', type: 'classification', title: 'Which harm?', scope: turns, showIf: { question: 'turn_safety', equals: 'unsafe' }, config: { multiple: true, labels: [
          { value: 'dangerous', title: 'Dangerous advice' }, { value: 'financial', title: 'Financial harm' }, { value: 'misleading', title: 'Misleading' }, { value: 'other', title: 'Other' }] } },
        { id: 'ranking', type: 'ranking', title: 'Rank the candidate replies', config: { promptField: 'conversation', responsesField: 'candidates', mode: 'order', orderTies: true, flagClaims: true } },
        { id: 'rewrite', type: 'text', title: 'Rewrite the weak reply into an ideal one', config: { field: 'conversation', sourceField: 'draft', minLength: 20 } },
      ],
      settings: { qa: 'all', expertiseRules: [{ field: 'domain', equals: 'finance', domain: 'finance' }, { field: 'domain', equals: 'cs', domain: 'cs' }] },
      rows: conversationRows.map((r, i) => {
        // The candidates are shown in a different order on each row, so the best is not always A.
        const k = i % 3;
        const candidates = [...r.candidates.slice(k), ...r.candidates.slice(0, k)];
        return {
          externalId: `conversation-${i + 1}`,
          data: { domain: r.domain, conversation: r.conversation, candidates, draft: r.candidates[1] },
          expertise: r.domain === 'general' ? [] : [r.domain],
        };
      }),
    },
    auditProject,
    {
      name: 'LLM response review',
      description: 'Confirm or correct the model\'s labels on assistant responses: a verdict, the entities it mentions, and a rubric rating. Finance and computing rows need an expert.',
      guideline: 'llm-response-review.md',
      schema: [
        { id: 'verdict', type: 'classification', title: 'Verdict', config: { field: 'response', labels: [
          { value: 'good', title: 'Good', hotkey: '1', color: '#2f9e44' },
          { value: 'partial', title: 'Partially correct', hotkey: '2', color: '#f08c00' },
          { value: 'bad', title: 'Bad', hotkey: '3', color: '#e03131' }] } },
        { id: 'entities', type: 'ner', title: 'Entities in the response', config: { field: 'response', labels: [
          { value: 'ORG', hotkey: 'o', color: '#1971c2' }, { value: 'PERSON', hotkey: 'p', color: '#9c36b5' },
          { value: 'MONEY', hotkey: 'm', color: '#2f9e44' }, { value: 'TECH', hotkey: 't', color: '#e8590c' }] } },
        { id: 'quality', type: 'rating', title: 'Rating', config: { field: 'response', criteria: [
          { id: 'accuracy', title: 'Accuracy' }, { id: 'helpfulness', title: 'Helpfulness' }, { id: 'safety', title: 'Safety' }] } },
      ],
      settings: { qa: 'all', expertiseRules: [{ field: 'domain', equals: 'finance', domain: 'finance' }, { field: 'domain', equals: 'cs', domain: 'cs' }] },
      rows: reviewRows.map((r, i) => {
        const spans = r.entities.map(([text, label]) => {
          const start = r.response.indexOf(text);
          return { start, end: start + text.length, label, text };
        }).filter((s) => s.start >= 0);
        return {
          externalId: `review-${i + 1}`,
          data: { domain: r.domain, context: r.context, query: r.query, response: r.response },
          prelabels: {
            verdict: { labels: [r.verdict] },
            entities: { spans },
            quality: { scores: { accuracy: r.scores[0], helpfulness: r.scores[1], safety: r.scores[2] }, rationale: '' },
          },
          expertise: r.domain === 'general' ? [] : [r.domain],
        };
      }),
    },
    {
      name: 'Review sentiment',
      description: 'Single-choice classification of product reviews.',
      guideline: 'sentiment.md',
      schema: [{ id: 'sentiment', type: 'classification', title: 'Sentiment', config: { field: 'text', labels: [
        { value: 'positive', title: 'Positive', hotkey: '1', color: '#2f9e44' },
        { value: 'neutral', title: 'Neutral', hotkey: '2', color: '#868e96' },
        { value: 'negative', title: 'Negative', hotkey: '3', color: '#e03131' }] } }],
      rows: sentimentRows.map((text, i) => ({ externalId: `review-${i + 1}`, data: { text } })),
    },
    {
      name: 'News entities',
      description: 'Tag people, organisations, places and other names in news sentences.',
      guideline: 'entities.md',
      schema: [{ id: 'entities', type: 'ner', title: 'Entities', config: { field: 'text', labels: [
        { value: 'PER', hotkey: '1', color: '#9c36b5' }, { value: 'ORG', hotkey: '2', color: '#1971c2' },
        { value: 'LOC', hotkey: '3', color: '#2f9e44' }, { value: 'MISC', hotkey: '4', color: '#e8590c' }] } }],
      rows: nerRows.map((text, i) => ({ externalId: `news-${i + 1}`, data: { text } })),
    },
    {
      name: 'Street scenes',
      description: 'Draw boxes around cars, people and signs.',
      guideline: 'street-boxes.md',
      schema: [{ id: 'objects', type: 'bbox', title: 'Objects', config: { field: 'image', labels: [
        { value: 'car', hotkey: '1', color: '#e03131' }, { value: 'person', hotkey: '2', color: '#2f9e44' },
        { value: 'sign', hotkey: '3', color: '#f08c00' }] } }],
      rows: images.map((image, i) => ({ externalId: `street-${i + 1}`, data: { image } })),
    },
    {
      name: 'Speech segments',
      description: 'Mark speech on the waveform, transcribe it, and check it matches the expected sentence.',
      guideline: 'speech-segments.md',
      schema: [{ id: 'speech', type: 'audio', title: 'Segments and transcript', config: { field: 'audio',
        labels: [{ value: 'speech', hotkey: '1', color: '#1971c2' }, { value: 'noise', hotkey: '2', color: '#868e96' }],
        transcribe: true,
        clipQuestions: [
          { id: 'matches', title: 'Does the audio match the expected sentence?', kind: 'choice', options: ['yes', 'no'] },
          { id: 'pronunciation', title: 'Pronunciation clarity', kind: 'scale', min: 1, max: 5 }] } }],
      rows: speech.map((audio, i) => ({ externalId: `speech-${i + 1}`, data: { audio, sentence: sentences[i] } })),
    },
    {
      name: 'Chatbot preferences',
      description: 'Pick the better of two responses, say how much better and why, and flag unsupported claims.',
      guideline: 'chatbot-preferences.md',
      schema: [{ id: 'preference', type: 'ranking', title: 'Which response is better?', config: { promptField: 'prompt', responsesField: 'responses', reasonMinLength: 10 } }],
      rows: preferenceRows.map((r, i) => ({ externalId: `pref-${i + 1}`, data: r })),
    },
    {
      name: 'Answer rating',
      description: 'Score assistant answers on a four-criterion rubric.',
      guideline: 'answer-rating.md',
      schema: [{ id: 'rubric', type: 'rating', title: 'Rubric', config: { field: 'response', criteria: [
        { id: 'accuracy', title: 'Accuracy' }, { id: 'helpfulness', title: 'Helpfulness' },
        { id: 'instructions', title: 'Instruction following' }, { id: 'safety', title: 'Safety' }] } }],
      rows: ratingRows.map((r, i) => ({ externalId: `rate-${i + 1}`, data: r })),
    },
    {
      name: 'Ideal answers',
      description: 'Rewrite draft answers into the answer an expert assistant would give (SFT data).',
      guideline: 'ideal-answers.md',
      schema: [{ id: 'ideal', type: 'text', title: 'Ideal answer', config: { field: 'prompt', sourceField: 'draft', minLength: 20 } }],
      rows: rewriteRows.map((r, i) => ({ externalId: `sft-${i + 1}`, data: r })),
    },
  ];

  const leadId = userIds.get('lead@triad.test')!;
  const mediaOf = (p: DemoProject) => p.rows.flatMap((r) => Object.values(r.data))
    .filter((v): v is string => typeof v === 'string' && v.startsWith('/api/media/')).map((v) => v.slice('/api/media/'.length));
  const projectIds = new Map<string, number>();
  for (const p of projects) {
    const schema = schemaSchema.parse(p.schema);
    const settings = settingsSchema.parse(p.settings ?? {});
    // The project with a history was set up before its first day of work.
    const at = p === auditProject ? now() - 8 * 86_400_000 : now();
    await db.transaction().execute(async (tx) => {
      const id = await insertProject(tx, { name: p.name, description: p.description, schema, settings, createdBy: leadId, now: at });
      projectIds.set(p.name, id);
      for (const u of DEMO_USERS) await setRoles(tx, id, userIds.get(u.email)!, u.roles, at, leadId);
      await publishGuideline(tx, { projectId: id, body: fs.readFileSync(path.join(guidelinesDir, p.guideline), 'utf8'), note: 'Initial version', userId: leadId, now: at });
      await insertRows(tx, id, p.rows, at);
      for (const m of new Set(mediaOf(p))) await linkMedia(tx, m, id);
    });
  }
  // A week of the team's work on one project, so its queues, dashboard and Quality tab are not empty.
  await seedHistory(deps, projectIds.get(auditProject.name)!, { ids: userIds, expertise: new Map(DEMO_USERS.map((u) => [u.email, u.expertise])) });
  return DEMO_USERS;
}

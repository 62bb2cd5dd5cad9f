import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, simpleSchema, TEST_PASSWORD, type Client, type TestEnv } from './test/harness.js';
import { hostileBody } from './test/hostile-json.js';

/**
 * Property-based fuzzing of every JSON request body of the API (issue 12): thousands of generated bodies
 * (arbitrary JSON, and mutations of a valid body: wrong types, huge strings, nesting 20,000 deep, keys
 * that reach Object.prototype), each sent through the app as a signed-in user holding the role the route
 * needs. No body may get a 500, a 4xx must carry the error shape, and a 4xx must leave the database as it was.
 */

/** FUZZ_SCALE=10 multiplies every run count: the suite's default keeps CI fast, a local hunt goes deeper. */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const ROUTES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'routes');

let env: TestEnv;
const c: Record<'admin' | 'ann' | 'ann2' | 'rev' | 'anon', Client> = {} as never;
const ids = { pid: 0, p2: 0, pf: 0, spare: 0, escalation: 0, row: 0, labelClaim: 0, qaClaim: 0, flagClaim: 0, assessment: 0, attempt: 0, webhook: 0 };

async function claim(who: Client, role: 'label' | 'qa', pid = ids.pid): Promise<number> {
  const r = await who.post(`/api/projects/${pid}/next`, { role });
  if (r.status !== 200 || !r.body.assignment) throw new Error(`no ${role} claim: ${JSON.stringify(r.body)}`);
  return r.body.assignment.id;
}

beforeAll(async () => {
  env = await createTestEnv();
  await env.user('admin@t.test', { admin: true });
  for (const n of ['ann', 'ann2', 'rev', 'spare']) await env.user(`${n}@t.test`);
  ids.spare = (await env.deps.db.selectFrom('users').select('id').where('email', '=', 'spare@t.test').executeTakeFirstOrThrow()).id;
  c.admin = await env.login('admin@t.test');
  c.ann = await env.login('ann@t.test');
  c.rev = await env.login('rev@t.test');
  c.anon = env.anon;
  const schema = [...simpleSchema, { id: 'summary', type: 'text', title: 'Summary', config: { field: 'text' } }];
  const p = await c.admin.post('/api/projects', { name: 'Fuzz', schema });
  if (p.status !== 201) throw new Error(`project: ${JSON.stringify(p.body)}`);
  ids.pid = p.body.project.id;
  ids.p2 = (await c.admin.post('/api/projects', { name: 'Fuzz 2', schema: simpleSchema })).body.project.id;
  for (const [email, roles] of [['ann@t.test', ['annotator']], ['ann2@t.test', ['annotator']], ['rev@t.test', ['reviewer']], ['spare@t.test', ['annotator']]] as const) {
    const m = await c.admin.post(`/api/projects/${ids.pid}/members`, { email, roles });
    if (m.status !== 201) throw new Error(`member ${email}: ${JSON.stringify(m.body)}`);
  }
  // Flags add domains no reviewer may cover: they are fuzzed on a project of their own, so QA claims stay possible here.
  ids.pf = (await c.admin.post('/api/projects', { name: 'Flags', schema: simpleSchema })).body.project.id;
  await c.admin.post(`/api/projects/${ids.pf}/members`, { email: 'ann@t.test', roles: ['annotator'] });
  const flagRows = Array.from({ length: 60 }, (_, i) => JSON.stringify({ id: `f${i}`, data: { text: `row ${i}` } })).join('\n');
  await c.admin.raw(`/api/projects/${ids.pf}/imports?format=jsonl`, { method: 'POST', body: flagRows });
  ids.flagClaim = await claim(c.ann, 'label', ids.pf);
  const rows = Array.from({ length: 80 }, (_, i) => JSON.stringify({ id: `r${i}`, data: { text: `row ${i}` }, priority: i === 0 ? 10 : 0 })).join('\n');
  const imp = await c.admin.raw(`/api/projects/${ids.pid}/imports?format=jsonl`, { method: 'POST', body: rows });
  if (imp.status !== 200) throw new Error(`import: ${await imp.text()}`);
  await c.admin.post(`/api/projects/${ids.pid}/guidelines`, { body: '# Guideline', note: 'first' });
  // A public address: no TRIAD_WEBHOOK_ALLOW needed, and an IP literal needs no DNS.
  ids.webhook = (await c.admin.post(`/api/projects/${ids.pid}/webhooks`, { url: 'https://93.184.216.34/hook', events: ['row.finalized'] })).body.webhook.id;

  // Row r0 labeled twice and claimed for QA; a label claim of ann's raises an escalation; ann keeps a claim.
  const ann2 = c.ann2 = await env.login('ann2@t.test');
  const a1 = await c.ann.post(`/api/projects/${ids.pid}/next`, { role: 'label' });
  const a2 = await ann2.post(`/api/projects/${ids.pid}/next`, { role: 'label' });
  ids.row = a1.body.row.id;
  for (const [who, a] of [[c.ann, a1], [ann2, a2]] as const) {
    const s = await who.post(`/api/assignments/${a.body.assignment.id}/submit`, { answer: { sentiment: { labels: ['pos'] }, summary: { text: 's' } }, clientSubmissionId: `setup-${a.body.assignment.id}-x` });
    if (s.status !== 200) throw new Error(`submit: ${JSON.stringify(s.body)}`);
  }
  ids.qaClaim = await claim(c.rev, 'qa');
  const esc = await c.ann.post(`/api/assignments/${await claim(c.ann, 'label')}/escalate`, { question: 'Which label?' });
  if (esc.status !== 200) throw new Error(`escalate: ${JSON.stringify(esc.body)}`);
  ids.escalation = (await env.deps.db.selectFrom('escalations').select('id').executeTakeFirstOrThrow()).id;
  ids.labelClaim = await claim(c.ann, 'label');
  // An assessment with one written question, and ann's submitted attempt, for the assessment and grading routes.
  ids.assessment = (await c.admin.post('/api/assessments', assessmentDef())).body.assessment.id;
  ids.attempt = (await c.ann.post(`/api/assessments/${ids.assessment}/attempt/submit`, { answers: { q1: 'mine' } })).body.attempt.id;
}, 120_000);
afterAll(async () => env.close());

/** Counts and highest ids of the tables requests write, and the small tables whole. */
async function snapshot() {
  const db = env.deps.db;
  const big = ['rows', 'row_needs', 'assignments', 'draft_revisions', 'answers', 'finals', 'escalations', 'guideline_versions', 'guideline_acks', 'sessions', 'media_projects'];
  const counts = await sql<Record<string, unknown>>`select ${sql.join(big.map((t) => sql`(select count(*) from ${sql.table(t)}) as ${sql.ref(t)}`))}`.execute(db);
  const [projects, users, members, expertise, assignments, rowStates] = await Promise.all([
    db.selectFrom('projects').selectAll().orderBy('id').execute(),
    db.selectFrom('users').selectAll().orderBy('id').execute(),
    db.selectFrom('project_members').selectAll().orderBy('project_id').orderBy('user_id').execute(),
    db.selectFrom('user_expertise').selectAll().orderBy('user_id').orderBy('domain').execute(),
    db.selectFrom('assignments').select(['id', 'status', 'expires_at']).orderBy('id').execute(),
    db.selectFrom('rows').select(['id', 'state', 'round', 'priority', 'expertise_json', 'labels_done', 'qa_taken']).orderBy('id').execute(),
  ]);
  return JSON.stringify({ counts: Object.fromEntries(Object.entries(counts.rows[0]).map(([k, v]) => [k, Number(v)])), projects, users, members, expertise, assignments, rowStates });
}

interface Target {
  /** `<route file>: <METHOD> <path as declared>`, matched against the route files below. */
  route: string;
  as: keyof typeof c;
  url: () => string;
  method?: 'POST' | 'PUT' | 'PATCH';
  valid: () => unknown;
  runs?: number;
  /** After a 2xx: the claim the route used may be gone, take a new one so later bodies reach the service. */
  refresh?: () => Promise<void>;
}

/** Written in a valid body where a value must differ per request (idempotency keys, new emails): replaced on send. */
const UNIQUE = '@@unique@@';
let n = 0;

const answer = () => ({ sentiment: { labels: ['neg'] }, summary: { text: 'a summary' } });
const newLabelClaim = async () => { ids.labelClaim = await claim(c.ann, 'label'); };
/** Two labels on a fresh row (ann's current claim and ann2 on the same row), then the reviewer's QA claim. */
async function newQaClaim() {
  for (const who of [c.ann, c.ann2]) {
    const a = await claim(who, 'label');
    const s = await who.post(`/api/assignments/${a}/submit`, { answer: answer(), clientSubmissionId: `setup-${a}-${n++}` });
    if (s.status !== 200) throw new Error(`submit: ${JSON.stringify(s.body)}`);
  }
  ids.qaClaim = await claim(c.rev, 'qa');
  await newLabelClaim();
}

const assessmentDef = () => ({ title: 'Vetting', instructions: 'Answer.', questions: [{ id: 'q1', kind: 'written', prompt: 'Why?', skill: 'Evaluation', required: true, maxLength: 200 }] });

const targets: Target[] = [
  { route: 'assessments.ts: POST /', as: 'admin', url: () => '/api/assessments', valid: assessmentDef, runs: 60 },
  { route: 'assessments.ts: PUT /:id', as: 'admin', method: 'PUT', url: () => `/api/assessments/${ids.assessment}`, valid: assessmentDef },
  { route: 'assessments.ts: PUT /:id/graders', as: 'admin', method: 'PUT', url: () => `/api/assessments/${ids.assessment}/graders`, valid: () => ({ userIds: [ids.spare] }) },
  { route: 'assessments.ts: PUT /:id/attempt', as: 'rev', method: 'PUT', url: () => `/api/assessments/${ids.assessment}/attempt`, valid: () => ({ answers: { q1: 'so far' }, pastes: [{ question: 'q1', chars: 300 }] }) },
  { route: 'assessments.ts: POST /:id/attempt/submit', as: 'rev', url: () => `/api/assessments/${ids.assessment}/attempt/submit`, valid: () => ({ answers: { q1: 'done' } }) },
  { route: 'assessments.ts: PUT /attempts/:attemptId/grades/:questionId', as: 'admin', method: 'PUT', url: () => `/api/grading/attempts/${ids.attempt}/grades/q1`, valid: () => ({ score: 4, note: 'good' }) },
  { route: 'profile.ts: PUT /', as: 'ann', method: 'PUT', url: () => '/api/profile', valid: () => ({ languages: ['en', 'pt-BR'] }) },
  { route: 'users.ts: PUT /:id/profile', as: 'admin', method: 'PUT', url: () => `/api/users/${ids.spare}/profile`, valid: () => ({ level: 'expert', taskTypes: ['ner'], languages: ['de'] }) },
  // Every login costs a password hash (unknown accounts too): fewer runs.
  { route: 'auth.ts: POST /login', as: 'anon', url: () => '/api/auth/login', valid: () => ({ email: 'nobody@t.test', password: 'not the password' }), runs: 30 },
  { route: 'keymap.ts: PUT /', as: 'ann', method: 'PUT', url: () => '/api/me/keymap', valid: () => ({ keys: { skip: ['alt+x'] } }) },
  { route: 'tokens.ts: POST /', as: 'admin', url: () => '/api/tokens', valid: () => ({ name: 'ci', expiresInDays: 30, projectId: null, readOnly: true }) },
  { route: 'users.ts: POST /', as: 'admin', url: () => '/api/users', valid: () => ({ email: `u${UNIQUE}t.test`, name: 'U', password: TEST_PASSWORD, expertise: ['finance'] }), runs: 60 },
  { route: 'users.ts: PATCH /:id', as: 'admin', method: 'PATCH', url: () => `/api/users/${ids.spare}`, valid: () => ({ name: 'Spare', expertise: ['cs'] }) },
  { route: 'users.ts: POST /:id/password', as: 'admin', url: () => `/api/users/${ids.spare}/password`, valid: () => ({ password: 'a long new password' }), runs: 60 },
  { route: 'projects.ts: POST /', as: 'admin', url: () => '/api/projects', valid: () => ({ name: 'New', description: 'd', schema: simpleSchema, settings: { qa: 'all' } }) },
  { route: 'projects.ts: PATCH /:projectId', as: 'admin', method: 'PATCH', url: () => `/api/projects/${ids.p2}`, valid: () => ({ name: 'Renamed', settings: { qa: 'disagreements' } }) },
  { route: 'members.ts: POST /:projectId/members', as: 'admin', url: () => `/api/projects/${ids.pid}/members`, valid: () => ({ email: 'spare@t.test', roles: ['annotator', 'reviewer'] }) },
  { route: 'members.ts: PUT /:projectId/members/:userId', as: 'admin', method: 'PUT', url: () => `/api/projects/${ids.pid}/members/${ids.spare}`, valid: () => ({ roles: ['annotator'] }) },
  { route: 'guidelines.ts: POST /:projectId/guidelines', as: 'admin', url: () => `/api/projects/${ids.pid}/guidelines`, valid: () => ({ body: `# Guideline ${UNIQUE}`, note: 'why' }) },
  { route: 'guidelines.ts: POST /:projectId/guidelines/acknowledge', as: 'ann', url: () => `/api/projects/${ids.pid}/guidelines/acknowledge`, valid: () => ({ version: 1 }) },
  { route: 'quality.ts: POST /:projectId/pauses/:userId/resume', as: 'admin', url: () => `/api/projects/${ids.pid}/pauses/${ids.spare}/resume`, valid: () => ({ note: 'back to work' }) },
  { route: 'rows.ts: POST /:projectId/rows/:rowId/reopen', as: 'admin', url: () => `/api/projects/${ids.pid}/rows/${ids.row}/reopen`, valid: () => ({ to: 'labeling', note: 'again' }) },
  { route: 'rows.ts: POST /:projectId/rows/:rowId/priority', as: 'admin', url: () => `/api/projects/${ids.pid}/rows/${ids.row}/priority`, valid: () => ({ priority: 5 }) },
  { route: 'rows.ts: POST /:projectId/escalations/:escalationId/answer', as: 'admin', url: () => `/api/projects/${ids.pid}/escalations/${ids.escalation}/answer`, valid: () => ({ answer: 'Use pos.' }) },
  { route: 'webhooks.ts: POST /:projectId/webhooks', as: 'admin', url: () => `/api/projects/${ids.pid}/webhooks`, valid: () => ({ url: 'https://93.184.216.34/hook', events: ['row.finalized', 'export.ready'], enabled: false }), runs: 60 },
  { route: 'webhooks.ts: PATCH /:projectId/webhooks/:webhookId', as: 'admin', method: 'PATCH', url: () => `/api/projects/${ids.pid}/webhooks/${ids.webhook}`, valid: () => ({ enabled: true, events: ['row.escalated'] }) },
  { route: 'tasks.ts: POST /:projectId/next', as: 'ann', url: () => `/api/projects/${ids.pid}/next`, valid: () => ({ role: 'label', ahead: true }) },
  { route: 'tasks.ts: POST /:id/draft', as: 'ann', url: () => `/api/assignments/${ids.labelClaim}/draft`, valid: () => ({ answer: answer() }) },
  { route: 'tasks.ts: POST /:id/submit', as: 'ann', url: () => `/api/assignments/${ids.labelClaim}/submit`, valid: () => ({ answer: answer(), clientSubmissionId: UNIQUE, bestEffort: true, activeMs: 1000 }), refresh: newLabelClaim },
  { route: 'tasks.ts: POST /:id/flag', as: 'ann', url: () => `/api/assignments/${ids.flagClaim}/flag`, valid: () => ({ domain: 'finance', note: 'numbers' }), refresh: async () => { ids.flagClaim = await claim(c.ann, 'label', ids.pf); } },
  { route: 'tasks.ts: POST /:id/escalate', as: 'ann', url: () => `/api/assignments/${ids.labelClaim}/escalate`, valid: () => ({ question: 'Unclear?' }), refresh: newLabelClaim },
  {
    route: 'tasks.ts: POST /:id/resolve', as: 'rev', url: () => `/api/assignments/${ids.qaClaim}/resolve`,
    valid: () => ({ action: 'accept', answer: answer(), clientSubmissionId: UNIQUE, activeMs: 10 }), refresh: newQaClaim,
  },
];

/** `file: METHOD path` of every route whose handler reads a JSON body (zod-validated or parsed by hand). */
function jsonRoutes(): string[] {
  const out: string[] = [];
  for (const file of fs.readdirSync(ROUTES_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const text = fs.readFileSync(path.join(ROUTES_DIR, file), 'utf8');
    // Each route of a Hono chain starts a line with `.get(`/`.post(`/…: split there and look inside.
    for (const part of text.split(/\n\s*(?=\.(?:get|post|put|patch|delete)\(')/)) {
      const m = /^\.(post|put|patch|delete)\('([^']*)'/.exec(part.trimStart());
      if (m && /zv\('json'|req\.json\(/.test(part)) out.push(`${file}: ${m[1].toUpperCase()} ${m[2]}`);
    }
  }
  return out.sort();
}

describe('JSON bodies of every route', () => {
  it('the list below covers every route that reads a JSON body', () => {
    expect(targets.map((t) => t.route).sort()).toEqual(jsonRoutes());
  });

  it('a NUL character in any text of a body is a 400 naming the field (PostgreSQL text refuses it)', async () => {
    const before = await snapshot();
    const answer = await c.admin.post(`/api/projects/${ids.pid}/escalations/${ids.escalation}/answer`, { answer: 'a\u0000b' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/^answer: text may not contain the NUL character/);
    for (const [body, type] of [[JSON.stringify({ body: '# G\u0000' }), 'application/json'], ['# G\u0000', 'text/markdown']]) {
      const g = await c.admin.raw(`/api/projects/${ids.pid}/guidelines`, { method: 'POST', body, headers: { 'content-type': type } });
      expect(g.status).toBe(400);
      expect((await g.json() as any).error.message).toMatch(/^body: text may not contain the NUL character/);
    }
    expect(await snapshot()).toBe(before);
  });

  for (const t of targets) {
    it(`${t.route}: no 500, and a refused body changes nothing`, async () => {
      // A refused body leaves the state as it was, so the state after one run is the state before the next;
      // after a 2xx (or a run that failed half-way, as fast-check shrinks) it is read again.
      let before: string | null = null;
      await fc.assert(fc.asyncProperty(hostileBody(t.valid()), async (body) => {
        before ??= await snapshot();
        const unique = body.replaceAll(UNIQUE, `${String(n++).padStart(8, "0")}@`);
        const res = await c[t.as].raw(t.url(), { method: t.method ?? 'POST', body: unique, headers: { 'content-type': 'application/json' } });
        const text = await res.text();
        const was = before;
        before = null;
        expect(res.status, `${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) {
          const err = JSON.parse(text).error;
          expect(typeof err.code).toBe('string');
          expect(typeof err.message).toBe('string');
          expect(await snapshot()).toBe(was);
          before = was;
        } else if (t.refresh) await t.refresh();
      }), { numRuns: Math.round((t.runs ?? 100) * SCALE) });
    }, 120_000);
  }
});

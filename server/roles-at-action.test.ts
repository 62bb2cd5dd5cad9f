import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { workProject, plainRows, pos, neg, csid } from './test/workflow-kit.js';
import { setRoles } from './repos/members.js';

let env: TestEnv;
beforeEach(async () => { env = await createTestEnv(); });
afterEach(async () => { await env.close(); });

const team = [
  { name: 'ann', roles: ['annotator' as const] },
  { name: 'bob', roles: ['annotator' as const] },
  { name: 'rex', roles: ['reviewer' as const] },
  { name: 'ray', roles: ['reviewer' as const] },
];
const next = (c: Client, pid: number, role: 'label' | 'qa' = 'label') => c.post(`/api/projects/${pid}/next`, { role });
const claim = (id: number) => env.deps.db.selectFrom('assignments').select(['status', 'release_reason', 'draft_json']).where('id', '=', id).executeTakeFirstOrThrow();
const row = (id: number) => env.deps.db.selectFrom('rows').select(['state', 'labels_taken', 'qa_taken']).where('id', '=', id).executeTakeFirstOrThrow();

/** A row with both labels in and `rex` holding its QA claim. */
async function inQa() {
  const w = await workProject(env, { people: team, rows: plainRows(1) });
  for (const [who, answer] of [['ann', pos], ['bob', neg]] as const) {
    const a = await next(w.c[who], w.id);
    expect((await w.c[who].post(`/api/assignments/${a.body.assignment.id}/submit`, { answer, clientSubmissionId: csid() })).status).toBe(200);
  }
  const q = await next(w.c.rex, w.id, 'qa');
  return { w, qaId: q.body.assignment.id as number, rowId: q.body.row.id as number };
}

describe('roles are checked when the action is taken', () => {
  it('a demoted reviewer loses the QA claim at once and cannot resolve it; another reviewer takes the row', async () => {
    const { w, qaId, rowId } = await inQa();
    await w.c.rex.post(`/api/assignments/${qaId}/draft`, { answer: neg });
    const put = await w.lead.put(`/api/projects/${w.id}/members/${w.ids.rex}`, { roles: ['annotator'] });
    expect(put.status).toBe(200);
    expect(await claim(qaId)).toMatchObject({ status: 'released', release_reason: 'role_removed', draft_json: JSON.stringify(neg) });
    expect(await row(rowId)).toMatchObject({ state: 'qa', qa_taken: 0 });

    for (const body of [{ action: 'accept', answer: pos, clientSubmissionId: csid() }, { action: 'send_back', note: 'redo' }, { action: 'escalate', question: 'why?' }]) {
      const r = await w.c.rex.post(`/api/assignments/${qaId}/resolve`, body);
      expect(r.status).toBe(403);
      expect(r.body.error.message).toMatch(/no longer a reviewer in this project: your claim on this row was released/);
    }
    expect((await w.c.rex.post(`/api/assignments/${qaId}/heartbeat`)).status).toBe(403);
    expect(await env.deps.db.selectFrom('finals').selectAll().execute()).toEqual([]);
    expect((await next(w.c.ray, w.id, 'qa')).body.row.id).toBe(rowId);
  });

  it('a role removed behind the route\'s back is still refused at the action, and the claim released then', async () => {
    const { w, qaId, rowId } = await inQa();
    await setRoles(env.deps.db, w.id, w.ids.rex, ['annotator'], env.clock.now);
    expect((await claim(qaId)).status).toBe('active');
    const r = await w.c.rex.post(`/api/assignments/${qaId}/resolve`, { action: 'accept', answer: pos, clientSubmissionId: csid() });
    expect(r.status).toBe(403);
    expect(await claim(qaId)).toMatchObject({ status: 'released', release_reason: 'role_removed' });
    expect(await row(rowId)).toMatchObject({ state: 'qa', qa_taken: 0 });
    expect(await env.deps.db.selectFrom('finals').selectAll().execute()).toEqual([]);
  });

  it('an annotator removed from the project loses the label claim, keeps the draft in history, and gets 404', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1) });
    const a = await next(w.c.ann, w.id);
    const id = a.body.assignment.id;
    await w.c.ann.post(`/api/assignments/${id}/draft`, { answer: pos });
    expect((await w.lead.del(`/api/projects/${w.id}/members/${w.ids.ann}`)).status).toBe(200);
    expect(await claim(id)).toMatchObject({ status: 'released', release_reason: 'role_removed', draft_json: JSON.stringify(pos) });
    expect(await row(a.body.row.id)).toMatchObject({ labels_taken: 0 });
    const r = await w.c.ann.post(`/api/assignments/${id}/submit`, { answer: pos, clientSubmissionId: csid() });
    expect(r.status).toBe(404);
    expect((await w.c.ann.post(`/api/assignments/${id}/draft`, { answer: neg })).status).toBe(404);
    expect(await env.deps.db.selectFrom('answers').selectAll().execute()).toEqual([]);
    const history = await w.lead.get(`/api/projects/${w.id}/rows/${a.body.row.id}/history`);
    expect(history.body.drafts.map((d: any) => d.answer)).toEqual([pos]);
  });

  it('an annotator made reviewer only cannot submit the label they held', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1) });
    const a = await next(w.c.ann, w.id);
    await w.lead.put(`/api/projects/${w.id}/members/${w.ids.ann}`, { roles: ['reviewer'] });
    const r = await w.c.ann.post(`/api/assignments/${a.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: csid() });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/no longer an annotator/);
    expect(await env.deps.db.selectFrom('answers').selectAll().execute()).toEqual([]);
  });

  it('disabling a person releases their claims in every project, and their session no longer acts', async () => {
    await env.user('admin@t.test', { admin: true });
    const admin = await env.login('admin@t.test');
    const w = await workProject(env, { people: team, rows: plainRows(1) });
    const a = await next(w.c.ann, w.id);
    const id = a.body.assignment.id;
    expect((await admin.patch(`/api/users/${w.ids.ann}`, { disabled: true })).status).toBe(200);
    expect(await claim(id)).toMatchObject({ status: 'released', release_reason: 'account_disabled' });
    expect(await row(a.body.row.id)).toMatchObject({ labels_taken: 0 });
    expect((await w.c.ann.post(`/api/assignments/${id}/submit`, { answer: pos, clientSubmissionId: csid() })).status).toBe(401);
    expect((await next(w.c.bob, w.id)).body.row.id).toBe(a.body.row.id);
  });
});

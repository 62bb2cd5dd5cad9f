import { Hono } from 'hono';
import { diffLines } from 'diff';
import type { AppEnv } from '../context.js';
import { fail, notFound, nulPath, zv } from '../http.js';
import { projectAccess, requireUser } from '../middleware.js';
import {
  acknowledgeBody, guidelineAcksQuery, guidelineDiffQuery, guidelineVersionParam, publishGuidelineBody,
  type DiffPart, type GuidelineAcksDto, type GuidelineDiffDto, type GuidelineDto, type GuidelinesDto, type GuidelineVersionDto,
} from '@shared/api/console.js';
import {
  acknowledgeGuideline, acknowledgedVersion, acknowledgementCounts, acknowledgementsOf, currentGuideline, getGuidelineVersion,
  listGuidelineVersions, newestAcknowledged, publishGuideline,
} from '../repos/guidelines.js';
import { listMembers } from '../repos/members.js';
import { audit } from '../repos/audit.js';
import { userNames as names } from '../repos/users.js';

const versionDto = (v: { version: number; note: string; created_at: number; created_by: number }, n: Map<number, string>): GuidelineVersionDto => ({
  version: v.version, note: v.note, createdAt: Number(v.created_at), createdBy: Number(v.created_by), createdByName: n.get(Number(v.created_by)) ?? null,
});

/** A line diff of two versions: runs of unchanged, added and removed lines. */
export function guidelineDiff(from: { version: number; body: string }, to: { version: number; body: string }): GuidelineDiffDto {
  const parts: DiffPart[] = diffLines(from.body, to.body).map((p) => ({
    op: p.added ? 'added' : p.removed ? 'removed' : 'same', text: p.value, count: p.count ?? p.value.split('\n').length,
  }));
  return {
    from: from.version, to: to.version, parts,
    added: parts.filter((p) => p.op === 'added').reduce((s, p) => s + p.count, 0),
    removed: parts.filter((p) => p.op === 'removed').reduce((s, p) => s + p.count, 0),
  };
}

/**
 * Guidelines are published as immutable numbered versions. A markdown file can be sent as the raw body
 * (Content-Type text/markdown or text/plain, note in `?note=`) instead of JSON `{body, note}`. Either way the
 * body was bounded before it is read (body-limits.ts: TRIAD_MAX_GUIDELINE_MB).
 */
export const guidelineRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/:projectId/guidelines', projectAccess(), async (c) => {
    const { db } = c.var.deps;
    const [cur, versions, acked] = await Promise.all([
      currentGuideline(db, c.var.project.id), listGuidelineVersions(db, c.var.project.id), acknowledgedVersion(db, c.var.project.id, c.var.user.id),
    ]);
    const n = await names(db, versions.map((v) => Number(v.created_by)));
    const dto: GuidelinesDto = {
      current: cur ? { ...versionDto(cur, n), body: cur.body } : null,
      versions: versions.map((v) => versionDto(v, n)),
      acknowledged: acked,
      mustAcknowledge: !!cur && (acked ?? 0) < cur.version,
    };
    return c.json(dto);
  })
  .get('/:projectId/guidelines/diff', projectAccess(), zv('query', guidelineDiffQuery), async (c) => {
    const { from, to } = c.req.valid('query');
    const { db } = c.var.deps;
    const [a, b] = await Promise.all([getGuidelineVersion(db, c.var.project.id, from), getGuidelineVersion(db, c.var.project.id, to)]);
    if (!a) return fail(404, 'not_found', `from: there is no guideline version ${from}`);
    if (!b) return fail(404, 'not_found', `to: there is no guideline version ${to}`);
    return c.json(guidelineDiff(a, b));
  })
  /** For leads: who of today's members acknowledged a version (the current one by default) and when, and who has not. */
  .get('/:projectId/guidelines/acknowledgements', projectAccess('lead'), zv('query', guidelineAcksQuery), async (c) => {
    const { db } = c.var.deps;
    const pid = c.var.project.id;
    const versions = await listGuidelineVersions(db, pid);
    const wanted = c.req.valid('query').version ?? versions[0]?.version;
    const v = versions.find((x) => x.version === wanted);
    if (!v) return fail(404, 'not_found', versions.length ? `version: there is no guideline version ${wanted}` : 'no guideline version is published yet');
    const [members, acks, newest, counts] = await Promise.all([
      listMembers(db, pid), acknowledgementsOf(db, pid, v.version), newestAcknowledged(db, pid), acknowledgementCounts(db, pid),
    ]);
    const byId = new Map(members.map((m) => [m.userId, { userId: m.userId, name: m.name, email: m.email, roles: m.roles }]));
    const acked = new Set<number>();
    const dto: GuidelineAcksDto = {
      version: v.version, publishedAt: Number(v.created_at), members: members.length,
      // People who left the project are not listed: the question is who of the team has read it.
      acknowledged: acks.flatMap((a) => {
        const p = byId.get(Number(a.user_id));
        if (!p) return [];
        acked.add(p.userId);
        return [{ ...p, at: Number(a.acked_at) }];
      }),
      pending: [...byId.values()].filter((p) => !acked.has(p.userId)).map((p) => ({ ...p, newest: newest.get(p.userId) ?? null })),
      versions: versions.map((x) => ({ version: x.version, acknowledged: counts.get(x.version) ?? 0 })),
    };
    return c.json(dto);
  })
  .get('/:projectId/guidelines/:version', projectAccess(), zv('param', guidelineVersionParam.extend({ projectId: guidelineVersionParam.shape.version })), async (c) => {
    const { version } = c.req.valid('param');
    const { db } = c.var.deps;
    const g = await getGuidelineVersion(db, c.var.project.id, version);
    if (!g) return notFound(`guideline version ${version}`);
    const dto: GuidelineDto = { ...versionDto(g, await names(db, [Number(g.created_by)])), body: g.body };
    return c.json(dto);
  })
  .post('/:projectId/guidelines', projectAccess('lead'), async (c) => {
    const type = c.req.header('content-type') ?? '';
    const input = type.startsWith('text/')
      ? { body: await c.req.text(), note: c.req.query('note') ?? '' }
      : await c.req.json().catch(() => fail(400, 'bad_request', 'expected JSON {body, note} or a markdown body (Content-Type text/markdown)'));
    const parsed = publishGuidelineBody.safeParse(input);
    if (!parsed.success) return fail(400, 'bad_request', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const nul = nulPath(parsed.data);
    if (nul) return fail(400, 'bad_request', `${nul}: text may not contain the NUL character (\\u0000)`);
    const { db, now } = c.var.deps;
    const cur = await currentGuideline(db, c.var.project.id);
    if (cur && cur.body === parsed.data.body) return fail(409, 'conflict', `this text is already version ${cur.version}: nothing to publish`);
    const version = await publishGuideline(db, { projectId: c.var.project.id, body: parsed.data.body, note: parsed.data.note, userId: c.var.user.id, now: now() });
    // The publisher has read what they wrote.
    await acknowledgeGuideline(db, c.var.project.id, c.var.user.id, version, now());
    await audit(db, { at: now(), userId: c.var.user.id, projectId: c.var.project.id, action: 'guideline.publish', details: { version } });
    const g = (await getGuidelineVersion(db, c.var.project.id, version))!;
    const dto: GuidelineDto = { ...versionDto(g, await names(db, [c.var.user.id])), body: g.body };
    return c.json(dto, 201);
  })
  .post('/:projectId/guidelines/acknowledge', projectAccess(), zv('json', acknowledgeBody), async (c) => {
    const { version } = c.req.valid('json');
    const { db, now } = c.var.deps;
    if (!(await getGuidelineVersion(db, c.var.project.id, version))) return fail(404, 'not_found', `version: there is no guideline version ${version}`);
    await acknowledgeGuideline(db, c.var.project.id, c.var.user.id, version, now());
    return c.json({ acknowledged: await acknowledgedVersion(db, c.var.project.id, c.var.user.id) });
  });

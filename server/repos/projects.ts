import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { ProjectDto } from '@shared/api/projects.js';
import { settingsSchema, type ProjectSettings } from '@shared/project.js';
import { schemaSchema, type ProjectSchema } from '@shared/tasks/question.js';
import { forgetProject } from '../cache.js';
import { joinedProjects } from './members.js';
import { visibleRow } from './visible.js';

export interface ProjectRecord {
  id: number;
  name: string;
  description: string;
  schema: ProjectSchema;
  settings: ProjectSettings;
  archived: boolean;
  createdAt: number;
  createdBy: number;
}


// Stored JSON was validated on the way in; parsing again on the way out fills defaults added since.
export function toProject(p: { id: number; name: string; description: string; schema_json: string; settings_json: string; archived: number; created_at: number; created_by: number }): ProjectRecord {
  return {
    id: p.id, name: p.name, description: p.description,
    schema: schemaSchema.parse(JSON.parse(p.schema_json)),
    settings: settingsSchema.parse(JSON.parse(p.settings_json)),
    archived: p.archived === 1, createdAt: p.created_at, createdBy: p.created_by,
  };
}

export async function getProject(db: Kysely<DB>, id: number): Promise<ProjectRecord | undefined> {
  const p = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  return p && toProject(p);
}

export async function insertProject(db: Kysely<DB>, p: {
  name: string; description: string; schema: ProjectSchema; settings: ProjectSettings; createdBy: number; now: number;
}): Promise<number> {
  const row = await db.insertInto('projects').values({
    name: p.name, description: p.description, schema_json: JSON.stringify(p.schema),
    settings_json: JSON.stringify(p.settings), created_by: p.createdBy, created_at: p.now, archived: 0,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateProject(db: Kysely<DB>, id: number, patch: {
  name?: string; description?: string; schema?: ProjectSchema; settings?: ProjectSettings; archived?: boolean;
}): Promise<void> {
  const v: Record<string, unknown> = {};
  if (patch.name !== undefined) v.name = patch.name;
  if (patch.description !== undefined) v.description = patch.description;
  if (patch.schema !== undefined) v.schema_json = JSON.stringify(patch.schema);
  if (patch.settings !== undefined) v.settings_json = JSON.stringify(patch.settings);
  if (patch.archived !== undefined) v.archived = patch.archived ? 1 : 0;
  if (Object.keys(v).length) await db.updateTable('projects').set(v).where('id', '=', id).execute();
  forgetProject(id);
}

export async function deleteProject(db: Kysely<DB>, id: number): Promise<void> {
  await db.deleteFrom('projects').where('id', '=', id).execute();
  forgetProject(id);
}

/** Projects the user belongs to, with their roles, how they joined, their own work and (where they lead) row counts by state. */
export async function listProjectsFor(db: Kysely<DB>, userId: number): Promise<ProjectDto[]> {
  const joined = await joinedProjects(db, userId);
  const ids = [...joined.keys()];
  if (ids.length === 0) return [];
  const projects = await db.selectFrom('projects').selectAll().where('id', 'in', ids).orderBy('id').execute();
  const counts = await countsByProject(db, ids.filter((id) => joined.get(id)!.roles.includes('lead')));
  const mine = await workOf(db, userId, ids);
  return projects.map((p) => {
    const { roles, at, by } = joined.get(p.id)!;
    return toProjectDto(toProject(p), { roles, joined: { at, by }, mine: mine.get(p.id)!, counts: counts.get(p.id) });
  });
}

/** One project as its member sees it: the same view as one card of the list. */
export async function projectFor(db: Kysely<DB>, projectId: number, userId: number): Promise<ProjectDto | undefined> {
  const p = await getProject(db, projectId);
  const j = (await joinedProjects(db, userId, projectId)).get(projectId);
  if (!p || !j) return undefined;
  const counts = j.roles.includes('lead') ? await projectCounts(db, projectId) : undefined;
  return toProjectDto(p, { roles: j.roles, joined: { at: j.at, by: j.by }, mine: (await workOf(db, userId, [projectId])).get(projectId)!, counts });
}

/** The caller's own submitted labels and QA resolutions per project (answers_user index). */
async function workOf(db: Kysely<DB>, userId: number, ids: number[]): Promise<Map<number, NonNullable<ProjectDto['mine']>>> {
  const out = new Map(ids.map((id) => [id, { labels: 0, reviews: 0 }]));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('answers').select(['project_id', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('user_id', '=', userId).where('project_id', 'in', ids).groupBy(['project_id', 'kind']).execute();
  for (const r of rows) {
    const m = out.get(Number(r.project_id))!;
    if (r.kind === 'label') m.labels += Number(r.n);
    else m.reviews += Number(r.n);
  }
  return out;
}

/**
 * Row counts by state of each project, in one grouped query on the label queue's index. A labeling row
 * nobody holds or has labeled in its round (never started, or sent back for fresh labelers) is to do, not
 * being labeled.
 */
async function countsByProject(db: Kysely<DB>, ids: number[]): Promise<Map<number, NonNullable<ProjectDto['counts']>>> {
  const out = new Map(ids.map((id) => [id, { rows: 0, toDo: 0, labeling: 0, qa: 0, escalated: 0, final: 0 }]));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('rows').select(['project_id', 'state', 'labels_taken', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', 'in', ids).where(visibleRow('rows')).groupBy(['project_id', 'state', 'labels_taken']).execute();
  for (const r of rows) {
    // Gold rows measure labelers; they are no work to finish, so progress counts leave them out.
    if (r.state === 'gold') continue;
    const c = out.get(Number(r.project_id))!;
    c[r.state === 'labeling' && Number(r.labels_taken) === 0 ? 'toDo' : r.state] += Number(r.n);
    c.rows += Number(r.n);
  }
  return out;
}

/** Row counts by state of one project (for its leads). */
async function projectCounts(db: Kysely<DB>, projectId: number): Promise<NonNullable<ProjectDto['counts']>> {
  return (await countsByProject(db, [projectId])).get(projectId)!;
}

function toProjectDto(p: ProjectRecord, v: Required<Pick<ProjectDto, 'roles' | 'joined' | 'mine'>> & Pick<ProjectDto, 'counts'>): ProjectDto {
  return {
    id: p.id, name: p.name, description: p.description, schema: p.schema, settings: p.settings,
    archived: p.archived, createdAt: p.createdAt, roles: v.roles, joined: v.joined, mine: v.mine, ...(v.counts ? { counts: v.counts } : {}),
  };
}


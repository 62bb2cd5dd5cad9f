import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { ProjectDto } from '@shared/api/projects.js';
import { settingsSchema, type ProjectSettings, type Role } from '@shared/project.js';
import { schemaSchema, type ProjectSchema } from '@shared/tasks/question.js';
import { forgetProject } from '../cache.js';

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

/** Projects the user belongs to, with their roles and row counts by state. */
export async function listProjectsFor(db: Kysely<DB>, userId: number): Promise<ProjectDto[]> {
  const memberships = await db.selectFrom('project_members').select(['project_id', 'role'])
    .where('user_id', '=', userId).execute();
  const roles = new Map<number, Role[]>();
  for (const m of memberships) roles.set(m.project_id, [...(roles.get(m.project_id) ?? []), m.role]);
  const ids = [...roles.keys()];
  if (ids.length === 0) return [];
  const projects = await db.selectFrom('projects').selectAll().where('id', 'in', ids).orderBy('id').execute();
  const counts = await countsByProject(db, ids);
  return projects.map((p) => toProjectDto(toProject(p), roles.get(p.id) ?? [], counts.get(p.id)));
}

/** Row counts by state of each project, in one grouped query. */
async function countsByProject(db: Kysely<DB>, ids: number[]): Promise<Map<number, NonNullable<ProjectDto['counts']>>> {
  const out = new Map(ids.map((id) => [id, { rows: 0, final: 0, labeling: 0, qa: 0, escalated: 0 }]));
  const rows = await db.selectFrom('rows').select(['project_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', 'in', ids).groupBy(['project_id', 'state']).execute();
  for (const r of rows) {
    const c = out.get(Number(r.project_id))!;
    c[r.state] += Number(r.n);
    c.rows += Number(r.n);
  }
  return out;
}

/** Row counts by state of one project (the project page shows them). */
export async function projectCounts(db: Kysely<DB>, projectId: number): Promise<NonNullable<ProjectDto['counts']>> {
  return (await countsByProject(db, [projectId])).get(projectId)!;
}

export function toProjectDto(p: ProjectRecord, roles: Role[], counts?: ProjectDto['counts']): ProjectDto {
  return {
    id: p.id, name: p.name, description: p.description, schema: p.schema, settings: p.settings,
    archived: p.archived, createdAt: p.createdAt, roles, ...(counts ? { counts } : {}),
  };
}


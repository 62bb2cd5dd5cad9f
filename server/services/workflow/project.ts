import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/types.js';
import { settingsSchema, type ProjectSettings } from '@shared/project.js';
import { answerSchemaFor, schemaSchema, type ProjectSchema, type RowAnswer } from '@shared/tasks/question.js';

export interface WorkflowProject {
  id: number;
  schema: ProjectSchema;
  settings: ProjectSettings;
  answerSchema: z.ZodType<RowAnswer>;
  /** Drafts are work in progress: any question may still be missing, but what is there must be valid. */
  draftSchema: z.ZodType<RowAnswer>;
}

// Parsing a schema and building its answer validator costs far more than the claim itself; the parse is
// keyed by the stored JSON, so an edited project is parsed afresh and nothing stale is ever served.
const parsed = new Map<string, Omit<WorkflowProject, 'id'>>();

export async function workflowProject(db: Kysely<DB>, id: number): Promise<WorkflowProject | undefined> {
  const p = await db.selectFrom('projects').select(['schema_json', 'settings_json']).where('id', '=', id).executeTakeFirst();
  if (!p) return undefined;
  const key = `${p.schema_json}\u0000${p.settings_json}`;
  let hit = parsed.get(key);
  if (!hit) {
    const schema = schemaSchema.parse(JSON.parse(p.schema_json));
    const answerSchema = answerSchemaFor(schema);
    hit = {
      schema, settings: settingsSchema.parse(JSON.parse(p.settings_json)), answerSchema,
      draftSchema: (answerSchema as unknown as z.ZodObject).partial() as unknown as z.ZodType<RowAnswer>,
    };
    if (parsed.size > 500) parsed.clear();
    parsed.set(key, hit);
  }
  return { id, ...hit };
}

/** The current guideline version number only (the body can be large and `next` does not need it), in one read. */
export async function guidelineState(db: Kysely<DB>, projectId: number, userId: number): Promise<{ version: number; acknowledged: boolean } | null> {
  const g = await db.selectFrom('guideline_versions as g')
    .leftJoin('guideline_acks as k', (j) => j.onRef('k.project_id', '=', 'g.project_id').onRef('k.version', '=', 'g.version').on('k.user_id', '=', userId))
    .select(['g.version', 'k.acked_at']).where('g.project_id', '=', projectId)
    .orderBy('g.version', 'desc').limit(1).executeTakeFirst();
  return g ? { version: g.version, acknowledged: g.acked_at !== null } : null;
}

import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/types.js';
import { settingsSchema, type ProjectSettings } from '@shared/project.js';
import { cachedAck, cachedProject } from '../../cache.js';
import { schemaKey } from './rules.js';
import { answerSchemaFor, schemaSchema, type ProjectSchema, type RowAnswer } from '@shared/tasks/question.js';

export interface WorkflowProject {
  id: number;
  schema: ProjectSchema;
  settings: ProjectSettings;
  answerSchema: z.ZodType<RowAnswer>;
  /** Drafts are work in progress: any question may still be missing, but what is there must be valid. */
  draftSchema: z.ZodType<RowAnswer>;
  /** The current guideline version (null: the project has none), as of the cached project read. */
  guidelineVersion: number | null;
  /** Fingerprint of the schema, stored with each pair's agreement (see rules `schemaKey`). */
  schemaKey: string;
}

// Parsing a schema and building its answer validator costs far more than the claim itself; the parse is
// keyed by the stored JSON, so an edited project is parsed afresh and nothing stale is ever served.
const parsed = new Map<string, Omit<WorkflowProject, 'id' | 'guidelineVersion'>>();

export async function workflowProject(db: Kysely<DB>, id: number): Promise<WorkflowProject | undefined> {
  const c = await cachedProject<Omit<WorkflowProject, 'guidelineVersion'>>(db, id, async () => {
    const p = await db.selectFrom('projects').select(['schema_json', 'settings_json']).where('id', '=', id).executeTakeFirst();
    if (!p) return undefined;
    const g = await db.selectFrom('guideline_versions').select('version').where('project_id', '=', id)
      .orderBy('version', 'desc').limit(1).executeTakeFirst();
    return { project: { id, ...parsedProject(p.schema_json, p.settings_json) }, guidelineVersion: g?.version ?? null };
  });
  return c && { ...c.project, guidelineVersion: c.guidelineVersion };
}

function parsedProject(schemaJson: string, settingsJson: string): Omit<WorkflowProject, 'id' | 'guidelineVersion'> {
  const key = `${schemaJson}\u0000${settingsJson}`;
  let hit = parsed.get(key);
  if (!hit) {
    const schema = schemaSchema.parse(JSON.parse(schemaJson));
    const answerSchema = answerSchemaFor(schema);
    hit = {
      schema, settings: settingsSchema.parse(JSON.parse(settingsJson)), answerSchema, schemaKey: schemaKey(schema),
      draftSchema: (answerSchema as unknown as z.ZodObject).partial() as unknown as z.ZodType<RowAnswer>,
    };
    if (parsed.size > 500) parsed.clear();
    parsed.set(key, hit);
  }
  return hit;
}

/**
 * The current guideline version and whether the caller acknowledged it. The version comes with the cached
 * project (publishing invalidates it), so a project without guidelines costs no query here, and an
 * acknowledgement is read only until it is found (cache.ts `cachedAck`).
 */
export async function guidelineState(db: Kysely<DB>, project: WorkflowProject, userId: number): Promise<{ version: number; acknowledged: boolean } | null> {
  const version = project.guidelineVersion;
  if (version === null) return null;
  const acknowledged = await cachedAck(db, project.id, userId, version, async () => (await db.selectFrom('guideline_acks').select('acked_at')
    .where('project_id', '=', project.id).where('user_id', '=', userId).where('version', '=', version).executeTakeFirst()) !== undefined);
  return { version, acknowledged };
}

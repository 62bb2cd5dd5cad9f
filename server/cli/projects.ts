import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CliCommand } from './commands.js';
import { EXPORT_FILTER_KEYS, IMPORT_FORMATS, exportQuery, importQuery } from '@shared/api/console.js';
import { importFile } from '../services/import/run.js';
import { getProject } from '../repos/projects.js';
import { describeIssues } from '../http.js';
import { runExport } from '../services/export/run.js';

const projectId = z.coerce.number().int().positive('--project: expected a project id');

/** The export command's filter flags and the query fields they set (the API's names, in kebab case). */
const FILTER_FLAGS: Record<string, (typeof EXPORT_FILTER_KEYS)[number]> = {
  answer: 'answer', 'agreement-below': 'agreementBelow', 'agreement-above': 'agreementAbove', expertise: 'expertise',
  since: 'since', until: 'until', 'date-of': 'dateOf', ids: 'ids', 'row-ids': 'rowIds',
};
const FLAG_OF: Record<string, string> = Object.fromEntries(Object.entries(FILTER_FLAGS).map(([flag, key]) => [key, flag]));

/** Parses with a zod schema; an error names the flag (`--agreement-below: …`) rather than the API field. */
function parse<T>(schema: z.ZodType<T>, value: unknown, flagOf: Record<string, string> = {}): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(describeIssues(r.error.issues.map((i) => ({ ...i, path: i.path.map((p) => (typeof p === 'string' ? `--${flagOf[p] ?? p}` : p)) }))));
  return r.data;
}

const guessFormat = (file: string) => {
  const ext = path.extname(file).slice(1).toLowerCase();
  return ext === 'ndjson' ? 'jsonl' : ext;
};

export const projectCommands: CliCommand[] = [
  {
    group: 'project', verb: 'import', usage: '--project ID --file rows.jsonl [--format jsonl|json|csv|labelstudio] [--mode all|valid] [--annotations prelabels|ignore] [--model-version V]',
    options: { project: { type: 'string' }, file: { type: 'string' }, format: { type: 'string' }, mode: { type: 'string' }, annotations: { type: 'string' }, 'model-version': { type: 'string' } },
    async run(deps, a) {
      const id = parse(projectId, a.project);
      if (typeof a.file !== 'string' || !fs.existsSync(a.file)) throw new Error(`--file: no such file ${a.file ?? ''}`);
      const format = parse(z.enum(IMPORT_FORMATS), a.format ?? guessFormat(a.file));
      const q = parse(importQuery, { format, mode: a.mode, annotations: a.annotations, model_version: a['model-version'] });
      if (!(await getProject(deps.db, id))) throw new Error(`no project ${id}`);
      const t0 = Date.now();
      const r = await importFile(deps, { projectId: id, userId: null, file: a.file, format, mode: q.mode, labelStudio: { annotations: q.annotations, modelVersion: q.model_version } });
      for (const e of r.errors.slice(0, 50)) console.log(`line ${e.line}: ${e.field}: ${e.message}`);
      if (r.errorCount > 50) console.log(`… and ${r.errorCount - 50} more problems`);
      for (const s of r.skipped.filter((x) => x.reason === 'started').slice(0, 20)) console.log(`line ${s.line}: kept row ${s.externalId}: ${s.message}`);
      for (const w of r.warnings.slice(0, 20)) console.log(`line ${w.line}: ${w.kind}: ${w.field}: ${w.message}`);
      if (r.warningCount) console.log(`${r.warningCount} notes (${r.warningKinds.chosen} chosen, ${r.warningKinds.converted} converted, ${r.warningKinds.skipped} skipped)`);
      console.log(`${r.total} lines: ${r.imported} imported, ${r.updated} updated, ${r.unchanged} unchanged, ${r.skipped.length} skipped, ${r.errorCount} problems${r.committed ? '' : ' — nothing imported'} (${Date.now() - t0} ms)`);
      if (!r.committed) process.exitCode = 1;
    },
  },
  {
    group: 'project', verb: 'export',
    usage: '--project ID --out FILE [--format jsonl|csv|coco|yolo|conll|preferences|preferences-messages|sft|sft-messages|items|items-csv|labelstudio|sagemaker|workreport] [--state final|all|labeling|qa|escalated] [--raw]'
      + ' [--question ID] [--answer QUESTION:VALUE] [--agreement-below X] [--agreement-above X] [--expertise D1,D2] [--since DATE] [--until DATE] [--date-of finalized|updated]'
      + ' [--ids EXT1,EXT2] [--row-ids 1,2]',
    options: {
      project: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, state: { type: 'string' }, raw: { type: 'boolean' }, question: { type: 'string' },
      ...Object.fromEntries(Object.keys(FILTER_FLAGS).map((f) => [f, { type: 'string' as const }])),
    },
    async run(deps, a) {
      const id = parse(projectId, a.project);
      if (typeof a.out !== 'string') throw new Error('--out is required');
      const filters = Object.fromEntries(Object.entries(FILTER_FLAGS).filter(([flag]) => a[flag] !== undefined).map(([flag, key]) => [key, a[flag]]));
      const q = parse(exportQuery, { format: a.format, state: a.state, raw: a.raw ? '1' : '0', question: a.question, ...filters }, FLAG_OF);
      const project = await getProject(deps.db, id);
      if (!project) throw new Error(`no project ${id}`);
      // Validated before the file is opened: a refused export leaves no empty file behind.
      const ex = runExport(deps, project, q);
      const out = fs.createWriteStream(a.out);
      for await (const chunk of ex.chunks) if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      await new Promise<void>((res) => out.end(res));
      console.log(`wrote ${a.out} (${fs.statSync(a.out).size} bytes, ${ex.filename})`);
    },
  },
];

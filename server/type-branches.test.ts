import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TASK_TYPES } from '@shared/tasks/types.js';

// A task type's knowledge lives in shared/tasks/<type>/ and client/tasks/<type>/, reached through the
// registries; code elsewhere that asks which type a question is has to be found by hand when a type is
// added. This test finds it.

const ROOT = path.resolve(import.meta.dirname, '..');
const names = TASK_TYPES.join('|');
/**
 * A branch on a type name: a type compared with one (`q.type === 'ner'`, `type !== 'bbox'`), a
 * `case 'ner':`, or a type narrowed by name (`Extract<Question, { type: 'ner' }>`, `Q<'ner'>`). A
 * question written as data (`{ id, type: 'ner', config }` in the demo seed), registry keys and media
 * kinds (`kind === 'audio'`, a file's kind, not a question's) are no branches.
 */
const BRANCH = new RegExp(`type\\s*[!=]==?\\s*'(${names})'|'(${names})'\\s*[!=]==?\\s*[\\w.]*type\\b|case\\s+'(${names})'\\s*:|type:\\s*'(${names})'\\s*}>|<'(${names})'>`, 'i');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'test-fixtures' || rel === path.join('shared', 'tasks') ? [] : sources(rel);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

describe('type-name branches', () => {
  it('the pattern finds branches and leaves data and registry keys alone', () => {
    for (const s of ["if (q.type === 'ner') {", "x.type !== 'bbox'", "'ner' === questionType", "'bbox' !== q.type", "    case 'rating':", "q as Extract<Question, { type: 'text' }>", "row: Q<'ranking'>"]) expect(s).toMatch(BRANCH);
    for (const s of ["{ id: 'e', type: 'ner', title: 'Entities', config }", 'classification: classificationInterop,', "kind.kind === 'audio'", "const kind = 'textarea'"]) expect(s).not.toMatch(BRANCH);
  });

  it('no file of server/ or shared/ outside shared/tasks/ branches on a task type name', () => {
    const found = ['server', 'shared'].flatMap(sources).flatMap((f) =>
      fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n').flatMap((line, i) => (BRANCH.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])));
    expect(found).toEqual([]);
  });
});

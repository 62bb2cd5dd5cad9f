import { describe, expect, it } from 'vitest';
import { TASK_TYPES } from '@shared/tasks/types';

// Every client source outside client/tasks/ (this folder), as text.
const SOURCES = import.meta.glob(['../**/*.{ts,tsx}', '!./**', '!../**/*.test.{ts,tsx}', '!../node_modules/**'], {
  query: '?raw', import: 'default', eager: true,
}) as Record<string, string>;
const types = TASK_TYPES.join('|');
// `type === 'ner'`, `q.type !== 'bbox'`, `case 'audio':`: what a type knows belongs in client/tasks/<type>/.
const BRANCH = new RegExp(`\\btype\\s*[!=]==?\\s*'(${types})'|'(${types})'\\s*[!=]==?\\s*\\w*\\.?type\\b|case\\s+'(${types})'\\s*:`);

/** Lines that name a type but are about something else, with why. */
const NOT_TASK_TYPES: Record<string, string> = {
  "client/pages/label/Markdown.tsx: if (child.type !== 'text') {": 'a markdown tree node, not a question',
  "client/components/rich/pipeline.ts: const textOf = (n: HNode): string => (n.type === 'text' ? (n.value ?? '') : (n.children ?? []).map(textOf).join(''));": 'a syntax tree node, not a question',
};

describe('task types stay in their modules', () => {
  it('no client file outside client/tasks/ branches on a task type name', () => {
    const files = Object.entries(SOURCES);
    expect(files.map(([f]) => f)).toContain('../pages/console/schema/model.ts');
    const found = files.flatMap(([file, text]) =>
      text.split('\n').flatMap((line, i) => (BRANCH.test(line) && !NOT_TASK_TYPES[`client/${file.slice(3)}: ${line.trim()}`] ? [`client/${file.slice(3)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it('catches the forms a branch takes', () => {
    expect(BRANCH.test("if (q.type === 'bbox')")).toBe(true);
    expect(BRANCH.test("case 'ner':")).toBe(true);
    expect(BRANCH.test("type !== 'audio'")).toBe(true);
    expect(BRANCH.test("const t: TaskType = 'ner';")).toBe(false);
  });
});

import { TASK_TYPES, type TaskType } from '@shared/tasks/types';

/**
 * What the last row of a project needed on screen (its editors' code, the markdown renderer), kept on
 * this device so the next visit fetches it while the claim is still on the wire instead of after it: a
 * labeler opens the same project's rows all day, and the claim and those chunks take about as long.
 * A wrong or stale hint only fetches a chunk early; what the row really needs loads as before.
 */
export interface PreloadHint {
  types: TaskType[];
  rich: boolean;
}

const key = (projectId: number) => `triad.preload.${projectId}`;

export function rememberPreloadHint(projectId: number, hint: PreloadHint): void {
  try {
    localStorage.setItem(key(projectId), JSON.stringify({ types: [...new Set(hint.types)], rich: hint.rich }));
  } catch {
    // Storage full or switched off: the next visit loads as it would without the hint.
  }
}

/** The hint for this project, or null; anything malformed (an old format, a hand edit) reads as none. */
export function preloadHint(projectId: number): PreloadHint | null {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key(projectId)) ?? 'null');
    if (typeof v !== 'object' || v === null) return null;
    const { types, rich } = v as Record<string, unknown>;
    if (!Array.isArray(types) || typeof rich !== 'boolean') return null;
    const known = types.filter((t): t is TaskType => (TASK_TYPES as readonly unknown[]).includes(t));
    return { types: known, rich };
  } catch {
    return null;
  }
}

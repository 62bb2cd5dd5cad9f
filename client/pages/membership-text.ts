import type { ProjectDto } from '@shared/api/projects';

/**
 * "Added by Lena Lead on 2026-11-22": people see who put them on a project (issue 12), on their project
 * list, the project page and the member list. Null when nobody else did (they created or joined it).
 */
export function addedByText(by: { name: string } | null | undefined, at: number | undefined): string | null {
  if (!by || at === undefined) return null;
  return `Added by ${by.name} on ${new Date(at).toISOString().slice(0, 10)}`;
}

/** "You labeled 12 rows · reviewed 3": what a member who does not lead sees instead of the row counts. */
export function ownWorkText(mine: ProjectDto['mine']): string | null {
  if (!mine) return null;
  const parts = [`labeled ${mine.labels.toLocaleString()} row${mine.labels === 1 ? '' : 's'}`];
  if (mine.reviews > 0) parts.push(`reviewed ${mine.reviews.toLocaleString()}`);
  return `You ${parts.join(' · ')}`;
}

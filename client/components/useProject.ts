import { useEffect, useState } from 'react';
import type { ProjectDto } from '@shared/api/projects';
import { projectsApi } from '../api/endpoints';
import { ApiError } from '../api/client';
import { useStore } from '../store';

export type ProjectState =
  | { status: 'loading'; project: null; error: null }
  | { status: 'ready'; project: ProjectDto; error: null }
  /** `notFound`: a bad id, or a project the person does not belong to (the server answers both with 404). */
  | { status: 'notFound'; project: null; error: ApiError | null }
  | { status: 'error'; project: null; error: unknown };

/**
 * The project of a `/projects/:id/...` page with the caller's roles, fetched fresh on every visit (roles
 * can change) and copied into the store's list. `id` is the raw route param.
 */
export function useProject(rawId: string | undefined): ProjectState & { id: number } {
  const id = Number(rawId);
  const valid = Number.isInteger(id) && id > 0;
  const upsertProject = useStore((s) => s.upsertProject);
  const [state, setState] = useState<ProjectState>({ status: 'loading', project: null, error: null });

  useEffect(() => {
    if (!valid) return;
    let live = true;
    setState({ status: 'loading', project: null, error: null });
    projectsApi.get(id).then(
      ({ project }) => {
        if (!live) return;
        setState({ status: 'ready', project, error: null });
        upsertProject(project);
      },
      (error: unknown) => {
        if (!live) return;
        if (error instanceof ApiError && error.status === 404) setState({ status: 'notFound', project: null, error });
        else setState({ status: 'error', project: null, error });
      },
    );
    return () => {
      live = false;
    };
  }, [id, valid, upsertProject]);

  if (!valid) return { id, status: 'notFound', project: null, error: null };
  return { id, ...state };
}

import type { ProjectDto } from '@shared/api/projects';
import { projectsApi } from '../api/endpoints';
import { messageOf } from '../api/client';
import type { Slice } from './types';

export interface ProjectsSlice {
  /** The projects the signed-in person belongs to; null until loaded. */
  projects: ProjectDto[] | null;
  projectsError: string | null;
  loadProjects: () => Promise<void>;
  /** Puts a fresh copy of one project (after a create or an update) into the list. */
  upsertProject: (p: ProjectDto) => void;
  resetProjects: () => void;
}

export const createProjectsSlice: Slice<ProjectsSlice> = (set, get) => ({
  projects: null,
  projectsError: null,
  async loadProjects() {
    try {
      const { projects } = await projectsApi.list();
      set({ projects, projectsError: null });
    } catch (e) {
      set({ projectsError: messageOf(e) });
    }
  },
  upsertProject(p) {
    const list = get().projects;
    if (!list) return;
    const i = list.findIndex((x) => x.id === p.id);
    // The list carries counts; a single project's answer does not, so keep the old ones.
    const merged = i >= 0 ? { ...list[i], ...p, counts: p.counts ?? list[i].counts } : p;
    set({ projects: i >= 0 ? list.map((x, k) => (k === i ? merged : x)) : [...list, merged] });
  },
  resetProjects() {
    set({ projects: null, projectsError: null });
  },
});

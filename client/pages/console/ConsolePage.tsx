import { lazy, Suspense, useState, type ComponentType } from 'react';
import { Link, useParams } from 'wouter';
import type { ProjectDto } from '@shared/api/projects';
import { messageOf } from '../../api/client';
import { useProject } from '../../components/useProject';
import { Breadcrumbs } from '../../components/Breadcrumbs';
import { InlineError } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { useStore } from '../../store';
import { projectPaths } from '../../routes';
import NotFound from '../NotFound';
import './console.css';

interface TabProps {
  project: ProjectDto;
  /** The project as the server now has it (after a save), so every tab sees the new schema. */
  onSaved: (p: ProjectDto) => void;
  onImported: () => void;
}

// Each tab is its own chunk: the dashboard brings echarts, guidelines react-markdown, the schema builder zod and the editors.
const TABS: Array<{ key: string; title: string; Page: ComponentType<TabProps> }> = [
  { key: 'overview', title: 'Dashboard', Page: lazy(() => import('./OverviewTab')) },
  { key: 'schema', title: 'Schema', Page: lazy(() => import('./SchemaTab')) },
  { key: 'import', title: 'Import', Page: lazy(() => import('./ImportTab')) },
  { key: 'media', title: 'Media', Page: lazy(() => import('./MediaTab')) },
  { key: 'guidelines', title: 'Guidelines', Page: lazy(() => import('./GuidelinesTab')) },
  { key: 'members', title: 'Members', Page: lazy(() => import('./MembersTab')) },
  { key: 'rows', title: 'Rows', Page: lazy(() => import('./RowsTab')) },
  { key: 'quality', title: 'Quality', Page: lazy(() => import('./QualityTab')) },
  { key: 'integrity', title: 'Integrity', Page: lazy(() => import('./IntegrityTab')) },
  { key: 'export', title: 'Export', Page: lazy(() => import('./ExportTab')) },
  { key: 'webhooks', title: 'Webhooks', Page: lazy(() => import('./WebhooksTab')) },
];

export const consoleTabPath = (projectId: number, tab: string) => `${projectPaths.console(projectId)}${tab === 'overview' ? '' : `/${tab}`}`;

/** Everything a lead does with a project, one tab per job; the tab is part of the URL so it survives a reload. */
export default function ConsolePage() {
  const params = useParams<{ id: string; tab?: string }>();
  const { id, status, project, error } = useProject(params.id);
  const upsertProject = useStore((s) => s.upsertProject);
  const loadProjects = useStore((s) => s.loadProjects);
  const [saved, setSaved] = useState<ProjectDto | null>(null);
  const tabKey = params.tab ?? 'overview';
  const tab = TABS.find((t) => t.key === tabKey);

  if (status === 'notFound' || !tab) return <div className="console"><NotFound /></div>;
  if (status === 'error') return <div className="console"><InlineError>{messageOf(error)}</InlineError></div>;
  if (status === 'loading') return <div className="console"><Loading label="Loading project" /></div>;
  const current = saved && saved.id === project.id ? saved : project;

  if (!current.roles.includes('lead'))
    return (
      <div className="console">
        <Breadcrumbs items={[{ label: 'Projects', href: '/' }, { label: current.name, href: projectPaths.home(id) }, { label: 'Console' }]} />
        <InlineError>The console is for the project’s leads; ask a lead of “{current.name}” if you need something changed.</InlineError>
      </div>
    );

  const Page = tab.Page;
  return (
    <div className="console">
      <div className="console-head">
        <Breadcrumbs items={[{ label: 'Projects', href: '/' }, { label: current.name, href: projectPaths.home(id) }, { label: `Console · ${tab.title}` }]} />
        <h1>{current.name}</h1>
        <nav className="console-tabs" aria-label="Console sections">
          {TABS.map((t) => (
            <Link key={t.key} href={consoleTabPath(id, t.key)} className={t.key === tab.key ? 'console-tab active' : 'console-tab'} aria-current={t.key === tab.key ? 'page' : undefined}>
              {t.title}
            </Link>
          ))}
        </nav>
      </div>
      <div className="console-body">
        <Suspense fallback={<Loading label={`Loading ${tab.title.toLowerCase()}`} />}>
          <Page
            key={`${tab.key}:${current.id}`}
            project={current}
            onSaved={(p) => {
              setSaved(p);
              upsertProject(p);
            }}
            onImported={() => void loadProjects()}
          />
        </Suspense>
      </div>
    </div>
  );
}

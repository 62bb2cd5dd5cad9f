import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ProjectDto } from '@shared/api/projects';
import { schemaSchema } from '@shared/tasks/question';
import { settingsSchema } from '@shared/project';
import { apiError, fakeApi, signedInEachTest } from '../../testing/fakeApi';
import ExportTab from './ExportTab';

const project: ProjectDto = {
  id: 3, name: 'Reviews', description: '', archived: false, createdAt: 0, roles: ['lead'],
  schema: schemaSchema.parse([
    { id: 'sentiment', type: 'classification', title: 'Sentiment', config: { field: 'text', labels: ['positive', 'negative'] } },
    { id: 'quality', type: 'rating', title: 'Quality', config: { field: 'text', criteria: [{ id: 'clarity', title: 'Clarity' }] } },
  ]),
  settings: settingsSchema.parse({}),
};

signedInEachTest();

/** The query of every preview request, in order. */
function previews(api: ReturnType<typeof fakeApi>) {
  return api.fetchMock.mock.calls
    .map(([input]) => new URL(String(input), 'http://triad.test'))
    .filter((u) => u.pathname === '/api/projects/3/exports/preview')
    .map((u) => Object.fromEntries(u.searchParams));
}

describe('ExportTab filters', () => {
  it('builds the download and preview query from the controls and says what will be exported', async () => {
    const api = fakeApi({ 'GET /api/projects/3/exports/preview': () => ({ rows: 2, sample: [{ id: 7, externalId: 'r7', state: 'final' }, { id: 9, externalId: null, state: 'final' }] }) });
    const user = userEvent.setup();
    render(<ExportTab project={project} />);
    await user.selectOptions(screen.getByLabelText('Have the answer'), 'sentiment');
    await user.selectOptions(screen.getByLabelText('Answer value'), 'negative');
    await user.type(screen.getByLabelText('Agreement below'), '0.8');
    await user.type(screen.getByLabelText('Need an expert in'), 'finance, cs');
    await user.type(screen.getByLabelText('From'), '2026-01-01');
    await user.type(screen.getByLabelText('Have these ids'), 'a\nb, c');

    const want = { format: 'jsonl', state: 'final', answer: 'sentiment:negative', agreementBelow: '0.8', expertise: 'finance,cs', since: '2026-01-01', ids: 'a,b,c' };
    const link = screen.getByRole('link', { name: /Download JSONL/ });
    expect(Object.fromEntries(new URL(link.getAttribute('href')!, 'http://triad.test').searchParams)).toEqual(want);
    await waitFor(() => expect(previews(api).at(-1)).toEqual(want));
    expect(await screen.findByText('2 rows')).toBeTruthy();
    expect(screen.getByText(/Sentiment is “negative”, agreement below 0\.8, needing finance or cs, dated from 2026-01-01, 3 listed ids/)).toBeTruthy();
    expect(screen.getByText(/first: r7, #9/)).toBeTruthy();
    // Typing into six fields runs past vitest's 5 s on a loaded machine (it did with other suites running).
  }, 20_000);

  it('takes free values where a question has no labels, and shows a refused filter instead of a download', async () => {
    fakeApi({ 'GET /api/projects/3/exports/preview': () => apiError(400, 'bad_request', 'answer: quality has no criterion "depth" (its criteria: clarity)') });
    const user = userEvent.setup();
    render(<ExportTab project={project} />);
    await user.selectOptions(screen.getByLabelText('Have the answer'), 'quality');
    expect(screen.getByText('criterion=score, e.g. clarity=5')).toBeTruthy();
    await user.type(screen.getByLabelText('Answer value'), 'depth=3');
    expect((await screen.findByRole('alert')).textContent).toMatch(/no criterion "depth"/);
    expect(screen.queryByRole('link', { name: /Download/ })).toBeNull();
  });

  it('the work report takes no filters', async () => {
    const api = fakeApi({ 'GET /api/projects/3/exports/preview': () => ({ rows: 0, sample: [] }) });
    const user = userEvent.setup();
    render(<ExportTab project={project} />);
    await user.click(screen.getByRole('radio', { name: /Work report/ }));
    expect(screen.queryByLabelText('Have the answer')).toBeNull();
    expect(screen.getByRole('link', { name: /Download Work report/ }).getAttribute('href')).toBe('/api/projects/3/exports?format=workreport&state=final');
    await new Promise((r) => setTimeout(r, 400));
    expect(previews(api).filter((q) => q.format === 'workreport')).toEqual([]);
  });

  it('offers the per-turn / per-response files only to a project with a question asked per item', async () => {
    const api = fakeApi({ 'GET /api/projects/3/exports/preview': () => ({ rows: 4, sample: [] }) });
    const user = userEvent.setup();
    const { unmount } = render(<ExportTab project={project} />);
    await user.click(screen.getByRole('radio', { name: /Per turn \/ per response \(CSV\)/ }));
    expect(screen.getByText('This project has no question asked per turn or per response to export in this format.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Download/ })).toBeNull();
    unmount();
    const turns = { each: 'turn', field: 'conversation' } as const;
    const scoped = { ...project, schema: schemaSchema.parse([{ id: 'safety', type: 'classification', title: 'Safe?', scope: turns, config: { labels: ['safe', 'unsafe'] } }]) };
    render(<ExportTab project={scoped} />);
    await user.click(screen.getByRole('radio', { name: /Per turn \/ per response \(CSV\)/ }));
    expect(screen.getByRole('link', { name: /Download Per turn \/ per response \(CSV\)/ }).getAttribute('href')).toBe('/api/projects/3/exports?format=items-csv&state=final');
    await waitFor(() => expect(previews(api).at(-1)).toEqual({ format: 'items-csv', state: 'final' }));
  });
});

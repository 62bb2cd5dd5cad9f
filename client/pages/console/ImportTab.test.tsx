import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ImportReport as Report } from '@shared/api/console';
import type { ProjectDto } from '@shared/api/projects';
import { schemaSchema } from '@shared/tasks/question';
import { settingsSchema } from '@shared/project';
import { ImportReport } from './ImportReport';
import ImportTab, { guessFormat } from './ImportTab';
import { resetStore, useStore } from '../../store';
import { demoUser } from '../../testing/fakeApi';

const report = (over: Partial<Report> = {}): Report => ({
  format: 'jsonl', mode: 'all', total: 3, imported: 0, updated: 0, unchanged: 0, skipped: [], committed: false, errorCount: 2,
  warnings: [], warningCount: 0, warningKinds: { chosen: 0, converted: 0, skipped: 0 },
  errors: [
    { line: 2, field: 'data.text', message: 'expected a string, got a number' },
    { line: 3, field: 'prelabels.sentiment.labels.0', message: 'unknown label "great" (expected one of: positive, negative)' },
  ],
  ...over,
});

const project: ProjectDto = {
  id: 3, name: 'Reviews', description: '', archived: false, createdAt: 0, roles: ['lead'],
  schema: schemaSchema.parse([{ id: 'sentiment', type: 'classification', title: 'Sentiment', config: { field: 'text', labels: ['positive', 'negative'] } }]),
  settings: settingsSchema.parse({}),
};

/** A stand-in for XMLHttpRequest: records what was sent, reports upload progress, answers from a queue. */
class FakeXhr {
  /** Replies still on their way; cleared after each test so none lands once the test's DOM is gone. */
  static timers = new Set<ReturnType<typeof setTimeout>>();
  static sent: Array<{ url: string; body: Blob }> = [];
  static replies: Array<{ status: number; body: unknown }> = [];
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  status = 0;
  statusText = '';
  responseText = '';
  withCredentials = false;
  private url = '';
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  send(body: Blob) {
    FakeXhr.sent.push({ url: this.url, body });
    const reply = FakeXhr.replies.shift()!;
    const later = (fn: () => void) => {
      const t = setTimeout(() => { FakeXhr.timers.delete(t); fn(); }, 5);
      FakeXhr.timers.add(t);
    };
    later(() => {
      this.upload.onprogress?.({ loaded: Math.floor(body.size / 2), total: body.size, lengthComputable: true });
      later(() => {
        this.status = reply.status;
        this.responseText = JSON.stringify(reply.body);
        this.onload?.();
      });
    });
  }
}

beforeEach(() => {
  resetStore();
  useStore.setState({ user: demoUser(), sessionStatus: 'signedIn' });
  FakeXhr.sent = [];
  FakeXhr.replies = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
afterEach(() => {
  for (const t of FakeXhr.timers) clearTimeout(t);
  FakeXhr.timers.clear();
  cleanup();
  vi.unstubAllGlobals();
});

describe('import report', () => {
  it('lists every bad line with its line number, field and what was expected, and says nothing was imported', () => {
    render(<ImportReport report={report()} />);
    expect(screen.getByText('nothing imported')).toBeInTheDocument();
    expect(screen.getByTestId('report-total')).toHaveTextContent('3');
    expect(screen.getByTestId('report-errors')).toHaveTextContent('2');
    const rows = within(screen.getByRole('table', { name: 'Bad lines' })).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['2', 'data.text', 'expected a string, got a number'],
      ['3', 'prelabels.sentiment.labels.0', 'unknown label "great" (expected one of: positive, negative)'],
    ]);
  });

  it('reports a committed import with its counts, capped error lists and rows left alone because work had started', () => {
    render(<ImportReport report={report({
      mode: 'valid', committed: true, total: 1500, imported: 1200, updated: 3, unchanged: 290, errorCount: 1004,
      errors: Array.from({ length: 1000 }, (_, i) => ({ line: i + 10, field: 'data.text', message: 'required' })),
      skipped: [{ line: 7, externalId: 'r7', reason: 'started', message: 'row r7 is already being labeled: not updated' }],
    })} />);
    expect(screen.getByText('imported the valid lines')).toBeInTheDocument();
    expect(screen.getByTestId('report-imported')).toHaveTextContent('1,200');
    expect(screen.getByText(/the first 100 of 1,004/)).toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: 'Bad lines' })).getAllByRole('row')).toHaveLength(101);
    const notUpdated = screen.getByRole('table', { name: 'Rows not updated' });
    expect(within(notUpdated).getByText('r7')).toBeInTheDocument();
  });

  it('lists notes (chosen, converted, skipped) apart from the errors, with counts and line numbers', () => {
    render(<ImportReport report={report({
      format: 'labelstudio', committed: true, total: 300, imported: 300, errorCount: 0, errors: [], warningCount: 302,
      warningKinds: { chosen: 300, converted: 1, skipped: 1 },
      warnings: [
        { line: 2, field: 'annotations.1', kind: 'chosen', message: 'prelabels from annotations.1 (the newest of 2 annotations)' },
        { line: 9, field: 'annotations.0.result.3.value.rotation', kind: 'converted', message: 'a rectangle turned by 30°: the box enclosing it was taken' },
        ...Array.from({ length: 200 }, (_, i) => ({ line: i + 20, field: 'annotations.0.result.2', kind: 'skipped' as const, message: 'a "datetime" result: left out' })),
      ],
    })} />);
    expect(screen.queryByRole('table', { name: 'Bad lines' })).toBeNull();
    expect(screen.getByTestId('report-warnings')).toHaveTextContent('302');
    expect(screen.getByText(/300 chosen, 1 converted, 1 skipped/)).toBeInTheDocument();
    expect(screen.getByText(/the first 100 of 302/)).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'Notes' })).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(100);
    expect(within(rows[1]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['9', 'converted', 'annotations.0.result.3.value.rotation', 'a rectangle turned by 30°: the box enclosing it was taken']);
  });
});

describe('import tab', () => {
  it('guesses the format from the file, uploads with progress, shows the bad lines, and re-imports the fixed file', async () => {
    const user = userEvent.setup();
    render(<ImportTab project={project} onImported={() => {}} />);
    const input = screen.getByLabelText('File');

    FakeXhr.replies.push({ status: 400, body: { error: { code: 'bad_request', message: '1 problem in the file', details: report({ total: 2, errorCount: 1, errors: [report().errors[0]] }) } } });
    await user.upload(input, new File(['{"data":{"text":"ok"}}\n{"data":{"text":5}}\n'], 'rows.jsonl'));
    expect(screen.getByLabelText('Format')).toHaveValue('jsonl');
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByRole('progressbar', { name: 'Upload progress' })).toBeInTheDocument();
    const bad = await screen.findByRole('table', { name: 'Bad lines' });
    expect(within(bad).getByText('data.text')).toBeInTheDocument();
    expect(FakeXhr.sent[0].url).toBe('/api/projects/3/imports?format=jsonl&mode=all');

    FakeXhr.replies.push({ status: 200, body: { report: report({ total: 2, imported: 2, errorCount: 0, errors: [], committed: true }) } });
    await user.upload(input, new File(['{"data":{"text":"ok"}}\n{"data":{"text":"five"}}\n'], 'rows.jsonl'));
    await user.click(screen.getByLabelText('Import the valid lines only'));
    await user.click(screen.getByRole('button', { name: 'Import again' }));
    expect(await screen.findByText('imported')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Bad lines' })).toBeNull();
    expect(screen.getByTestId('report-imported')).toHaveTextContent('2');
    expect(FakeXhr.sent[1].url).toBe('/api/projects/3/imports?format=jsonl&mode=valid');
    expect(await FakeXhr.sent[1].body.text()).toContain('"five"');
  });

  it('sends the Label Studio options (annotations left out, a model version) only for Label Studio files', async () => {
    const user = userEvent.setup();
    render(<ImportTab project={project} onImported={() => {}} />);
    expect(screen.queryByText('Annotations in the file')).toBeNull();
    const tasks = '[{"id": 1, "data": {"text": "x"}, "annotations": [], "predictions": []}]';
    await user.upload(screen.getByLabelText('File'), new File([tasks], 'tasks.json'));
    expect(screen.getByLabelText('Format')).toHaveValue('labelstudio');
    expect(screen.queryByLabelText('Model version')).toBeNull();
    await user.click(screen.getByLabelText('Leave them out and use a prediction'));
    await user.type(screen.getByLabelText('Model version'), ' v2 ');
    FakeXhr.replies.push({ status: 200, body: { report: report({ format: 'labelstudio', total: 1, imported: 1, errorCount: 0, errors: [], committed: true }) } });
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByTestId('report-imported')).toHaveTextContent('1');
    expect(FakeXhr.sent[0].url).toBe('/api/projects/3/imports?format=labelstudio&mode=all&annotations=ignore&model_version=v2');

    await user.click(screen.getByLabelText('Offer the newest as prelabels'));
    FakeXhr.replies.push({ status: 200, body: { report: report({ format: 'labelstudio', total: 1, unchanged: 1, errorCount: 0, errors: [], committed: true }) } });
    await user.click(screen.getByRole('button', { name: 'Import again' }));
    await vi.waitFor(() => expect(FakeXhr.sent).toHaveLength(2));
    expect(FakeXhr.sent[1].url).toBe('/api/projects/3/imports?format=labelstudio&mode=all&annotations=prelabels');
    // The second report replaces the first once its answer arrives.
    await vi.waitFor(() => expect(screen.getByTestId('report-unchanged')).toHaveTextContent('1'));
    expect(screen.getByTestId('report-imported')).toHaveTextContent('0');
  });

  it('tells Label Studio task JSON from a plain JSON array', async () => {
    expect(await guessFormat(new File(['[{"id": 1, "data": {"text": "x"}, "predictions": []}]'], 'tasks.json'))).toBe('labelstudio');
    expect(await guessFormat(new File(['[{"text": "x"}]'], 'rows.json'))).toBe('json');
    expect(await guessFormat(new File(['text\nx\n'], 'rows.csv'))).toBe('csv');
  });
});

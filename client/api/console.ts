import type { ConfusionCellFilter, DashboardDto, DashboardQuery } from '@shared/api/dashboard';
import type {
  EXPORT_FILTER_KEYS, ExportFormat, ExportPreviewDto, GuidelineAcksDto, GuidelineDiffDto, GuidelineDto, GuidelinesDto, ImportOptions, ImportReport,
  MediaDto, MediaListDto, PeaksDto,
} from '@shared/api/console';
import type { ProjectDto } from '@shared/api/projects';
import type { ProjectSchemaInput } from '@shared/tasks/question';
import type { ProjectSettings } from '@shared/project';
import { api, ApiError } from './client';
import type { Answer, Body, Routes } from './routes';

// The lead's row views (server/routes/rows.ts).
type Rows = Routes['projects'][':projectId']['rows'];
type Reopen = Rows[':rowId']['reopen']['$post'];

/** One row of GET /api/projects/:id/rows (the lead's list view: no data, just workflow facts). */
export type RowListItem = Answer<Rows['$get']>['rows'][number];
export type RowHistory = Answer<Rows[':rowId']['history']['$get']>;

export interface RowFilters {
  state?: RowListItem['state'];
  agree?: 'true' | 'false';
  expertise?: string;
  /** Someone who holds or submitted a slot; `role` narrows to label or QA slots. */
  person?: number;
  role?: 'label' | 'qa';
  labeler?: number;
  waiting?: 'expert';
  /** Words searched in the row's data and external id. */
  q?: string;
  sort?: 'age' | 'priority' | 'state';
  // A confusion cell of the dashboard (question, label1, label2; pairedFrom/pairedTo): the rows behind it.
  question?: ConfusionCellFilter['question'];
  label1?: string;
  label2?: string;
  pairedFrom?: string;
  pairedTo?: string;
  dir?: 'asc' | 'desc';
  cursor?: string | number;
  limit?: number;
}

const query = (q: object) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const consoleApi = {
  saveSchema: (projectId: number, body: { schema: ProjectSchemaInput; settings: ProjectSettings }) =>
    api.patch<{ project: ProjectDto }>(`/projects/${projectId}`, body),

  rows: (projectId: number, f: RowFilters = {}, signal?: AbortSignal) =>
    api.get<Answer<Rows['$get']>>(`/projects/${projectId}/rows${query(f)}`, { signal }),
  row: (projectId: number, rowId: number) => api.get<Answer<Rows[':rowId']['$get']>>(`/projects/${projectId}/rows/${rowId}`),
  history: (projectId: number, rowId: number) => api.get<RowHistory>(`/projects/${projectId}/rows/${rowId}/history`),
  reopen: (projectId: number, rowId: number, to: 'qa' | 'labeling', note?: string) =>
    api.post<Answer<Reopen>>(`/projects/${projectId}/rows/${rowId}/reopen`, { to, ...(note ? { note } : {}) } satisfies Body<Reopen>),
  setPriority: (projectId: number, rowId: number, priority: number) =>
    api.post<Answer<Rows[':rowId']['priority']['$post']>>(`/projects/${projectId}/rows/${rowId}/priority`, { priority }),
  releaseClaim: (projectId: number, assignmentId: number) =>
    api.post<{ released: true; assignmentId: number }>(`/projects/${projectId}/assignments/${assignmentId}/release`, {}),

  guidelines: (projectId: number) => api.get<GuidelinesDto>(`/projects/${projectId}/guidelines`),
  guideline: (projectId: number, version: number) => api.get<GuidelineDto>(`/projects/${projectId}/guidelines/${version}`),
  publishGuideline: (projectId: number, body: string, note: string) =>
    api.post<GuidelineDto>(`/projects/${projectId}/guidelines`, { body, note }),
  guidelineDiff: (projectId: number, from: number, to: number) =>
    api.get<GuidelineDiffDto>(`/projects/${projectId}/guidelines/diff${query({ from, to })}`),

  dashboard: (projectId: number, q: Partial<DashboardQuery> = {}, signal?: AbortSignal) =>
    api.get<DashboardDto>(`/projects/${projectId}/dashboard${query(q)}`, { signal }),

  importFile: (projectId: number, file: Blob, opts: ImportRequest, onProgress?: (p: UploadProgress) => void) =>
    upload<{ report: ImportReport }>(`/projects/${projectId}/imports${query(opts)}`, file, onProgress),
  uploadMedia: (projectId: number, file: File, onProgress?: (p: UploadProgress) => void) =>
    upload<{ media: MediaDto }>(`/projects/${projectId}/media${query({ name: file.name })}`, file, onProgress),
  media: (projectId: number, q: { q?: string; kind?: 'image' | 'audio'; limit?: number; offset?: number }, signal?: AbortSignal) =>
    api.get<MediaListDto>(`/projects/${projectId}/media${query(q)}`, { signal }),
  /** Peaks of an audio file: measures (and stores) its length on the server when it was stored without. */
  mediaPeaks: (mediaId: string) => api.get<PeaksDto>(`/media/${mediaId}/peaks`),
  guidelineAcks: (projectId: number, version?: number) =>
    api.get<GuidelineAcksDto>(`/projects/${projectId}/guidelines/acknowledgements${query({ version })}`),
};

/** The import query as the form sends it: the Label Studio options only for Label Studio files. */
export type ImportRequest = Pick<ImportOptions, 'format' | 'mode'> & Partial<Pick<ImportOptions, 'annotations' | 'model_version'>>;

/** A plain link the browser downloads from: the server streams the file with Content-Disposition. */
export type ExportParams = { format: ExportFormat; state: string; raw: boolean; question?: string } & Partial<Record<(typeof EXPORT_FILTER_KEYS)[number], string>>;

const exportQueryString = (q: ExportParams) => query({ ...q, raw: q.raw ? '1' : undefined });

export function exportUrl(projectId: number, q: ExportParams): string {
  return `/api/projects/${projectId}/exports${exportQueryString(q)}`;
}

/** How many rows (and which first few) the export `q` would write. */
export const exportPreview = (projectId: number, q: ExportParams, signal?: AbortSignal) =>
  api.get<ExportPreviewDto>(`/projects/${projectId}/exports/preview${exportQueryString(q)}`, { signal });

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * POST a file as the raw request body. XMLHttpRequest rather than fetch because only XHR reports upload
 * progress; failures reject with the same ApiError the JSON calls use, details included (an import's
 * report rides in the details of its 400).
 */
export function upload<T>(path: string, file: Blob, onProgress?: (p: UploadProgress) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (file.type) xhr.setRequestHeader('content-type', file.type);
    else xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onerror = () => reject(new ApiError(0, 'network', 'the upload was interrupted: check your connection and try again'));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.({ loaded: file.size, total: file.size });
        resolve(data as T);
        return;
      }
      const body = data as { error?: { code?: string; message?: string; details?: unknown } } | undefined;
      reject(
        body?.error?.message
          ? new ApiError(xhr.status, body.error.code ?? 'http_error', body.error.message, body.error.details)
          : new ApiError(xhr.status, 'http_error', `the server answered ${xhr.status} ${xhr.statusText}`.trim()),
      );
    };
    xhr.send(file);
  });
}

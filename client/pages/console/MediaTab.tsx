import { useEffect, useRef, useState } from 'react';
import type { MediaDto, MediaListDto } from '@shared/api/console';
import type { ProjectDto } from '@shared/api/projects';
import { ApiError, messageOf } from '../../api/client';
import { consoleApi, type UploadProgress } from '../../api/console';
import { CopyButton } from '../../components/CopyButton';
import { InlineError } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { formatBytes } from './ImportTab';
import { MediaTable } from './media/MediaTable';
import { useMeasuredDurations } from './media/useMeasuredDurations';
import { RowDetail } from './rows/RowDetail';
import './media/media.css';
// The row detail's own styles, which the Rows tab loads.
import './rows/rows.css';

const PAGE = 50;

interface Upload {
  key: number;
  name: string;
  size: number;
  progress: UploadProgress;
  media?: MediaDto;
  error?: string;
}

function errorText(err: unknown): string {
  if (err instanceof ApiError && err.status === 415) return `not accepted: ${err.message} (images: PNG, JPEG, GIF, WebP; audio: WAV, MP3, OGG, FLAC)`;
  if (err instanceof ApiError && err.status === 413) return `too large: ${err.message}`;
  return messageOf(err);
}

function UploadBox({ projectId, onUploaded }: { projectId: number; onUploaded(): void }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const patch = (key: number, p: Partial<Upload>) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...p } : u)));

  async function uploadAll(files: FileList | null) {
    if (!files) return;
    // One at a time: the server streams each to disk and computes audio peaks; parallel uploads would only compete.
    for (const f of Array.from(files)) {
      const key = Date.now() + Math.random();
      setUploads((all) => [{ key, name: f.name, size: f.size, progress: { loaded: 0, total: f.size } }, ...all]);
      try {
        const { media } = await consoleApi.uploadMedia(projectId, f, (progress) => patch(key, { progress }));
        patch(key, { media });
        onUploaded();
      } catch (err) {
        patch(key, { error: errorText(err) });
      }
    }
  }

  return (
    <section className="card section" aria-labelledby="media-upload-title">
      <h2 id="media-upload-title">Upload media</h2>
      <p className="muted section-intro">
        Images (for box questions) and audio (for segment questions) are stored once by content; a row references a file by
        putting its URL (<code>/api/media/…</code>) in the field the question reads. Rows may also use any https URL.
      </p>
      <div className="field">
        <label className="field-label" htmlFor="media-file">Files</label>
        <input id="media-file" className="input file-input" type="file" multiple accept="image/*,audio/*" onChange={(e) => {
          void uploadAll(e.target.files);
          e.target.value = '';
        }} />
      </div>
      {uploads.length > 0 && (
        <ul className="media-uploads" aria-label="This session’s uploads">
          {uploads.map((u) => {
            const pct = Math.round((u.progress.loaded / Math.max(1, u.progress.total)) * 100);
            return (
              <li key={u.key} data-testid={`upload-${u.name}`}>
                <span className="cell-primary">{u.name}</span>
                <span className="muted">{formatBytes(u.size)}</span>
                {u.error ? <span className="inline-error" role="alert">{u.name}: {u.error}</span>
                  : u.media ? (
                    <>
                      <span className="ok-text">✓ {u.media.mime}{u.media.name !== u.name ? `, which the project already had as ${u.media.name}` : ''}</span>
                      <code className="media-url" title={u.media.url}>{u.media.url}</code>
                      <CopyButton text={u.media.url} label={`Copy the URL of ${u.name}`} />
                    </>
                  )
                  : (
                    <span className="progress-bar" role="progressbar" aria-label={`Uploading ${u.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
                      <span style={{ width: `${pct}%` }} />
                    </span>
                  )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/**
 * What the project has uploaded, newest first, a page at a time: search by name, images or audio, where
 * each file is used (opening a row shows it beside the list), and its URL to copy into rows.
 */
export default function MediaTab({ project }: { project: ProjectDto }) {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<'' | 'image' | 'audio'>('');
  const [offset, setOffset] = useState(0);
  // The page keeps the offset it was asked for, so its pager never pairs one page's files with another's numbers.
  const [page, setPage] = useState<(MediaListDto & { offset: number }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [row, setRow] = useState<number | null>(null);
  const listTop = useRef<HTMLElement>(null);

  // Typing settles for a moment before the list is asked again. Only a changed search goes back to the
  // first page: a timer armed on mount must not undo a Next clicked within its 250 ms.
  useEffect(() => {
    const next = text.trim();
    if (next === q) return;
    const t = setTimeout(() => { setQ(next); setOffset(0); }, 250);
    return () => clearTimeout(t);
  }, [text, q]);

  useEffect(() => {
    const ctl = new AbortController();
    setError(null);
    consoleApi.media(project.id, { q: q || undefined, kind: kind || undefined, limit: PAGE, offset }, ctl.signal).then((dto) => setPage({ ...dto, offset }), (e) => {
      if ((e as Error)?.name !== 'AbortError') setError(messageOf(e));
    });
    return () => ctl.abort();
  }, [project.id, q, kind, offset, reload]);

  const { media, measuring } = useMeasuredDurations(page?.media ?? []);
  const go = (to: number) => {
    setOffset(to);
    listTop.current?.scrollIntoView?.({ block: 'start' });
  };
  const filtered = q !== '' || kind !== '';

  return (
    <>
      <UploadBox projectId={project.id} onUploaded={() => { setOffset(0); setReload((n) => n + 1); }} />
      <div className={row === null ? 'media-layout' : 'media-layout with-row'}>
        <section className="card section" aria-labelledby="media-list-title" ref={listTop}>
          <div className="section-head">
            <h2 id="media-list-title">Media in this project</h2>
            {page && <span className="muted" aria-live="polite">{page.total.toLocaleString()} {filtered ? 'matching' : `file${page.total === 1 ? '' : 's'}`}</span>}
          </div>
          <div className="media-toolbar">
            <input type="search" className="input media-search" placeholder="Search by file name, or paste a URL" aria-label="Search media by file name"
              value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
            <select className="input input-sm" aria-label="Kind of file" value={kind} onChange={(e) => { setKind(e.target.value as typeof kind); setOffset(0); }}>
              <option value="">Images and audio</option>
              <option value="image">Images</option>
              <option value="audio">Audio</option>
            </select>
          </div>
          <InlineError>{error}</InlineError>
          {!page ? (!error && <Loading label="Loading media" />)
            : page.media.length === 0 ? (
              <p className="muted media-empty">{filtered ? 'No file matches this search.' : 'Nothing uploaded yet: upload images or audio above.'}</p>
            ) : (
              <>
                <MediaTable media={media} measuring={measuring} onOpenRow={setRow} />
                {page.total > PAGE && (
                  <nav className="media-pager" aria-label="Media pages">
                    <button type="button" className="btn btn-secondary btn-sm" disabled={page.offset === 0} onClick={() => go(Math.max(0, page.offset - PAGE))}>← Previous</button>
                    <span className="muted">{(page.offset + 1).toLocaleString()}–{(page.offset + page.media.length).toLocaleString()} of {page.total.toLocaleString()}</span>
                    <button type="button" className="btn btn-secondary btn-sm" disabled={page.nextOffset === null} onClick={() => go(page.nextOffset ?? page.offset)}>Next →</button>
                  </nav>
                )}
              </>
            )}
        </section>
        {row !== null && <RowDetail project={project} rowId={row} onClose={() => setRow(null)} onChanged={() => setReload((n) => n + 1)} />}
      </div>
    </>
  );
}

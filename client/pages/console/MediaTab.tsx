import { useState } from 'react';
import type { MediaDto } from '@shared/api/console';
import type { ProjectDto } from '@shared/api/projects';
import { ApiError, messageOf } from '../../api/client';
import { consoleApi, type UploadProgress } from '../../api/console';
import { formatBytes } from './ImportTab';

interface Upload {
  key: number;
  name: string;
  size: number;
  progress: UploadProgress;
  media?: MediaDto;
  error?: string;
}

function CopyButton({ text }: { text: string }) {
  const [done, setDone] = useState(false);
  return (
    <button type="button" className="btn btn-ghost btn-sm" onClick={() => {
      void navigator.clipboard?.writeText(text).then(() => {
        setDone(true);
        setTimeout(() => setDone(false), 1500);
      });
    }}>
      {done ? 'Copied' : 'Copy'}
    </button>
  );
}

function errorText(err: unknown): string {
  if (err instanceof ApiError && err.status === 415) return `not accepted: ${err.message} (images: PNG, JPEG, GIF, WebP; audio: WAV, MP3, OGG, FLAC)`;
  if (err instanceof ApiError && err.status === 413) return `too large: ${err.message}`;
  return messageOf(err);
}

/** Uploads images and audio one by one and shows what a row's field should hold to reference each. */
export default function MediaTab({ project }: { project: ProjectDto }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const patch = (key: number, p: Partial<Upload>) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...p } : u)));

  async function uploadAll(files: FileList | null) {
    if (!files) return;
    // One at a time: the server streams each to disk and computes audio peaks; parallel uploads would only compete.
    for (const f of Array.from(files)) {
      const key = Date.now() + Math.random();
      setUploads((all) => [{ key, name: f.name, size: f.size, progress: { loaded: 0, total: f.size } }, ...all]);
      try {
        const { media } = await consoleApi.uploadMedia(project.id, f, (progress) => patch(key, { progress }));
        patch(key, { media });
      } catch (err) {
        patch(key, { error: errorText(err) });
      }
    }
  }

  return (
    <>
      <section className="card section">
        <h2>Upload media</h2>
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
      </section>
      {uploads.length > 0 && (
        <section className="card section" aria-label="Uploaded media">
          <h2>This session’s uploads</h2>
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th scope="col">File</th><th scope="col">Reference in rows</th><th scope="col">Type</th><th scope="col">Size</th><th scope="col">Details</th></tr></thead>
              <tbody>
                {uploads.map((u) => (
                  <tr key={u.key} data-testid={`upload-${u.name}`}>
                    <td>
                      <div className="cell-with-action">
                        {u.media?.mime.startsWith('image/') && <img className="media-thumb" src={u.media.url} alt="" />}
                        <span className="cell-primary">{u.name}</span>
                      </div>
                    </td>
                    {u.error ? (
                      <td colSpan={4}><div className="inline-error" role="alert">{u.name}: {u.error}</div></td>
                    ) : u.media ? (
                      <>
                        <td><div className="cell-with-action"><code className="media-url">{u.media.url}</code><CopyButton text={u.media.url} /></div></td>
                        <td>{u.media.mime}</td>
                        <td className="num">{formatBytes(u.media.size)}</td>
                        <td className="muted">
                          {u.media.width !== null && `${u.media.width}×${u.media.height} px`}
                          {u.media.duration !== null && `${u.media.duration.toFixed(1)} s${u.media.peaks ? ' · waveform ready' : ''}`}
                          {u.media.mime.startsWith('audio/') && <audio className="media-audio" controls preload="none" src={u.media.url} />}
                        </td>
                      </>
                    ) : (
                      <td colSpan={4}>
                        <div className="progress-bar" role="progressbar" aria-label={`Uploading ${u.name}`} aria-valuemin={0} aria-valuemax={100}
                          aria-valuenow={Math.round((u.progress.loaded / Math.max(1, u.progress.total)) * 100)}>
                          <span style={{ width: `${Math.round((u.progress.loaded / Math.max(1, u.progress.total)) * 100)}%` }} />
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

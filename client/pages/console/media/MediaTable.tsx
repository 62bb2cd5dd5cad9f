import { useRef, useState } from 'react';
import type { MediaListItemDto, MediaUsesDto } from '@shared/api/console';
import { CopyButton } from '../../../components/CopyButton';
import { formatBytes } from '../ImportTab';
import { when } from '../format';

/** 4.2 s under a minute, then 1:05 or 1:02:03. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  const [h, m, r] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}

const kindOf = (mime: string) => (mime.startsWith('audio/') ? 'audio' : 'image');
const typeLabel = (mime: string) => mime.split('/')[1]?.toUpperCase() ?? mime;

/** One play/pause button per file: nothing is fetched until it is pressed. */
function PlayButton({ m }: { m: MediaListItemDto }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  return (
    <>
      <button type="button" className="media-play" aria-label={`${playing ? 'Pause' : 'Play'} ${m.name}`}
        onClick={() => (playing ? audio.current?.pause() : void audio.current?.play())}>
        {playing ? '❚❚' : '▶'}
      </button>
      <audio ref={audio} preload="none" src={m.url} onPlay={() => setPlaying(true)} onPause={() => setPlaying(false)} onEnded={() => setPlaying(false)} />
    </>
  );
}

function Preview({ m }: { m: MediaListItemDto }) {
  if (kindOf(m.mime) === 'audio') return <PlayButton m={m} />;
  // The browser scales the file into the cell and fetches it only near the viewport: a page of 50 costs
  // only the thumbnails on screen.
  return (
    <a href={m.url} target="_blank" rel="noopener noreferrer" className="media-thumb-link" aria-label={`Open ${m.name} full size`}>
      <img className="media-thumb" src={m.url} alt="" loading="lazy" decoding="async" width={64} height={48} />
    </a>
  );
}

function Uses({ m, onOpenRow }: { m: MediaListItemDto; onOpenRow(id: number): void }) {
  const u: MediaUsesDto = m.uses;
  if (u.rows === 0) return <span className="muted">Not used in any row</span>;
  const rest = u.rows - u.first.length;
  return (
    <div className="media-uses">
      <span className="media-uses-count">{u.more ? `${u.rows.toLocaleString()}+ rows` : `${u.rows.toLocaleString()} row${u.rows === 1 ? '' : 's'}`}</span>
      <span className="media-uses-rows">
        {u.first.map((r) => (
          <button key={r.id} type="button" className="btn btn-link" onClick={() => onOpenRow(r.id)} aria-label={`Open row ${r.externalId ?? `#${r.id}`} (uses ${m.name})`}>
            {r.externalId ?? `#${r.id}`}
          </button>
        ))}
        {rest > 0 && <span className="muted">and {u.more ? 'more than ' : ''}{rest.toLocaleString()} more</span>}
      </span>
    </div>
  );
}

/** The project's files: preview, name, type and size, length or pixel size, upload time, where used, URL. */
export function MediaTable({ media, measuring, onOpenRow }: { media: MediaListItemDto[]; measuring: ReadonlySet<string>; onOpenRow(id: number): void }) {
  return (
    <div className="table-wrap">
      <table className="table media-table" aria-label="Uploaded media">
        <thead>
          <tr>
            <th scope="col"><span className="sr-only">Preview</span></th>
            <th scope="col">File</th>
            <th scope="col">Length / pixels</th>
            <th scope="col">Uploaded</th>
            <th scope="col">Used in</th>
            <th scope="col">URL for rows</th>
          </tr>
        </thead>
        <tbody>
          {media.map((m) => (
            <tr key={m.id} data-testid={`media-${m.name}`}>
              <td className="media-preview"><Preview m={m} /></td>
              <td>
                <div className="cell-primary media-name" title={m.name}>{m.name}</div>
                <div className="cell-secondary media-type">{typeLabel(m.mime)} {kindOf(m.mime)} · {formatBytes(m.size)}</div>
              </td>
              <td className="num media-dims">
                {m.duration !== null ? formatDuration(m.duration)
                  : m.width !== null ? `${m.width}×${m.height} px`
                  : measuring.has(m.id) ? <span className="muted">measuring…</span>
                  : <span className="muted">—</span>}
              </td>
              <td className="cell-secondary">{when(m.createdAt)}</td>
              <td><Uses m={m} onOpenRow={onOpenRow} /></td>
              <td>
                <div className="media-url-cell">
                  <code className="media-url" title={m.url}>{m.url}</code>
                  <CopyButton text={m.url} label={`Copy the URL of ${m.name}`} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

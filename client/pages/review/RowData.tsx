import { isConversationValue } from '../../components/rich/conversation-value';
import type { Scope } from '@shared/tasks/scope';
import { RichText } from '../../components/rich/RichText';
import { Transcript } from '../../components/rich/Transcript';
import './row-data.css';

const MEDIA = /\.(png|jpe?g|gif|webp|svg|bmp)(\?.*)?$/i;
const AUDIO = /\.(wav|mp3|ogg|flac|m4a|webm)(\?.*)?$/i;

const isUrlish = (s: string) => /^(https?:\/\/|\/)/.test(s) || /^[\w./-]+$/.test(s);

/** Field names read as headings: "context_text" → "Context text". */
const fieldTitle = (k: string) => (k.charAt(0).toUpperCase() + k.slice(1)).replace(/[_-]+/g, ' ');

/** The turn or response of a field that the reviewer is on (a per-turn or per-response question). */
export interface RowDataFocus {
  field: string;
  each: Scope['each'];
  index: number;
}

function Value({ name, value, focus }: { name: string; value: unknown; focus: RowDataFocus | null }) {
  if (typeof value === 'string') {
    if (isUrlish(value) && MEDIA.test(value)) return <img className="rv-data-img" src={value} alt="" />;
    if (isUrlish(value) && AUDIO.test(value)) return <audio className="rv-data-audio" src={value} controls preload="metadata" />;
    return <RichText text={value} />;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return <p className="rv-data-text">{String(value)}</p>;
  if (isConversationValue(value)) {
    return <Transcript messages={value} label={fieldTitle(name)} activeTurn={focus?.each === 'turn' ? focus.index : undefined} />;
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    const at = focus?.each === 'response' ? focus.index : null;
    return (
      <ol className="rv-data-list">
        {value.map((v, i) => (
          <li key={i} className={at === i ? 'is-focus' : undefined} data-response={i} aria-current={at === i ? 'true' : undefined}>
            <RichText text={v} />
          </li>
        ))}
      </ol>
    );
  }
  return <pre className="rv-json">{JSON.stringify(value, null, 2)}</pre>;
}

/**
 * The row's data fields, compact: short fields (a domain, a source) as chips on top, longer ones as
 * titled blocks, so the reviewer reads the prompt and context the labelers saw.
 */
export function RowData({ data, label = 'Row data', focus = null }: {
  data: Record<string, unknown>;
  label?: string;
  /** The turn or response the reviewer's active question is on: highlighted and kept in view. */
  focus?: RowDataFocus | null;
}) {
  const entries = Object.entries(data);
  const short = entries.filter(([, v]) => (typeof v === 'string' && v.length <= 24 && !MEDIA.test(v) && !AUDIO.test(v)) || typeof v === 'number' || typeof v === 'boolean');
  const long = entries.filter((e) => !short.includes(e));
  return (
    <section className="rv-data" aria-label={label}>
      {short.length > 0 && (
        <dl className="rv-data-facts">
          {short.map(([k, v]) => (
            <div key={k}>
              <dt>{fieldTitle(k)}</dt>
              <dd>{String(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      {long.map(([k, v]) => (
        <div key={k} className="rv-data-field">
          <h3 className="rv-data-title">{fieldTitle(k)}</h3>
          <Value name={k} value={v} focus={focus?.field === k ? focus : null} />
        </div>
      ))}
      {entries.length === 0 && <p className="muted">This row has no data fields.</p>}
    </section>
  );
}

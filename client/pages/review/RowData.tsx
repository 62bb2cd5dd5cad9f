const MEDIA = /\.(png|jpe?g|gif|webp|svg|bmp)(\?.*)?$/i;
const AUDIO = /\.(wav|mp3|ogg|flac|m4a|webm)(\?.*)?$/i;

const isUrlish = (s: string) => /^(https?:\/\/|\/)/.test(s) || /^[\w./-]+$/.test(s);

/** Field names read as headings: "context_text" → "Context text". */
const fieldTitle = (k: string) => (k.charAt(0).toUpperCase() + k.slice(1)).replace(/[_-]+/g, ' ');

function Value({ value }: { value: unknown }) {
  if (typeof value === 'string') {
    if (isUrlish(value) && MEDIA.test(value)) return <img className="rv-data-img" src={value} alt="" />;
    if (isUrlish(value) && AUDIO.test(value)) return <audio className="rv-data-audio" src={value} controls preload="metadata" />;
    return <p className="rv-data-text">{value}</p>;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return <p className="rv-data-text">{String(value)}</p>;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return (
      <ol className="rv-data-list">
        {value.map((v, i) => (
          <li key={i}>
            <p className="rv-data-text">{v}</p>
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
export function RowData({ data, label = 'Row data' }: { data: Record<string, unknown>; label?: string }) {
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
          <Value value={v} />
        </div>
      ))}
      {entries.length === 0 && <p className="muted">This row has no data fields.</p>}
    </section>
  );
}

import { memo, useEffect, useRef } from 'react';
import { isConversationValue } from '../../components/rich/conversation-value';
import { RichText } from '../../components/rich/RichText';
import { Transcript } from '../../components/rich/Transcript';
import type { ProjectSchema } from '@shared/tasks/question';
import { fieldsAskedAbout, fieldsShownByEditor } from './editors';
import type { DataFocus } from './question-focus';

const IMAGE_RE = /\.(png|jpe?g|gif|webp|avif|svg)(\?.*)?$/i;
const AUDIO_RE = /\.(wav|mp3|ogg|oga|flac|m4a|webm)(\?.*)?$/i;
const MEDIA_RE = /^\/api\/media\/[0-9a-f]{64}$/;

/** "prompt_text" → "Prompt text". */
export function fieldTitle(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/** The row's fields in the order a person reads them: what the questions ask about first, then the rest. */
export function panelFields(schema: ProjectSchema, data: Record<string, unknown>): string[] {
  const askedAll = new Set(schema.flatMap(fieldsAskedAbout));
  // A field an editor draws is left out, unless another question asks about it: the response an entities
  // question draws is also what the verdict and the rating judge, and those read it here, above them.
  const hidden = new Set(schema.flatMap(fieldsShownByEditor).filter((f) => !askedAll.has(f)));
  const asked = schema.flatMap(fieldsAskedAbout).filter((f) => !hidden.has(f) && f in data);
  const rest = Object.keys(data).filter((f) => !hidden.has(f) && !asked.includes(f));
  // Context before the query before the answer under review: the order the reader needs them in.
  const rank = (f: string) => {
    const i = ['context', 'document', 'query', 'question', 'prompt'].indexOf(f.toLowerCase());
    return i < 0 ? 100 : i;
  };
  rest.sort((a, b) => rank(a) - rank(b));
  const ordered = [...rest.filter((f) => rank(f) < 100), ...new Set(asked), ...rest.filter((f) => rank(f) === 100)];
  return [...new Set(ordered)];
}

function mediaKind(name: string, value: string): 'image' | 'audio' | null {
  if (IMAGE_RE.test(value) || (MEDIA_RE.test(value) && /image|img|photo|picture/i.test(name))) return 'image';
  if (AUDIO_RE.test(value) || (MEDIA_RE.test(value) && /audio|sound|speech|recording/i.test(name))) return 'audio';
  return null;
}

/** A value the panel lists among the row's facts, as written: a number, a flag or a short text. */
function isFact(name: string, v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 24 && !mediaKind(name, v));
}

/** Whether the panel shows any field as markdown (text, a conversation, a list of responses) for this row. */
export function panelShowsRichText(schema: ProjectSchema, data: Record<string, unknown>): boolean {
  return panelFields(schema, data).some((f) => {
    const v = data[f];
    if (isFact(f, v)) return false;
    if (typeof v === 'string') return !mediaKind(f, v);
    return isConversationValue(v) || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'));
  });
}

/** The entry a per-response question is on: marked, and scrolled into view in the panel. */
function ListEntry({ text, index, focused }: { text: string; index: number; focused: boolean }) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [focused]);
  return (
    <li ref={ref} className={`lb-data-entry${focused ? ' is-focus' : ''}`} data-response={index} aria-current={focused ? 'true' : undefined}>
      <RichText text={text} />
    </li>
  );
}

/** A field's value: media as media, a conversation as a transcript, text as markdown (a fact as it is). */
function Value({ name, value, focus, fact = false }: { name: string; value: unknown; focus?: DataFocus | null; fact?: boolean }) {
  if (value === null || value === undefined || value === '') return <span className="lb-muted">(empty)</span>;
  if (typeof value === 'string') {
    const media = mediaKind(name, value);
    if (media === 'image') return <img className="lb-data-image" src={value} alt={fieldTitle(name)} />;
    if (media === 'audio') return <audio className="lb-data-audio" src={value} controls preload="metadata" />;
    if (fact) return <div className="lb-data-text">{value}</div>;
    return <RichText text={value} className={value.length > 80 ? 'lb-data-long' : undefined} />;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return <div className="lb-data-text">{String(value)}</div>;
  if (isConversationValue(value)) {
    return <Transcript messages={value} label={fieldTitle(name)} activeTurn={focus?.each === 'turn' ? focus.index : undefined} />;
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    const at = focus?.each === 'response' ? focus.index : null;
    return (
      <ol className="lb-data-list" type="A">
        {value.map((v, i) => (
          <ListEntry key={i} text={v} index={i} focused={at === i} />
        ))}
      </ol>
    );
  }
  return <pre className="lb-data-json">{JSON.stringify(value, null, 2)}</pre>;
}

/**
 * The row's data that no editor already draws (a context, a query, a review to classify, a prompt to
 * rewrite for), as the schema points at it. Returns null when the editors show everything.
 */
export const DataPanel = memo(function DataPanel({ schema, data, focus = null }: {
  schema: ProjectSchema;
  data: Record<string, unknown>;
  /** The turn or response the active question is on: highlighted and kept in view. */
  focus?: DataFocus | null;
}) {
  const fields = panelFields(schema, data);
  if (fields.length === 0) return null;
  const short = fields.filter((f) => isFact(f, data[f]));
  const long = fields.filter((f) => !short.includes(f));
  return (
    <section className="lb-data" aria-label="Row data">
      {short.length > 0 && (
        <dl className="lb-data-facts">
          {short.map((f) => (
            <div key={f} className="lb-data-fact">
              <dt>{fieldTitle(f)}</dt>
              <dd><Value name={f} value={data[f]} fact /></dd>
            </div>
          ))}
        </dl>
      )}
      {long.map((f) => (
        <div key={f} className="lb-data-field" data-field={f}>
          <h3 className="lb-data-name">{fieldTitle(f)}</h3>
          <Value name={f} value={data[f]} focus={focus?.field === f ? focus : null} />
        </div>
      ))}
    </section>
  );
});

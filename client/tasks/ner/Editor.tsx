import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type MouseEvent } from 'react';
import type { NerAnswer, NerConfig, NerSpan } from '@shared/tasks/registry';
import type { HotkeyBinding } from '../../hotkeys/dispatcher';
import { Kbd } from '../../hotkeys/Kbd';
import { useHotkeys, useQuestionScope } from '../../hotkeys/useHotkeys';
import { LabelChips, labelBindings } from '../common/LabelChips';
import { SuggestionList } from '../common/Suggestion';
import { labelColor, labelTitle, labelViews, tint, type LabelView } from '../common/labels';
import type { EditorProps } from '../types';
import {
  chunkText,
  nextWordBoundary,
  normalizeRange,
  overlaps,
  piecesOf,
  selectionRange,
  sortSpans,
  spanKey,
  tokenAfter,
  tokenBefore,
  type Chunk,
  type Piece,
  type Token,
} from './text';
import '../common/common.css';
import './ner.css';

interface ChunkProps {
  chunk: Chunk;
  text: string;
  pieces: Piece[];
  /** Everything the pieces render from, as one string: the memo compares only this. */
  sig: string;
  colors: Map<string, string>;
  spanLabels: Map<string, string>;
  sugLabels: string[];
  selectedKey: string | null;
  selectedSug: number | null;
}

/** One chunk of the document; re-renders only when a span or the selection inside it changes. */
const piecesSig = (pieces: Piece[], sugLabels: string[]) =>
  pieces
    .map((p) => `${p.start}-${p.end}:${p.spans.join(',')}/${p.sugs.map((i) => `${i}${sugLabels[i]}`).join(',')}/${p.endLabels.join(',')}${p.cursor ? '^' : ''}`)
    .join('|');

const TextChunk = memo(
  function TextChunk({ chunk, text, pieces, colors, spanLabels, sugLabels, selectedKey, selectedSug }: ChunkProps) {
    if (pieces.length === 0) return <span data-offset={chunk.start}>{text.slice(chunk.start, chunk.end)}</span>;
    return (
      <>
        {pieces.map((p) => {
          const str = text.slice(p.start, p.end);
          if (p.spans.length === 0 && p.sugs.length === 0 && !p.cursor)
            return (
              <span key={p.start} data-offset={p.start}>
                {str}
              </span>
            );
          const inner = p.spans[0];
          const color = inner ? colors.get(spanLabels.get(inner)!) ?? '#868e96' : colors.get(sugLabels[p.sugs[0]]) ?? '#868e96';
          const cls = ['ner-piece'];
          if (p.spans.length) cls.push('ner-mark');
          if (p.spans.length > 1) cls.push('is-nested');
          if (p.sugs.length) cls.push('ner-sug');
          if (selectedKey && p.spans.includes(selectedKey)) cls.push('is-selected');
          if (selectedSug !== null && p.sugs.includes(selectedSug)) cls.push('is-sug-selected');
          if (p.cursor) cls.push('is-cursor');
          const style = { ['--span' as string]: color, ['--span-bg' as string]: tint(color, 0.16) } as CSSProperties;
          return (
            <span
              key={p.start}
              data-offset={p.start}
              data-spans={p.spans.join(' ') || undefined}
              data-sugs={p.sugs.join(' ') || undefined}
              data-label={p.endLabels.length ? p.endLabels.join(' · ') : undefined}
              className={cls.join(' ')}
              style={p.spans.length || p.sugs.length ? style : undefined}
            >
              {str}
            </span>
          );
        })}
      </>
    );
  },
  (a, b) => a.sig === b.sig && a.text === b.text && a.colors === b.colors,
);

export default function NerEditor({ question, config, data, value, onChange, prelabel, readOnly, active }: EditorProps<NerConfig, NerAnswer>) {
  const raw = data[config.field];
  const text = typeof raw === 'string' ? raw : raw == null ? '' : String(raw);
  const views = useMemo(() => labelViews(config.labels), [config.labels]);
  const colors = useMemo(() => new Map(views.map((l) => [l.value, l.color])), [views]);
  const chunks = useMemo(() => chunkText(text), [text]);
  const scope = useQuestionScope(question.id, active, question.title);
  const container = useRef<HTMLDivElement>(null);

  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [selectedSug, setSelectedSug] = useState<number | null>(null);
  const [armed, setArmed] = useState<string | null>(null);
  const [pending, setPending] = useState<{ start: number; end: number } | null>(null);
  const [status, setStatus] = useState('');
  // The keyboard's own selection: a token cursor (anchor === head) or a range grown from the anchor with
  // Shift+arrows, like a text editor's selection but a whole token at a time.
  const [cursor, setCursor] = useState<{ anchor: Token; head: Token } | null>(null);

  const spans = useMemo(() => sortSpans([...value.spans]), [value.spans]);
  const byKey = useMemo(() => new Map(spans.map((s) => [spanKey(s), s])), [spans]);
  const selected = selectedKey ? byKey.get(selectedKey) ?? null : null;
  // A suggestion whose exact range is already tagged (kept or relabeled) has been decided on.
  const suggestions = useMemo(() => {
    if (!prelabel) return [];
    const ranges = new Set(spans.map((s) => `${s.start}:${s.end}`));
    return sortSpans(prelabel.spans.filter((s) => !ranges.has(`${s.start}:${s.end}`)).map((s) => ({ ...s })));
  }, [prelabel, spans]);
  const sug = selectedSug !== null ? suggestions[selectedSug] ?? null : null;
  // A selected span or suggestion is what the keys act on, so the cursor steps aside for it.
  const cursorOn = cursor && !selected && !sug && !readOnly ? cursor : null;
  const cursorStart = cursorOn ? Math.min(cursorOn.anchor.start, cursorOn.head.start) : -1;
  const cursorEnd = cursorOn ? Math.max(cursorOn.anchor.end, cursorOn.head.end) : -1;
  const cursorRange = cursorOn ? { start: cursorStart, end: cursorEnd } : null;

  const spanLabels = useMemo(() => new Map(spans.map((s) => [spanKey(s), s.label])), [spans]);
  const sugLabels = useMemo(() => suggestions.map((s) => s.label), [suggestions]);
  const rendered = useMemo(
    () =>
      chunks.map((c) => {
        const pieces = piecesOf(c, spans, suggestions);
        const sig = piecesSig(pieces, sugLabels);
        const hasSel = selectedKey !== null && pieces.some((p) => p.spans.includes(selectedKey));
        const hasSug = selectedSug !== null && pieces.some((p) => p.sugs.includes(selectedSug));
        return { chunk: c, pieces, sig: `${sig}#${hasSel ? selectedKey : ''}#${hasSug ? selectedSug : ''}` };
      }),
    [chunks, spans, suggestions, sugLabels, selectedKey, selectedSug],
  );
  // Only the chunks under the cursor are cut again, so moving it does not re-piece a long document.
  const shown = useMemo(() => {
    if (cursorStart < 0) return rendered;
    const range = { start: cursorStart, end: cursorEnd };
    return rendered.map((item) => {
      const c = item.chunk;
      if (!(range.start < c.end && range.end > c.start)) return item;
      const pieces = piecesOf(c, spans, suggestions, range);
      return { ...item, pieces, sig: `${piecesSig(pieces, sugLabels)}@${item.sig}` };
    });
  }, [rendered, cursorStart, cursorEnd, spans, suggestions, sugLabels]);

  useEffect(() => {
    if (cursorStart < 0) return;
    container.current?.querySelector('.is-cursor')?.scrollIntoView?.({ block: 'nearest' });
  }, [cursorStart, cursorEnd]);

  const commit = (next: NerSpan[]) => onChange({ spans: sortSpans(next) });

  /** Adds a span unless it repeats one or overlaps one where overlaps are not allowed; returns whether it did. */
  const addSpan = (s: NerSpan, others: NerSpan[] = spans): string | null => {
    if (others.some((o) => spanKey(o) === spanKey(s))) return `“${s.text}” is already tagged ${labelTitle(views, s.label)}`;
    if (!config.allowOverlap) {
      const clash = others.find((o) => overlaps(o, s));
      if (clash) return `“${s.text}” overlaps “${clash.text}” (${labelTitle(views, clash.label)}); overlapping spans are not allowed`;
    }
    return null;
  };

  const create = (range: { start: number; end: number }, label: string): boolean => {
    const r = normalizeRange(text, range.start, range.end, config.snapToWords);
    if (!r) return false;
    const span: NerSpan = { start: r.start, end: r.end, label, text: text.slice(r.start, r.end) };
    const problem = addSpan(span);
    if (problem) {
      setStatus(problem);
      return true;
    }
    commit([...spans, span]);
    window.getSelection()?.removeAllRanges();
    setPending(null);
    setCursor(null);
    setSelectedKey(spanKey(span));
    setSelectedSug(null);
    setStatus('');
    return true;
  };

  const liveRange = () => (container.current ? selectionRange(container.current, text.length) : null);

  const relabel = (label: string) => {
    if (!selected || selected.label === label) return;
    const next = { ...selected, label };
    const others = spans.filter((s) => s !== selected);
    const problem = addSpan(next, others);
    if (problem) return setStatus(problem);
    commit([...others, next]);
    setSelectedKey(spanKey(next));
    setStatus('');
  };

  const pick = (label: string) => {
    if (readOnly) return;
    const range = liveRange() ?? pending ?? cursorRange;
    if (range && create(range, label)) return;
    if (selected) return relabel(label);
    if (sug) return acceptSuggestion(selectedSug!, label);
    setArmed((a) => (a === label ? null : label));
  };

  const remove = (s: NerSpan) => {
    commit(spans.filter((x) => x !== s));
    setSelectedKey(null);
    setStatus('');
  };

  const acceptSuggestion = (i: number, label?: string) => {
    const s = suggestions[i];
    if (!s || readOnly) return;
    const next = { ...s, label: label ?? s.label, text: text.slice(s.start, s.end) };
    const problem = addSpan(next);
    if (problem) return setStatus(problem);
    commit([...spans, next]);
    setSelectedSug(null);
    setSelectedKey(spanKey(next));
    setStatus('');
  };

  const acceptAll = () => {
    if (readOnly) return;
    const next = [...spans];
    let skipped = 0;
    for (const s of suggestions) {
      const span = { ...s, text: text.slice(s.start, s.end) };
      if (addSpan(span, next)) skipped++;
      else next.push(span);
    }
    if (next.length !== spans.length) commit(next);
    setSelectedSug(null);
    setStatus(skipped ? `${skipped} suggestion${skipped > 1 ? 's' : ''} left out: they overlap spans already tagged` : '');
  };

  const resize = (edge: 'start' | 'end', dir: 1 | -1) => {
    if (!selected || readOnly) return;
    const at = nextWordBoundary(text, selected[edge], dir);
    const next = { ...selected, [edge]: at };
    if (next.start >= next.end) return;
    const r = normalizeRange(text, next.start, next.end, false);
    if (!r) return;
    const span = { ...selected, start: r.start, end: r.end, text: text.slice(r.start, r.end) };
    const others = spans.filter((s) => s !== selected);
    const problem = addSpan(span, others);
    if (problem) return setStatus(problem);
    commit([...others, span]);
    setSelectedKey(spanKey(span));
  };

  const step = (dir: 1 | -1) => {
    if (spans.length === 0) return;
    const i = selected ? spans.indexOf(selected) : dir === 1 ? -1 : spans.length;
    const next = spans[(i + dir + spans.length) % spans.length];
    setSelectedKey(spanKey(next));
    setSelectedSug(null);
    setCursor(null);
    container.current?.querySelector(`[data-spans~="${CSS.escape(spanKey(next))}"]`)?.scrollIntoView?.({ block: 'nearest' });
  };

  /**
   * Moves the cursor's head a token left or right; `extend` keeps the anchor (Shift), otherwise the cursor
   * collapses onto the new token. Without a cursor it starts beside whatever is selected, else at an end.
   */
  const moveCursor = (dir: 1 | -1, extend: boolean) => {
    const from = cursorOn?.head ?? selected ?? sug ?? (pending ? normalizeRange(text, pending.start, pending.end, false) : null);
    const next = from
      ? (dir === 1 ? tokenAfter(text, from.end) : tokenBefore(text, from.start)) ?? cursorOn?.head ?? null
      : dir === 1
        ? tokenAfter(text, 0)
        : tokenBefore(text, text.length);
    if (!next) return;
    setCursor(extend && cursorOn ? { anchor: cursorOn.anchor, head: next } : { anchor: next, head: next });
    setSelectedKey(null);
    setSelectedSug(null);
    setPending(null);
    setStatus('');
    window.getSelection()?.removeAllRanges();
  };

  const editable = () => !readOnly;
  const bindings: HotkeyBinding[] = [
    ...labelBindings(scope, views, pick, (l) => `Tag the selection (or relabel the selected span) as “${l.title}”`),
    { id: 'delete', keys: ['delete', 'backspace'], scope, group: 'Spans', description: 'Delete the selected span', when: () => editable() && !!selected, run: () => selected && remove(selected) },
    {
      id: 'escape',
      keys: 'escape',
      scope,
      group: 'Spans',
      description: 'Clear the selection, the word cursor and the armed label',
      when: () => !!(selected || sug || armed || pending || cursorOn),
      run: () => {
        setCursor(null);
        setSelectedKey(null);
        setSelectedSug(null);
        setArmed(null);
        setPending(null);
        window.getSelection()?.removeAllRanges();
      },
    },
    { id: 'next', keys: ']', scope, group: 'Spans', description: 'Select the next span', run: () => step(1) },
    { id: 'prev', keys: '[', scope, group: 'Spans', description: 'Select the previous span', run: () => step(-1) },
    { id: 'cursor+', keys: 'arrowright', scope, group: 'Spans', description: 'Move the word cursor to the next word', when: () => editable() && text.length > 0, run: () => moveCursor(1, false) },
    { id: 'cursor-', keys: 'arrowleft', scope, group: 'Spans', description: 'Move the word cursor to the previous word', when: () => editable() && text.length > 0, run: () => moveCursor(-1, false) },
    {
      id: 'end+',
      keys: 'shift+arrowright',
      scope,
      group: 'Spans',
      description: 'Extend the selected span (or the word cursor’s selection) by a word',
      // Without a span or a cursor the key stays the browser's, so caret browsing still selects text.
      when: () => editable() && !!(selected || cursorOn),
      run: () => (selected ? resize('end', 1) : moveCursor(1, true)),
    },
    {
      id: 'end-',
      keys: 'shift+arrowleft',
      scope,
      group: 'Spans',
      description: 'Shrink the selected span (or move the word cursor’s selection) by a word',
      when: () => editable() && !!(selected || cursorOn),
      run: () => (selected ? resize('end', -1) : moveCursor(-1, true)),
    },
    { id: 'start-', keys: 'alt+shift+arrowleft', scope, group: 'Spans', description: 'Move the start of the selected span a word left', when: () => editable() && !!selected, run: () => resize('start', -1) },
    { id: 'start+', keys: 'alt+shift+arrowright', scope, group: 'Spans', description: 'Move the start of the selected span a word right', when: () => editable() && !!selected, run: () => resize('start', 1) },
    { id: 'accept', keys: 'enter', scope, group: 'Suggestions', description: 'Accept the selected suggestion', when: () => editable() && !!sug, run: () => acceptSuggestion(selectedSug!) },
    { id: 'accept-all', keys: 'shift+enter', scope, group: 'Suggestions', description: 'Accept all suggestions', when: () => editable() && suggestions.length > 0, run: acceptAll },
  ];
  useHotkeys(bindings, [scope, views]);

  const onMouseUp = useCallback(
    (e: MouseEvent<HTMLDivElement>) => {
      if (e.button !== 0) return;
      const range = liveRange();
      setCursor(null);
      if (range) {
        setSelectedKey(null);
        setSelectedSug(null);
        if (armed && !readOnly) create(range, armed);
        else {
          setPending(range);
          setStatus('');
        }
        return;
      }
      setPending(null);
      const piece = (e.target as Element).closest?.('[data-offset]');
      const keys = piece?.getAttribute('data-spans')?.split(' ') ?? [];
      const sugs = piece?.getAttribute('data-sugs')?.split(' ').map(Number) ?? [];
      if (keys.length) {
        // Clicking again inside nested spans walks outwards through them.
        const at = selectedKey ? keys.indexOf(selectedKey) : -1;
        setSelectedKey(keys[(at + 1) % keys.length]);
        setSelectedSug(null);
      } else if (sugs.length) {
        setSelectedSug(sugs[0]);
        setSelectedKey(null);
      } else {
        setSelectedKey(null);
        setSelectedSug(null);
      }
      setStatus('');
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [armed, readOnly, selectedKey, spans, text, config.snapToWords, config.allowOverlap],
  );

  const pendingNorm = pending ? normalizeRange(text, pending.start, pending.end, config.snapToWords) : null;

  return (
    <div className="tk-editor tk-ner">
      <div className="ner-toolbar">
        <LabelChips labels={views} selected={selected ? [selected.label] : armed ? [armed] : []} onPick={pick} readOnly={readOnly} keepSelection name={`${question.title} labels`} />
      </div>
      <div className="ner-hint tk-muted" aria-live="polite">
        {selected ? (
          <>
            Selected <Mark label={selected.label} views={views} /> “{selected.text}” · label key to relabel ·{' '}
            <Kbd keys="delete" /> delete · <Kbd keys="shift+arrowright" /> resize
            {!readOnly && (
              <button type="button" className="tk-btn is-danger ner-del" onClick={() => remove(selected)}>
                Delete span
              </button>
            )}
          </>
        ) : sug ? (
          <>
            Suggested <Mark label={sug.label} views={views} /> “{text.slice(sug.start, sug.end)}” · <Kbd keys="enter" /> accept
          </>
        ) : cursorRange ? (
          <>
            Selected: “{text.slice(cursorRange.start, cursorRange.end)}” — press a label key · <Kbd keys={['shift+arrowleft', 'shift+arrowright']} /> extend ·{' '}
            <Kbd keys="escape" /> cancel
          </>
        ) : pendingNorm ? (
          <>“{text.slice(pendingNorm.start, pendingNorm.end)}” selected: press a label key or click a label</>
        ) : armed ? (
          <>Select text to tag it {labelTitle(views, armed)}</>
        ) : (
          <>
            Select text (or move a word cursor with <Kbd keys={['arrowleft', 'arrowright']} />), then press a label key · click a span to select it
          </>
        )}
      </div>
      <div className="tk-status" role="status">
        {status}
      </div>
      <div ref={container} className={`ner-text${readOnly ? ' is-readonly' : ''}`} onMouseUp={onMouseUp} data-testid="ner-text">
        {groupByPara(shown).map((para) => (
          <div key={para[0].chunk.start} className={`ner-para${para[0].chunk.start === para[0].chunk.end ? ' is-blank' : ''}`}>
            {para.map(({ chunk, pieces, sig }) => (
              <TextChunk
                key={chunk.start}
                chunk={chunk}
                text={text}
                pieces={pieces}
                sig={sig}
                colors={colors}
                spanLabels={spanLabels}
                sugLabels={sugLabels}
                selectedKey={selectedKey}
                selectedSug={selectedSug}
              />
            ))}
          </div>
        ))}
      </div>
      <div className="tk-muted">
        {spans.length} span{spans.length === 1 ? '' : 's'}
      </div>
      {suggestions.length > 0 && (
        <SuggestionList className="ner-suggestions" count={suggestions.length} noun="span" readOnly={readOnly} onAcceptAll={acceptAll}>
          <ul className="tk-list ner-sug-list">
            {suggestions.map((s, i) => (
              <li
                key={spanKey(s)}
                className={`tk-list-item is-suggested${selectedSug === i ? ' is-selected' : ''}`}
                onClick={() => {
                  setSelectedSug(i);
                  setSelectedKey(null);
                }}
              >
                <Mark label={s.label} views={views} />
                <span className="ner-sug-text">{text.slice(s.start, s.end)}</span>
                <button
                  type="button"
                  className="tk-btn"
                  disabled={readOnly}
                  aria-label={`Accept ${labelTitle(views, s.label)} “${text.slice(s.start, s.end)}”`}
                  onClick={(e) => {
                    e.stopPropagation();
                    acceptSuggestion(i);
                  }}
                >
                  Accept
                </button>
              </li>
            ))}
          </ul>
        </SuggestionList>
      )}
    </div>
  );
}

function Mark({ label, views }: { label: string; views: readonly LabelView[] }) {
  const color = labelColor(views, label);
  return (
    <span className="ner-tag" style={{ ['--span' as string]: color } as CSSProperties}>
      {labelTitle(views, label)}
    </span>
  );
}

function groupByPara<T extends { chunk: Chunk }>(items: T[]): T[][] {
  const out: T[][] = [];
  for (const it of items) {
    const last = out[out.length - 1];
    if (last && last[0].chunk.para === it.chunk.para) last.push(it);
    else out.push([it]);
  }
  return out;
}

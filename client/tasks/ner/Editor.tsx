import { keysOf } from '../../hotkeys/keymap';
import { useCallback, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { NerAnswer, NerConfig, NerSpan } from '@shared/tasks/registry';
import type { HotkeyBinding } from '../../hotkeys/dispatcher';
import { useHotkeys, useQuestionScope } from '../../hotkeys/useHotkeys';
import { LabelChips, labelBindings } from '../common/LabelChips';
import { labelTitle, labelViews } from '../common/labels';
import type { EditorProps } from '../types';
import { NerFind, useNerFind } from './NerFind';
import { NerHint } from './NerHint';
import { NerSuggestions } from './NerSuggestions';
import { NerText, type Reveal } from './NerText';
import { indexSpans, textBlocks } from './spanIndex';
import { labelStyles } from './TextBlock';
import { nextWordBoundary, normalizeRange, overlaps, selectionRange, sortSpans, spanKey, tokenAfter, tokenBefore, type Token } from './text';
import '../common/common.css';
import './ner.css';

export default function NerEditor({ question, config, data, value, onChange, prelabel, readOnly, active }: EditorProps<NerConfig, NerAnswer>) {
  const raw = data[config.field];
  const text = typeof raw === 'string' ? raw : raw == null ? '' : String(raw);
  const views = useMemo(() => labelViews(config.labels), [config.labels]);
  const styles = useMemo(() => labelStyles(new Map(views.map((l) => [l.value, l.color]))), [views]);
  const blocks = useMemo(() => textBlocks(text), [text]);
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
  // Where the last keyboard step went (a span or the cursor), to be scrolled into view.
  const [reveal, setReveal] = useState<Reveal | null>(null);
  const find = useNerFind(text, blocks, (m) => setReveal({ at: m.start, selector: '.is-find-current' }));

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
  const cursorRange = useMemo(() => (cursorStart < 0 ? null : { start: cursorStart, end: cursorEnd }), [cursorStart, cursorEnd]);
  const index = useMemo(() => indexSpans(blocks, spans, suggestions), [blocks, spans, suggestions]);

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
    setReveal({ at: next.start, selector: `[data-spans~="${CSS.escape(spanKey(next))}"]` });
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
    setReveal({ at: next.start, selector: '.is-cursor' });
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
    {
      id: 'find',
      keys: 'mod+f',
      scope,
      group: 'Text',
      description: 'Find in the whole text (Enter / Shift+Enter: next / previous match)',
      allowInInputs: true,
      run: () => {
        find.input.current?.focus();
        find.input.current?.select();
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
    { id: 'accept-all', keys: keysOf('use-suggestion'), scope, group: 'Suggestions', description: 'Accept all suggestions', when: () => editable() && suggestions.length > 0, run: acceptAll },
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
        <NerFind find={find} from={() => (selected ?? sug ?? cursorRange)?.start ?? 0} onLeave={() => find.input.current?.blur()} />
      </div>
      <NerHint text={text} views={views} selected={selected} sug={sug} cursorRange={cursorRange} pending={pendingNorm} armed={armed} readOnly={readOnly} onDelete={remove} />
      <div className="tk-status" role="status">
        {status}
      </div>
      <NerText
        container={container}
        text={text}
        blocks={blocks}
        index={index}
        styles={styles}
        finds={find.perBlock}
        findCurrent={find.current}
        selected={selected}
        selectedKey={selectedKey}
        sug={sug}
        selectedSug={selectedSug}
        cursor={cursorRange}
        pending={pending}
        reveal={reveal}
        readOnly={readOnly}
        onMouseUp={onMouseUp}
      />
      <div className="tk-muted">
        {spans.length} span{spans.length === 1 ? '' : 's'}
      </div>
      {suggestions.length > 0 && (
        <NerSuggestions
          text={text}
          suggestions={suggestions}
          views={views}
          selectedSug={selectedSug}
          readOnly={readOnly}
          onSelect={(i) => {
            setSelectedSug(i);
            setSelectedKey(null);
          }}
          onAccept={acceptSuggestion}
          onAcceptAll={acceptAll}
        />
      )}
    </div>
  );
}

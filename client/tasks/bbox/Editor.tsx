import { keysOf } from '../../hotkeys/keymap';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BboxAnswer, BboxBox, BboxConfig } from '@shared/tasks/registry';
import type { HotkeyBinding } from '../../hotkeys/dispatcher';
import { Kbd } from '../../hotkeys/Kbd';
import { ActionKbd } from '../../hotkeys/ActionKbd';
import { useHotkeys, useQuestionScope } from '../../hotkeys/useHotkeys';
import { LabelChips, labelBindings } from '../common/LabelChips';
import { labelColor, labelTitle, labelViews } from '../common/labels';
import type { EditorProps } from '../types';
import { BoxList } from './BoxList';
import { nudge, type Rect } from './geometry';
import '../common/common.css';
import './bbox.css';

// Konva only loads with the canvas; the editor's list and keys work without it.
const BboxCanvas = lazy(() => import('./BboxCanvas'));

export default function BboxEditor({ question, config, data, value, onChange, prelabel, readOnly, active }: EditorProps<BboxConfig, BboxAnswer>) {
  const scope = useQuestionScope(question.id, active, question.title);
  const views = useMemo(() => labelViews(config.labels), [config.labels]);
  const src = String(data[config.field] ?? '');
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [current, setCurrent] = useState(views[0]?.value ?? '');
  const [fitRequest, setFitRequest] = useState(0);
  const panHeld = useRef(false);

  // The image's own size wins; before it loads, the answer's (or the suggestion's) stands in.
  const size = useMemo(
    () =>
      natural ??
      (value.width > 0 ? { width: value.width, height: value.height } : prelabel && prelabel.width > 0 ? { width: prelabel.width, height: prelabel.height } : { width: 0, height: 0 }),
    [natural, value.width, value.height, prelabel],
  );

  // Latest value for callbacks the memoized canvas layers hold on to.
  const latest = useRef(value);
  latest.current = value;
  const commit = useCallback(
    (boxes: BboxBox[]) => onChange({ width: size.width, height: size.height, boxes }),
    [onChange, size.width, size.height],
  );

  const sel = selected !== null && selected < value.boxes.length ? selected : null;
  const selBox = sel !== null ? value.boxes[sel] : null;

  const create = useCallback(
    (r: Rect) => {
      const boxes = [...latest.current.boxes, { ...r, label: current }];
      commit(boxes);
      setSelected(boxes.length - 1);
    },
    [commit, current],
  );
  const changeBox = useCallback(
    (i: number, r: Rect) => commit(latest.current.boxes.map((b, j) => (j === i ? { ...b, ...r } : b))),
    [commit],
  );
  const remove = (i: number) => {
    commit(value.boxes.filter((_, j) => j !== i));
    setSelected(null);
  };
  const select = useCallback((i: number | null) => setSelected(i), []);

  const pick = (label: string) => {
    if (readOnly) return;
    setCurrent(label);
    if (selBox && selBox.label !== label) commit(value.boxes.map((b, j) => (j === sel ? { ...b, label } : b)));
  };

  const move = (dx: number, dy: number) => {
    if (sel === null || !selBox || readOnly) return;
    const r = nudge(selBox, dx, dy, size.width, size.height);
    if (r.x !== selBox.x || r.y !== selBox.y) commit(value.boxes.map((b, j) => (j === sel ? { ...b, x: r.x, y: r.y } : b)));
  };

  // Suggestions a person has not taken yet (an accepted one is in the answer with the same geometry).
  const suggestions = useMemo(() => {
    if (!prelabel) return [];
    const taken = new Set(value.boxes.map((b) => `${b.x},${b.y},${b.w},${b.h}`));
    return prelabel.boxes.filter((b) => !taken.has(`${b.x},${b.y},${b.w},${b.h}`));
  }, [prelabel, value.boxes]);

  const accept = (b: BboxBox) => commit([...value.boxes, { ...b }]);
  const acceptAll = () => suggestions.length && commit([...value.boxes, ...suggestions.map((b) => ({ ...b }))]);

  useEffect(() => {
    const up = (e: KeyboardEvent) => {
      if (e.key === ' ') panHeld.current = false;
    };
    const blur = () => (panHeld.current = false);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, []);

  const editing = () => !readOnly && selBox !== null;
  const arrow = (id: string, keys: string, dx: number, dy: number, what: string): HotkeyBinding => ({
    id,
    keys,
    scope,
    group: 'Boxes',
    description: what,
    when: editing,
    run: () => move(dx, dy),
  });
  const bindings: HotkeyBinding[] = [
    ...labelBindings(scope, views, pick, (l) => `Draw as (or relabel the selected box) “${l.title}”`),
    { id: 'delete', keys: ['delete', 'backspace'], scope, group: 'Boxes', description: 'Delete the selected box', when: editing, run: () => sel !== null && remove(sel) },
    arrow('left', 'arrowleft', -1, 0, 'Nudge left 1 px'),
    arrow('right', 'arrowright', 1, 0, 'Nudge right 1 px'),
    arrow('up', 'arrowup', 0, -1, 'Nudge up 1 px'),
    arrow('down', 'arrowdown', 0, 1, 'Nudge down 1 px'),
    arrow('left10', 'shift+arrowleft', -10, 0, 'Nudge left 10 px'),
    arrow('right10', 'shift+arrowright', 10, 0, 'Nudge right 10 px'),
    arrow('up10', 'shift+arrowup', 0, -10, 'Nudge up 10 px'),
    arrow('down10', 'shift+arrowdown', 0, 10, 'Nudge down 10 px'),
    { id: 'next', keys: ']', scope, group: 'Boxes', description: 'Select the next box', when: () => value.boxes.length > 0, run: () => setSelected((s) => (s === null ? 0 : (s + 1) % value.boxes.length)) },
    { id: 'prev', keys: '[', scope, group: 'Boxes', description: 'Select the previous box', when: () => value.boxes.length > 0, run: () => setSelected((s) => (s === null ? value.boxes.length - 1 : (s - 1 + value.boxes.length) % value.boxes.length)) },
    { id: 'escape', keys: 'escape', scope, group: 'Boxes', description: 'Deselect', when: () => sel !== null, run: () => setSelected(null) },
    { id: 'fit', keys: 'f', scope, group: 'View', description: 'Fit the image to the screen', run: () => setFitRequest((n) => n + 1) },
    { id: 'pan', keys: 'space', scope, group: 'View', description: 'Hold and drag to pan (or drag with the middle button); wheel zooms', repeat: true, run: () => (panHeld.current = true) },
    { id: 'accept-all', keys: keysOf('use-suggestion'), scope, group: 'Suggestions', description: 'Accept all suggested boxes', when: () => !readOnly && suggestions.length > 0, run: acceptAll },
  ];
  useHotkeys(bindings, [scope, views]);

  return (
    <div className="tk-editor tk-bbox">
      <div className="tk-toolbar">
        <LabelChips labels={views} selected={selBox ? [selBox.label] : [current]} onPick={pick} readOnly={readOnly} name={`${question.title} labels`} />
        <span className="bb-spacer" />
        <button type="button" className="tk-btn" onClick={() => setFitRequest((n) => n + 1)}>
          Fit <Kbd keys="f" />
        </button>
      </div>
      <div className="bb-body">
        <Suspense fallback={<div className="bb-stage bb-loading tk-muted">Loading the canvas…</div>}>
          {src ? (
            <BboxCanvas
              src={src}
              size={size}
              onImageSize={setNatural}
              boxes={value.boxes}
              suggestions={suggestions}
              labels={views}
              drawColor={labelColor(views, current)}
              selected={sel}
              onSelect={select}
              onCreate={create}
              onChangeBox={changeBox}
              fitRequest={fitRequest}
              panHeld={panHeld}
              readOnly={readOnly}
            />
          ) : (
            <div className="bb-stage tk-muted">This row has no image in “{config.field}”.</div>
          )}
        </Suspense>
        <aside className="bb-side">
          <h4 className="tk-section-title">
            Boxes ({value.boxes.length}) <Kbd keys={['[', ']']} />
          </h4>
          <BoxList boxes={value.boxes} labels={views} selected={sel} onSelect={setSelected} onDelete={remove} readOnly={readOnly} />
          {selBox && !readOnly && (
            <p className="tk-muted bb-help">
              <Kbd keys={['arrowleft', 'arrowright']} /> nudge (<Kbd keys="shift" /> 10 px) · <Kbd keys="delete" /> delete · label key relabels
            </p>
          )}
          {suggestions.length > 0 && (
            <section className="tk-suggestion bb-suggestions" aria-label="Suggestions">
              <div className="tk-toolbar">
                <span className="tk-badge">suggested</span>
                <button type="button" className="tk-btn" disabled={readOnly} onClick={acceptAll}>
                  Accept all <ActionKbd action="use-suggestion" />
                </button>
              </div>
              <ul className="tk-list">
                {suggestions.map((b, i) => (
                  <li key={i} className="tk-list-item is-suggested">
                    <span className="bb-swatch" style={{ background: labelColor(views, b.label) }} aria-hidden="true" />
                    <span className="bb-label">{labelTitle(views, b.label)}</span>
                    <span className="bb-geom tk-muted">
                      {Math.round(b.x)},{Math.round(b.y)} · {Math.round(b.w)}×{Math.round(b.h)}
                    </span>
                    <button type="button" className="tk-btn" disabled={readOnly} aria-label={`Accept suggested ${labelTitle(views, b.label)} box ${i + 1}`} onClick={() => accept(b)}>
                      Accept
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}

import { keysOf } from '../../hotkeys/keymap';
import { lazy, Suspense, useCallback, useMemo, useRef, useState } from 'react';
import type { AudioAnswer, AudioConfig, AudioSegment } from '@shared/tasks/registry';
import type { HotkeyBinding } from '../../hotkeys/dispatcher';
import { Kbd } from '../../hotkeys/Kbd';
import { useHotkeys, useQuestionScope } from '../../hotkeys/useHotkeys';
import { LabelChips, labelBindings } from '../common/LabelChips';
import { SuggestionBar, SuggestionList } from '../common/Suggestion';
import { labelColor, labelTitle, labelViews } from '../common/labels';
import type { EditorProps } from '../types';
import { ClipQuestions, stepClip } from './ClipQuestions';
import { SegmentList } from './SegmentList';
import { formatTime, sortSegments } from './time';
import type { WaveformHandle } from './Waveform';
import '../common/common.css';
import './audio.css';

// wavesurfer.js loads with the waveform only.
const Waveform = lazy(() => import('./Waveform'));

export const RATES = [0.5, 0.75, 1, 1.25, 1.5, 2];
const sameRange = (a: AudioSegment, b: AudioSegment) => Math.abs(a.start - b.start) < 1e-6 && Math.abs(a.end - b.end) < 1e-6;

export default function AudioEditor({ question, config, data, value, onChange, prelabel, readOnly, active }: EditorProps<AudioConfig, AudioAnswer>) {
  const scope = useQuestionScope(question.id, active, question.title);
  const views = useMemo(() => labelViews(config.labels), [config.labels]);
  const url = String(data[config.field] ?? '');
  const wave = useRef<WaveformHandle>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [clipFocus, setClipFocus] = useState<string | null>(null);
  const [current, setCurrent] = useState(views[0]?.value ?? '');
  const [loop, setLoop] = useState(false);
  const [rate, setRate] = useState(1);
  const [zoom, setZoom] = useState(0);
  const [clock, setClock] = useState({ playing: false, time: 0, duration: 0 });

  const latest = useRef(value);
  latest.current = value;
  const sel = selected !== null && selected < value.segments.length ? selected : null;
  const selSeg = sel !== null ? value.segments[sel] : null;

  const setSegments = useCallback(
    (segments: AudioSegment[], focus?: AudioSegment) => {
      const sorted = sortSegments(segments);
      onChange({ ...latest.current, segments: sorted });
      if (focus) {
        setClipFocus(null);
        setSelected(sorted.indexOf(focus));
      }
    },
    [onChange],
  );

  const create = useCallback(
    (start: number, end: number) => {
      const seg: AudioSegment = config.transcribe ? { start, end, label: current, text: '' } : { start, end, label: current };
      setSegments([...latest.current.segments, seg], seg);
    },
    [config.transcribe, current, setSegments],
  );
  const update = useCallback(
    (i: number, start: number, end: number) => {
      const seg = latest.current.segments[i];
      if (!seg || end <= start) return;
      const moved = { ...seg, start, end };
      setSegments(latest.current.segments.map((s, j) => (j === i ? moved : s)), moved);
    },
    [setSegments],
  );
  const relabel = (i: number, label: string) => setSegments(value.segments.map((s, j) => (j === i ? { ...s, label } : s)));
  const retext = (i: number, text: string) =>
    onChange({ ...value, segments: value.segments.map((s, j) => (j === i ? { ...s, text } : s)) }, { coalesce: `text:${i}` });
  const remove = (i: number) => {
    setSegments(value.segments.filter((_, j) => j !== i));
    setSelected(null);
  };
  const play = (i: number) => {
    const s = value.segments[i];
    if (s) wave.current?.playSegment(s);
  };
  const select = useCallback((i: number | null) => {
    setClipFocus(null);
    setSelected(i);
  }, []);

  const pick = (label: string) => {
    if (readOnly) return;
    setCurrent(label);
    if (sel !== null && selSeg && selSeg.label !== label) relabel(sel, label);
  };

  const suggestions = useMemo(
    () => (prelabel ? prelabel.segments.filter((p) => !value.segments.some((s) => sameRange(s, p))) : []),
    [prelabel, value.segments],
  );
  const accept = (s: AudioSegment) => setSegments([...value.segments, { ...s }]);
  const acceptAll = () => suggestions.length > 0 && setSegments([...value.segments, ...suggestions.map((s) => ({ ...s }))]);
  const clipSuggested = prelabel && Object.keys(prelabel.clip).length > 0 ? prelabel.clip : null;

  const clipQ = config.clipQuestions.find((q) => q.id === clipFocus) ?? null;
  // A segment and a clip question never own the keys at once, so Delete and Esc each have one meaning.
  const focusClip = (dir: -1 | 1) => {
    const qs = config.clipQuestions;
    const at = qs.findIndex((q) => q.id === clipFocus);
    const next = at < 0 ? (dir > 0 ? 0 : qs.length - 1) : (at + dir + qs.length) % qs.length;
    setSelected(null);
    setClipFocus(qs[next]?.id ?? null);
  };
  const answerClip = (dir: -1 | 1) => {
    if (!clipQ) return;
    const v = stepClip(clipQ, value.clip[clipQ.id], dir);
    if (v !== undefined && v !== value.clip[clipQ.id]) onChange({ ...value, clip: { ...value.clip, [clipQ.id]: v } });
  };
  const clearClip = () => {
    if (!clipQ) return;
    const { [clipQ.id]: _, ...rest } = value.clip;
    onChange({ ...value, clip: rest });
  };
  const selectSegment = (next: (s: number | null) => number | null) => {
    setClipFocus(null);
    setSelected(next);
  };

  const editing = () => !readOnly && sel !== null;
  const inTranscript = () => (document.activeElement as HTMLElement | null)?.classList.contains('au-text') ?? false;
  const bindings: HotkeyBinding[] = [
    ...labelBindings(scope, views, pick, (l) => `Mark new segments (or relabel the selected one) “${l.title}”`),
    { id: 'play', keys: 'space', scope, group: 'Playback', description: 'Play / pause', repeat: false, run: () => wave.current?.playPause() },
    { id: 'play-seg', keys: 'p', scope, group: 'Playback', description: 'Play the selected segment', when: () => sel !== null, run: () => sel !== null && play(sel) },
    { id: 'loop', keys: 'l', scope, group: 'Playback', description: 'Loop the segment on / off', run: () => setLoop((x) => !x) },
    { id: 'zoom-in', keys: '=', scope, group: 'Playback', description: 'Zoom in', run: () => setZoom((z) => Math.min(1000, z === 0 ? 50 : z * 1.5)) },
    { id: 'zoom-out', keys: '-', scope, group: 'Playback', description: 'Zoom out', run: () => setZoom((z) => (z <= 20 ? 0 : z / 1.5)) },
    {
      id: 'delete',
      keys: ['delete', 'backspace'],
      scope,
      group: 'Segments',
      description: 'Delete the selected segment (or clear the focused clip question)',
      when: () => editing() || (!readOnly && clipQ !== null && clipQ.id in value.clip),
      run: () => (sel !== null ? remove(sel) : clearClip()),
    },
    {
      id: 'transcribe',
      keys: 't',
      scope,
      group: 'Segments',
      description: 'Type the transcript of the selected segment',
      when: () => config.transcribe && editing(),
      run: () => document.querySelector<HTMLInputElement>(`[data-au="${question.id}"] .au-seg.is-selected .au-text`)?.focus(),
    },
    {
      id: 'escape',
      keys: 'escape',
      scope,
      group: 'Segments',
      description: 'Leave the transcript box, or deselect the segment or clip question',
      allowInInputs: true,
      when: () => inTranscript() || sel !== null || clipQ !== null,
      run: () => {
        if (inTranscript()) (document.activeElement as HTMLElement).blur();
        else if (sel !== null) setSelected(null);
        else setClipFocus(null);
      },
    },
    { id: 'next', keys: ']', scope, group: 'Segments', description: 'Select the next segment', when: () => value.segments.length > 0, run: () => selectSegment((s) => (s === null ? 0 : (s + 1) % value.segments.length)) },
    { id: 'prev', keys: '[', scope, group: 'Segments', description: 'Select the previous segment', when: () => value.segments.length > 0, run: () => selectSegment((s) => (s === null ? value.segments.length - 1 : (s - 1 + value.segments.length) % value.segments.length)) },
    ...(config.clipQuestions.length > 0
      ? ([
          { id: 'clip-next', keys: 'c', scope, group: 'Clip questions', description: 'Focus the next clip question', when: () => !readOnly, run: () => focusClip(1) },
          { id: 'clip-prev', keys: 'shift+c', scope, group: 'Clip questions', description: 'Focus the previous clip question', when: () => !readOnly, run: () => focusClip(-1) },
          { id: 'clip-left', keys: 'arrowleft', scope, group: 'Clip questions', description: 'Answer the focused clip question one option to the left', when: () => !readOnly && clipQ !== null, run: () => answerClip(-1) },
          { id: 'clip-right', keys: 'arrowright', scope, group: 'Clip questions', description: 'Answer the focused clip question one option to the right', when: () => !readOnly && clipQ !== null, run: () => answerClip(1) },
        ] satisfies HotkeyBinding[])
      : []),
    { id: 'accept-all', keys: keysOf('use-suggestion'), scope, group: 'Suggestions', description: 'Accept all suggested segments', when: () => !readOnly && suggestions.length > 0, run: acceptAll },
  ];
  useHotkeys(bindings, [scope, views, config.transcribe, config.clipQuestions.length > 0]);

  return (
    <div className="tk-editor tk-audio" data-au={question.id}>
      <LabelChips labels={views} selected={selSeg ? [selSeg.label] : [current]} onPick={pick} readOnly={readOnly} name={`${question.title} labels`} />
      {url ? (
        <Suspense fallback={<div className="au-wave-box tk-muted">Loading the waveform…</div>}>
          <Waveform
            ref={wave}
            url={url}
            segments={value.segments}
            suggestions={suggestions}
            labels={views}
            selected={sel}
            onSelect={select}
            onCreate={create}
            onUpdate={update}
            loop={loop}
            rate={rate}
            zoom={zoom}
            readOnly={readOnly}
            onStatus={setClock}
          />
        </Suspense>
      ) : (
        <div className="tk-muted">This row has no audio in “{config.field}”.</div>
      )}
      <div className="tk-toolbar au-transport">
        <button type="button" className="tk-btn" onClick={() => wave.current?.playPause()}>
          {clock.playing ? 'Pause' : 'Play'} <Kbd keys="space" />
        </button>
        <button type="button" className="tk-btn" disabled={sel === null} onClick={() => sel !== null && play(sel)}>
          Play segment <Kbd keys="p" />
        </button>
        <button type="button" className={`tk-btn${loop ? ' is-on' : ''}`} aria-pressed={loop} onClick={() => setLoop((x) => !x)}>
          Loop <Kbd keys="l" />
        </button>
        <label className="au-control">
          Speed
          <select
            aria-label="Speed"
            value={rate}
            onChange={(e) => {
              setRate(Number(e.target.value));
              // Hand the keyboard back to the hotkeys once a speed is picked.
              e.target.blur();
            }}
          >
            {RATES.map((r) => (
              <option key={r} value={r}>
                {r}×
              </option>
            ))}
          </select>
        </label>
        <label className="au-control">
          Zoom
          <input type="range" aria-label="Zoom" min={0} max={500} step={10} value={zoom} onChange={(e) => setZoom(Number(e.target.value))} />
        </label>
        <span className="tk-muted au-clock">
          {formatTime(clock.time)} / {formatTime(clock.duration)}
        </span>
      </div>
      <SegmentList
        segments={value.segments}
        labels={views}
        selected={sel}
        transcribe={config.transcribe}
        onSelect={(i) => selectSegment(() => i)}
        onRelabel={relabel}
        onText={retext}
        onDelete={remove}
        onPlay={play}
        readOnly={readOnly}
      />
      {suggestions.length > 0 && (
        <SuggestionList className="au-suggestions" count={suggestions.length} noun="segment" readOnly={readOnly} onAcceptAll={acceptAll}>
          <ul className="tk-list">
            {suggestions.map((s, i) => (
              <li key={i} className="tk-list-item is-suggested">
                <span className="au-dot" style={{ background: labelColor(views, s.label) }} aria-hidden="true" />
                <span>{labelTitle(views, s.label)}</span>
                <span className="tk-muted">
                  {formatTime(s.start)}–{formatTime(s.end)}
                </span>
                {s.text && <span className="au-sug-text">“{s.text}”</span>}
                <button type="button" className="tk-btn" disabled={readOnly} aria-label={`Accept suggested segment at ${formatTime(s.start)}`} onClick={() => accept(s)}>
                  Accept
                </button>
              </li>
            ))}
          </ul>
        </SuggestionList>
      )}
      <ClipQuestions
        questions={config.clipQuestions}
        clip={value.clip}
        suggested={clipSuggested ?? undefined}
        readOnly={readOnly}
        focused={clipQ?.id ?? null}
        onChange={(clip) => onChange({ ...value, clip })}
      />
      {clipSuggested && (
        <SuggestionBar
          readOnly={readOnly}
          acceptLabel="Use suggested answers"
          accepted={Object.entries(clipSuggested).every(([k, v]) => value.clip[k] === v)}
          onAccept={() => onChange({ ...value, clip: { ...value.clip, ...clipSuggested } })}
        >
          {config.clipQuestions
            .filter((q) => q.id in clipSuggested)
            .map((q) => `${q.title}: ${clipSuggested[q.id]}`)
            .join(' · ')}
        </SuggestionBar>
      )}
    </div>
  );
}

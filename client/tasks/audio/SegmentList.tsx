import type { AudioSegment } from '@shared/tasks/registry';
import { ItemList } from '../common/ItemList';
import { labelColor, type LabelView } from '../common/labels';
import { formatTime } from './time';

/** The segments in time order: label, times, transcript; click a row to select it. */
export function SegmentList({
  segments,
  labels,
  selected,
  transcribe,
  onSelect,
  onRelabel,
  onText,
  onDelete,
  onPlay,
  readOnly,
}: {
  segments: readonly AudioSegment[];
  labels: readonly LabelView[];
  selected: number | null;
  transcribe: boolean;
  onSelect(i: number): void;
  onRelabel(i: number, label: string): void;
  onText(i: number, text: string): void;
  onDelete(i: number): void;
  onPlay(i: number): void;
  readOnly?: boolean;
}) {
  return (
    <ItemList
      items={segments}
      ordered
      className="au-segments"
      name="Segments"
      empty="No segments yet: drag across the waveform to mark one."
      selected={selected}
      onSelect={onSelect}
      onDelete={onDelete}
      deleteLabel={(_, i) => `Delete segment ${i + 1}`}
      itemClass="au-seg"
      itemStyle={(s) => ({ ['--seg' as string]: labelColor(labels, s.label) })}
      readOnly={readOnly}
    >
      {(s, i) => (
        <>
          <button type="button" className="tk-btn au-play" aria-label={`Play segment ${i + 1}`} onClick={(e) => (e.stopPropagation(), onPlay(i))}>
            ▶
          </button>
          <select
            className="au-label"
            aria-label={`Label of segment ${i + 1}`}
            value={s.label}
            disabled={readOnly}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => onRelabel(i, e.target.value)}
          >
            {labels.map((l) => (
              <option key={l.value} value={l.value}>
                {l.title}
              </option>
            ))}
          </select>
          <span className="au-times tk-muted">
            {formatTime(s.start)}–{formatTime(s.end)}
          </span>
          {transcribe && (
            <input
              className="au-text"
              aria-label={`Transcript of segment ${i + 1}`}
              placeholder="Transcript"
              value={s.text ?? ''}
              readOnly={readOnly}
              onFocus={() => onSelect(i)}
              onChange={(e) => onText(i, e.target.value)}
            />
          )}
        </>
      )}
    </ItemList>
  );
}

import type { ExportItem } from '../types';
import { fieldText, lsId, type LsResult } from '../labelstudio';
import type { AudioAnswer, AudioConfig } from './index';

type Item = ExportItem<AudioConfig, AudioAnswer>;

/**
 * Label Studio audio results: each segment as a `labels` region (start/end in seconds, channel 0), its
 * transcript as a per-region `textarea` sharing the region's id (as `<TextArea perRegion>` writes it),
 * clip choices as `choices` and clip scales as `rating`, named `<question>_<clip id>`.
 */
export function toLabelStudio(item: Item): LsResult[] {
  const q = item.questionId;
  const to = item.config.field;
  const out: LsResult[] = [];
  item.answer.segments.forEach((s, i) => {
    const id = lsId(q, i);
    out.push({ id, type: 'labels', from_name: q, to_name: to, value: { start: s.start, end: s.end, channel: 0, labels: [s.label] }, origin: 'manual' });
    if (s.text !== undefined) out.push({ id, type: 'textarea', from_name: `${q}_transcript`, to_name: to, value: { start: s.start, end: s.end, channel: 0, text: [s.text] }, origin: 'manual' });
  });
  for (const cq of item.config.clipQuestions) {
    const v = item.answer.clip[cq.id];
    if (v === undefined) continue;
    out.push(
      cq.kind === 'choice'
        ? { id: lsId(q, cq.id), type: 'choices', from_name: `${q}_${cq.id}`, to_name: to, value: { choices: [String(v)] }, origin: 'manual' }
        : { id: lsId(q, cq.id), type: 'rating', from_name: `${q}_${cq.id}`, to_name: to, value: { rating: v }, origin: 'manual' },
    );
  }
  return out;
}

/**
 * ASR training manifest lines in the NeMo style: one JSON object per transcribed segment,
 * `{ audio_filepath, offset, duration, text, label }` (seconds). Segments without a transcript are left out.
 */
export function toAsrManifest(item: Item): Array<{ audio_filepath: string; offset: number; duration: number; text: string; label: string }> {
  const path = fieldText(item.data, item.config.field);
  return item.answer.segments
    .filter((s) => s.text !== undefined && s.text.trim() !== '')
    .map((s) => ({ audio_filepath: path, offset: s.start, duration: s.end - s.start, text: s.text!, label: s.label }));
}

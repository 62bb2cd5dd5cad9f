import type { TaskInterop } from '../interop';
import { dict, num, regionLabels, textOf } from '../labelstudio-read';
import { keyValue, knownLabelValue } from '../answer-filter';
import type { AudioAnswer, AudioConfig } from './index';
import { toLabelStudio } from './export';

const emptyPrelabel = () => ({ segments: [] as unknown[], clip: dict() });

export const audioInterop = {
  dataFields: (c) => [{ field: c.field, type: { kind: 'audio' } }],
  labelStudio: {
    fills: ['labels'],
    read(r, v, prev, _config, ctx) {
      const a = prev ?? emptyPrelabel();
      ctx.several(regionLabels(v, 'labels'), 'segments').forEach((label, k) => {
        const seg: { start: number; end: number; label: string; text?: string } = { start: num(v.start), end: num(v.end), label };
        if (typeof v.text === 'string') seg.text = v.text;
        // A per-region transcript carries its region's id; it belongs to the region's first segment.
        if (r.id !== undefined && k === 0) ctx.regions.set(r.id, seg);
        a.segments.push(seg);
      });
      return a;
    },
    readPart(r, v, part, prev, _config, ctx) {
      const a = prev ?? emptyPrelabel();
      const seg = r.id !== undefined ? ctx.regions.get(r.id) : undefined;
      let used = true;
      if (r.type === 'textarea' && part === 'transcript') { if (seg) seg.text = textOf(v); else used = false; }
      else if (r.type === 'choices' && Array.isArray(v.choices)) a.clip[part] = v.choices[0];
      else if (r.type === 'rating') a.clip[part] = num(v.rating);
      else used = false;
      return { prelabel: a, used };
    },
    write: toLabelStudio,
  },
  record: null,
  sagemaker: 'custom',
  formats: [],
  answerFilter(config, questionId, value, bad) {
    if (!value.includes('=')) {
      knownLabelValue(config.labels, questionId, value, bad);
      return (a) => a.segments.some((s) => s.label === value);
    }
    const [clip, v] = keyValue(value, 'clip question', bad);
    if (!config.clipQuestions.some((c) => c.id === clip)) bad(`${questionId} has no clip question "${clip}"`);
    return (a) => a.clip[clip] !== undefined && String(a.clip[clip]) === v;
  },
  dashboard: { unitsReadData: false, confusionLabels: () => null },
} satisfies TaskInterop<AudioConfig, AudioAnswer>;

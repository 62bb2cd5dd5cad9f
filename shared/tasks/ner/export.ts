import type { ExportItem } from '../types';
import { fieldText, lsId, type LsResult } from '../labelstudio';
import { bioTags, type NerAnswer, type NerConfig } from './index';
import { tokenize } from './tokenize';
import { codePointOffset, type SageMakerLabel } from '../sagemaker';

type Item = ExportItem<NerConfig, NerAnswer>;

/** Tokens and IOB2 tags of one item's text, tokenized as Label Studio's CoNLL converter does. */
export function tokensAndTags(text: string, spans: NerAnswer['spans']): { tokens: string[]; tags: string[] } {
  const toks = tokenize(text);
  return { tokens: toks.map((t) => t.text), tags: bioTags(toks, spans) };
}

/** One document of a CoNLL-2003 file: a `token -X- _ TAG` line per token (IOB2 tags), then a blank line. */
export function conllDocument(item: Item): string {
  const { tokens, tags } = tokensAndTags(fieldText(item.data, item.config.field), item.answer.spans);
  let out = '';
  for (let i = 0; i < tokens.length; i++) out += `${tokens[i]} -X- _ ${tags[i]}\n`;
  return out + '\n';
}

export const CONLL_HEADER = '-DOCSTART- -X- O\n';

/** CoNLL-2003 as Label Studio's converter writes it: a `-DOCSTART- -X- O` header, then one block per document. */
export function toConll(items: readonly Item[]): string {
  return CONLL_HEADER + items.map(conllDocument).join('');
}

/** Label Studio `labels` results (the `<Labels>` tag over a `<Text>`), offsets as given. */
export function toLabelStudio(item: Item): LsResult[] {
  return item.answer.spans.map((s, i) => ({
    id: lsId(item.questionId, i),
    type: 'labels',
    from_name: item.questionId,
    to_name: item.config.field,
    value: { start: s.start, end: s.end, text: s.text, labels: [s.label] },
    origin: 'manual',
  }));
}

/** spaCy-style training JSON: `{ text, entities: [[start, end, label], …] }` (character offsets). */
export function toSpacy(item: Item): { text: string; entities: Array<[number, number, string]> } {
  return {
    text: fieldText(item.data, item.config.field),
    entities: [...item.answer.spans].sort((a, b) => a.start - b.start || a.end - b.end).map((s) => [s.start, s.end, s.label]),
  };
}

/** Reads Label Studio `labels` results back into spans (one span per label; other result types ignored). */
export function fromLabelStudio(results: readonly LsResult[]): NerAnswer {
  const spans: NerAnswer['spans'] = [];
  for (const r of results) {
    if (r.type !== 'labels') continue;
    const v = r.value as { start: number; end: number; text?: string; labels?: string[] };
    for (const label of v.labels ?? []) spans.push({ start: v.start, end: v.end, label, text: v.text ?? '' });
  }
  return { spans };
}

/**
 * Ground Truth named entity output (`groundtruth/text-span`): the label categories and the spans as
 * `{label, startOffset, endOffset}` in Unicode characters, one `{confidence}` per entity in the metadata.
 */
export function toSageMaker(item: Item, confidence: number): SageMakerLabel {
  const text = fieldText(item.data, item.config.field);
  return {
    label: {
      annotations: {
        labels: item.config.labels.map((l) => ({ label: l.value })),
        entities: item.answer.spans.map((s) => ({ label: s.label, startOffset: codePointOffset(text, s.start), endOffset: codePointOffset(text, s.end) })),
      },
    },
    metadata: { type: 'groundtruth/text-span', entities: item.answer.spans.map(() => ({ confidence })) },
  };
}

/** ner_50k_open_ms: navigation to a 50,000-character document with 500 suggested spans, interactive. */
import { rng } from '../lib';
import type { WorkbenchFigure } from './figure';
import { warmOpenTime } from './page';
import { createProject, importRows } from './server';

/** ~50,000 characters of sentence-like text and 500 non-overlapping word spans over it. */
function nerDocument(): { text: string; spans: { start: number; end: number; label: string; text: string }[] } {
  const rand = rng(7);
  const words = ['market', 'Berlin', 'Acme', 'river', 'report', 'Paris', 'quarter', 'growth', 'Maria', 'bank', 'signal', 'council', 'Tokyo', 'engine'];
  let text = '';
  while (text.length < 50_000) {
    const n = 8 + Math.floor(rand() * 12);
    const sentence = Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
    text += sentence.charAt(0).toUpperCase() + sentence.slice(1) + '. ';
    if (rand() < 0.08) text += '\n\n';
  }
  text = text.slice(0, 50_000);
  const starts: number[] = [];
  for (const m of text.matchAll(/[A-Za-z]+/g)) starts.push(m.index!);
  const labels = ['PER', 'ORG', 'LOC', 'MISC'];
  const step = Math.floor(starts.length / 500);
  const spans = Array.from({ length: 500 }, (_, i) => {
    const start = starts[i * step];
    const end = start + /^[A-Za-z]+/.exec(text.slice(start))![0].length;
    return { start, end, label: labels[i % labels.length], text: text.slice(start, end) };
  });
  return { text, spans };
}

export const nerOpen: WorkbenchFigure = {
  name: 'ner_50k_open_ms',
  async measure({ page, base, lead }) {
    const { text, spans } = nerDocument();
    const pid = await createProject(lead, 'Bench: long document', [
      { id: 'entities', type: 'ner', title: 'Entities', config: { field: 'text', labels: ['PER', 'ORG', 'LOC', 'MISC'] } },
    ]);
    await importRows(lead, pid, [{ externalId: 'doc-1', data: { text }, prelabels: { entities: { spans } } }]);
    const value = await warmOpenTime(page, `${base}/projects/${pid}/label`,
      `document.querySelector('[data-testid="ner-text"] .ner-sug') && /500 suggested spans/.test(document.body.innerText)`);
    return { value, unit: 'ms', note: '50k chars, 500 suggested spans, warm' };
  },
};

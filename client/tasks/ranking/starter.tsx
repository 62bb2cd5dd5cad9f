import type { RankingConfig } from '@shared/tasks/registry';
import { Field } from '../../components/Form';
import { SAMPLE_PROMPT, SAMPLE_RESPONSES, sampleFields } from '../common/samples';
import { starterBase, type DraftStart, type Starter } from '../starter';

export const starter: Starter = {
  blurb: 'Compare model responses to a prompt and pick the better one.',
  questionId: 'preference', itemsLabel: null, fieldLabel: 'Prompt field',
  defaults: { ...starterBase, title: 'Which response is better?', field: 'prompt', items: '' },
  config: (input, field) => ({ mode: input.rankingMode, ...(field ? { promptField: field } : {}) }),
  Options: ({ input, setInput }) => (
    <Field label="Mode" htmlFor="q-mode">
      <select id="q-mode" className="input" value={input.rankingMode} onChange={(e) => setInput({ rankingMode: e.target.value as 'pairwise' | 'order' })}>
        <option value="pairwise">Pairwise: A or B, with strength</option>
        <option value="order">Order: rank every response</option>
      </select>
    </Field>
  ),
};

export const draftStart: DraftStart = {
  title: 'Which response is better?',
  config: () => ({ promptField: 'prompt', responsesField: 'responses', mode: 'pairwise', allowTie: true, reasonMinLength: 0, flagClaims: true }),
};

export const sampleData = (c: RankingConfig) => sampleFields([c.promptField, SAMPLE_PROMPT], [c.responsesField, SAMPLE_RESPONSES]);

import { LLAMA2_SCALE } from '@shared/tasks/ranking';
import type { RankingConfig } from '@shared/tasks/registry';
import { Field } from '../../components/Form';
import { SAMPLE_PROMPT, SAMPLE_RESPONSES, sampleFields } from '../common/samples';
import { starterBase, type DraftStart, type Starter, type StarterInput } from '../starter';

const DEFAULT_TITLE = 'Which response is better?';

/** The first question's config: the mode, and (pairwise) the chosen scale. */
function pairConfig(input: StarterInput, field: string): Record<string, unknown> {
  const llama = input.rankingMode === 'pairwise' && input.rankingScale === 'llama2';
  return { mode: input.rankingMode, ...(field ? { promptField: field } : {}), ...(llama ? { scale: LLAMA2_SCALE, allowTie: false } : {}) };
}

const safetyAsked = (input: StarterInput) => input.rankingMode === 'pairwise' && input.rankingSafety;

export const starter: Starter = {
  blurb: 'Compare model responses to a prompt: pick the better one on a strength scale (Llama 2’s four levels if you like), or rank them all.',
  questionId: 'preference', itemsLabel: null, fieldLabel: 'Prompt field',
  defaults: { ...starterBase, title: DEFAULT_TITLE, field: 'prompt', items: '' },
  config: pairConfig,
  // Llama 2 asked helpfulness and safety of the same pair apart: the second question only asks, the
  // first shows the prompt and responses.
  more: (input, field) =>
    safetyAsked(input) ? [{ id: 'safety', title: 'Which response is safer?', config: { ...pairConfig(input, field), showTexts: false, flagClaims: false } }] : [],
  Options: ({ input, setInput }) => (
    <>
      <Field label="Mode" htmlFor="q-mode">
        <select id="q-mode" className="input" value={input.rankingMode} onChange={(e) => setInput({ rankingMode: e.target.value as 'pairwise' | 'order' })}>
          <option value="pairwise">Pairwise: A or B, with strength</option>
          <option value="order">Order: rank every response</option>
        </select>
      </Field>
      {input.rankingMode === 'pairwise' && (
        <>
          <Field label="Strength scale" htmlFor="q-scale">
            <select id="q-scale" className="input" value={input.rankingScale} onChange={(e) => setInput({ rankingScale: e.target.value as 'seven' | 'llama2' })}>
              <option value="seven">7 points: A much better … tie … B much better</option>
              <option value="llama2">Llama 2: significantly / better / slightly / negligibly better, no tie</option>
            </select>
          </Field>
          <label className="check check-field">
            <input
              type="checkbox" checked={input.rankingSafety}
              onChange={(e) => setInput({ rankingSafety: e.target.checked, ...(e.target.checked && input.title === DEFAULT_TITLE ? { title: 'Which response is more helpful?' } : {}) })}
            />
            <span>Also ask which is safer (a second question on the same pair)</span>
          </label>
        </>
      )}
    </>
  ),
};

export const draftStart: DraftStart = {
  title: DEFAULT_TITLE,
  config: () => ({ promptField: 'prompt', responsesField: 'responses', mode: 'pairwise', allowTie: true, reasonMinLength: 0, flagClaims: true }),
};

export const sampleData = (c: RankingConfig) => sampleFields([c.promptField, SAMPLE_PROMPT], [c.responsesField, SAMPLE_RESPONSES]);

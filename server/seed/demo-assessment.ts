import type { Deps, SessionUser } from '../context.js';
import { assessmentBody, type AttemptAnswer } from '@shared/api/assessments.js';
import { insertAssessment, setGraders } from '../repos/assessments.js';
import { grade, saveMine } from '../services/assessments.js';

/**
 * The demo's vetting assessment (issue 16 part 6), taken a week ago: Ann and Bob submitted and were graded
 * by the lead; Rex's attempt (one answer pasted in whole) waits for a grader, and Rita grades this
 * assessment, so she has it in her grading queue. Cat never took it: she joined before vetting began.
 */
const questions = [
  { id: 'verdict', kind: 'written', skill: 'Evaluation', required: true, maxLength: 1500,
    prompt: 'A user asks "Is it safe to mix bleach and ammonia?" and the assistant answers "Yes, it makes them stronger." What verdict do you give, and why?' },
  { id: 'prefer', kind: 'written', skill: 'Preference Ranking', required: true, maxLength: 1500,
    prompt: 'Two answers explain an API to a ten-year-old: one with a waiter analogy, one with the textbook definition. Which do you prefer, by how much, and why?' },
  { id: 'rubric', kind: 'written', skill: 'Rubric Work', required: true, maxLength: 1500,
    prompt: 'An answer is correct but ignores the requested length of two sentences. How do you score Accuracy and Instruction following (1-5)?' },
  // A question of a task type: answered with the classification editor, scored against the reference.
  { id: 'judge', kind: 'task', skill: 'Evaluation', required: true, prompt: 'Give this answer your verdict, as you would in the audit project.',
    task: { id: 'verdict', type: 'classification', title: 'Verdict', config: { field: 'response', labels: [
      { value: 'good', title: 'Good', hotkey: '1', color: '#2f9e44' }, { value: 'partial', title: 'Partly right', hotkey: '2', color: '#f08c00' },
      { value: 'bad', title: 'Bad', hotkey: '3', color: '#e03131' }] } },
    data: { prompt: 'How many continents are there?', response: 'There are exactly five continents and this is agreed by all geographers.' },
    reference: { labels: ['bad'] } },
];

type Answers = Record<string, AttemptAnswer>;
const taken: { email: string; answers: Answers; pasted?: string; grades?: Record<string, [number, string]> }[] = [
  { email: 'ann@triad.test', answers: {
    verdict: 'Bad. Mixing bleach and ammonia releases chloramine gas; the answer would hurt someone who followed it, so its fluent tone does not matter.',
    prefer: 'The waiter analogy, clearly better: the asker is ten, and the definition is accurate but useless to them.',
    rubric: 'Accuracy 5: every claim is true. Instruction following 2: the one explicit constraint was ignored.',
    judge: { labels: ['bad'] },
  }, grades: { verdict: [5, 'Names the harm and why tone does not matter.'], prefer: [4, 'Right call; say how much better.'], rubric: [5, ''] } },
  { email: 'bob@triad.test', answers: {
    verdict: 'Bad, it is dangerous (toxic gas).',
    prefer: 'The analogy is better for a child. Slightly better, the definition is still correct.',
    rubric: 'Accuracy 5, instruction following 3.',
    judge: { labels: ['bad'] },
  }, grades: { verdict: [4, 'Correct; a sentence more on why.'], prefer: [3, '"Slightly" undersells it for this asker.'], rubric: [4, 'A 3 is generous for an ignored constraint.'] } },
  { email: 'rex@triad.test', pasted: 'verdict', answers: {
    verdict: 'Bad: unsafe advice. Chlorine bleach (sodium hypochlorite) reacts with ammonia to form chloramine vapours, which can cause coughing, shortness of breath and pneumonia; cleaning agents should never be mixed.',
    prefer: 'Waiter analogy, much better for the audience.',
    rubric: 'Accuracy 5, Instruction following 2.',
    judge: { labels: ['partial'] },
  } },
];

export async function seedAssessment(deps: Deps, ids: Map<string, number>, setClock: (at: number) => void, start: number): Promise<void> {
  const user = (email: string, isAdmin = false): SessionUser =>
    ({ id: ids.get(email)!, email, name: email, isAdmin, expertise: [], canCreateProjects: isAdmin });
  const lead = user('lead@triad.test', true);
  setClock(start + 8 * 3600_000);
  const id = await insertAssessment(deps.db, assessmentBody.parse({
    title: 'Evaluation skills check', archived: false, questions,
    instructions: 'Answer in your own words, a few sentences each; the last question is answered as in the audit project. Your answers save as you type; graders score each from 1 to 5, the last is scored against its reference.',
  }), lead.id, deps.now());
  await setGraders(deps.db, id, [ids.get('rita@triad.test')!]);
  let at = start + 9 * 3600_000;
  for (const t of taken) {
    setClock((at += 25 * 60_000));
    const pastes = t.pasted ? [{ question: t.pasted, chars: String(t.answers[t.pasted]).length }] : [];
    const attempt = await saveMine(deps, user(t.email), id, { answers: t.answers, pastes }, true);
    if (!t.grades) continue;
    setClock(at + 3 * 3600_000);
    for (const [q, [score, note]] of Object.entries(t.grades)) await grade(deps, lead, attempt.id, q, { score, note });
  }
}

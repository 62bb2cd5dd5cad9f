import type { Deps } from '../context.js';
import { rng } from '@shared/random.js';
import type { RowAnswer } from '@shared/tasks/question.js';
import * as wf from '../services/workflow/service.js';
import { workflowProject } from '../services/workflow/project.js';
import { activePause } from '../services/gold/pause.js';
import { goldDraw } from '../services/gold/serve.js';
import { truthOf, type AuditTruth, type Verdict } from './demo-audit.js';
import { seedAssessment } from './demo-assessment.js';

/**
 * A week of the demo team's past work on the audit project (issue 16 part 6), made through the workflow's
 * own functions (claims, submits, QA) with a clock set in the past, so states, finals, counts, gold
 * scores, integrity signals, pauses and the dashboard's running totals are what real work would leave.
 * Seeded random: every fresh start writes the same history, relative to the day it starts.
 *
 * Ann and Bob are careful; Cat rushes (a few seconds a row, "Good" every time) and is paused by the gold
 * rule on her second day. Rita and Rex review; the last day's pairs are left in QA, and about a third of
 * the rows are left unlabeled, so the demo logins find work today.
 */
const DAYS = 6;
const DAY = 86_400_000;
const VERDICTS: Verdict[] = ['good', 'partial', 'bad'];
const NEIGHBOUR: Record<Verdict, Verdict> = { good: 'partial', partial: 'bad', bad: 'partial' };

interface Labeler { email: string; perDay: number; right: number; jitter: number; activeMs: [number, number]; careless?: boolean }
const LABELERS: Labeler[] = [
  { email: 'ann@triad.test', perDay: 5, right: 0.92, jitter: 0.25, activeMs: [35_000, 85_000] },
  { email: 'bob@triad.test', perDay: 5, right: 0.88, jitter: 0.4, activeMs: [25_000, 70_000] },
  { email: 'cat@triad.test', perDay: 7, right: 0, jitter: 0, activeMs: [3_000, 6_500], careless: true },
];
const REVIEWERS = ['rita@triad.test', 'rex@triad.test'];

export interface HistoryPeople { ids: Map<string, number>; expertise: Map<string, string[]> }

export async function seedHistory(deps: Deps, projectId: number, people: HistoryPeople): Promise<void> {
  const random = rng(4);
  const between = ([lo, hi]: [number, number]) => Math.round(lo + random() * (hi - lo));
  const today = Math.floor(deps.now() / DAY) * DAY;
  let clock = today - (DAYS + 1) * DAY;
  const hist: Deps = { ...deps, now: () => clock };
  const caller = (email: string) => ({ id: people.ids.get(email)!, expertise: people.expertise.get(email) ?? [] });

  await seedAssessment(hist, people.ids, (at) => { clock = at; }, today - (DAYS + 1) * DAY);

  // The gold rate draws from the seeded generator while the history is written, so it is the same each time.
  const draw = goldDraw.next;
  goldDraw.next = random;
  try {
    const project = (await workflowProject(deps.db, projectId))!;
    const externalIds = new Map((await deps.db.selectFrom('rows').select(['id', 'external_id']).where('project_id', '=', projectId).execute())
      .map((r) => [Number(r.id), r.external_id ?? '']));
    const truth = (rowId: number) => truthOf.get(externalIds.get(rowId)!)!;

    for (let d = DAYS; d >= 1; d--) {
      clock = today - d * DAY + 9 * 3600_000 + between([0, 40 * 60_000]);
      // Labelers take turns through the morning.
      for (let round = 0; round < Math.max(...LABELERS.map((l) => l.perDay)); round++) {
        for (const l of LABELERS) {
          if (round >= l.perDay) continue;
          const who = caller(l.email);
          if (await activePause(deps.db, projectId, who.id)) continue;
          const task = await wf.next(hist, project, who, ['annotator'], 'label');
          if (!task.assignment) continue;
          const activeMs = between(l.activeMs);
          clock += activeMs + between([5_000, 20_000]);
          await wf.submit(hist, who, task.assignment.id, {
            answer: labelAnswer(l, truth(task.row.id), random), clientSubmissionId: `demo-${task.assignment.id}`, bestEffort: false, activeMs,
          });
        }
      }
      // Reviewers in the afternoon; on the last day they stop early, leaving pairs in QA for today.
      clock = today - d * DAY + 14 * 3600_000 + between([0, 30 * 60_000]);
      for (let n = 0, limit = d === 1 ? 1 : 50; n < limit; n++) {
        const email = REVIEWERS[n % REVIEWERS.length];
        const who = caller(email);
        const task = await wf.next(hist, project, who, ['reviewer'], 'qa');
        if (!task.assignment) break;
        const activeMs = between([40_000, 120_000]);
        clock += activeMs + between([10_000, 40_000]);
        await wf.resolve(hist, who, task.assignment.id, review(task.labels!, truth(task.row.id), activeMs, `demo-${task.assignment.id}`));
      }
    }
  } finally {
    goldDraw.next = draw;
  }
  deps.onWork?.(projectId);
}

function labelAnswer(l: Labeler, truth: AuditTruth, random: () => number): RowAnswer {
  if (l.careless) return { verdict: { labels: ['good'] }, quality: { scores: { accuracy: 4, helpfulness: 4 }, rationale: '' } };
  const verdict = random() < l.right ? truth.verdict : random() < 0.7 ? NEIGHBOUR[truth.verdict] : VERDICTS[Math.floor(random() * 3)];
  const near = (x: number) => Math.min(5, Math.max(1, x + (random() < l.jitter ? (random() < 0.5 ? -1 : 1) : 0)));
  return { verdict: { labels: [verdict] }, quality: { scores: { accuracy: near(truth.accuracy), helpfulness: near(truth.helpfulness) }, rationale: '' } };
}

type Label = { slot: 1 | 2; answer: RowAnswer };

/**
 * What a reviewer decides: per question, a label that has it right (the truth's verdict; the rating closer
 * to the truth), else their own; with a reason when the final overrules a label.
 */
function review(labels: Label[], truth: AuditTruth, activeMs: number, csid: string): wf.ResolveBody {
  const verdictOf = (a: RowAnswer) => (a.verdict as { labels: string[] }).labels[0];
  const distance = (a: RowAnswer) => {
    const s = (a.quality as { scores: Record<string, number> }).scores;
    return Math.abs(s.accuracy - truth.accuracy) + Math.abs(s.helpfulness - truth.helpfulness);
  };
  const closest = [...labels].sort((x, y) => distance(x.answer) - distance(y.answer))[0];
  const answer: RowAnswer = {
    verdict: { labels: [truth.verdict] },
    quality: distance(closest.answer) <= 1 ? closest.answer.quality : { scores: { accuracy: truth.accuracy, helpfulness: truth.helpfulness }, rationale: '' },
  };
  const overruled = labels.filter((l) => verdictOf(l.answer) !== truth.verdict);
  if (!overruled.length) {
    // Scores moved where the labels conflict need a reason too (the server asks for one on any conflict overruled).
    const rescored = labels.some((l) => JSON.stringify(l.answer.quality) !== JSON.stringify(answer.quality));
    return rescored
      ? { action: 'accept', answer, clientSubmissionId: csid, activeMs, reason: { reason: 'Missed part of the data', note: 'The scores follow the whole answer, not its first lines.' } }
      : { action: 'accept', answer, clientSubmissionId: csid, activeMs };
  }
  // A "Good" on an answer that is plainly wrong reads as rushed; a near miss as a misread label.
  const rushed = overruled.some((l) => verdictOf(l.answer) === 'good' && truth.verdict === 'bad');
  return {
    action: 'accept', answer, clientSubmissionId: csid, activeMs,
    reason: rushed
      ? { reason: 'Careless or rushed', note: 'Marked Good, but the answer is wrong: read it to the end before choosing.' }
      : { reason: 'Wrong label for what was found', note: truth.verdict === 'partial' ? 'One claim is false: that makes it Partly right.' : 'See the guideline table for the verdicts.' },
  };
}

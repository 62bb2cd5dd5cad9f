import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import RankingCompare from './Compare';
import { renderCompare } from '../../testing/compare-view';
import { preferenceText, rankingDiffs, takePreference, toggleClaim } from './compare-ranking';
import { rankingConfig } from '@shared/tasks/ranking';

vi.mock('./Editor', async () => ({ default: (await import('../../testing/compare-view')).FakeEditor }));

afterEach(cleanup);

const question = { id: 'pref', type: 'ranking' as const, title: 'Which is better?', config: {} };
const data = { prompt: 'Capital of Australia?', responses: ['Sydney is the capital.', 'Canberra is the capital.'] };
const claimA = { response: 0, start: 0, end: 22, text: 'Sydney is the capital.' };
const claimB = { response: 1, start: 0, end: 8, text: 'Canberra' };
const a = { preferred: 1, strength: 3, reason: 'A is wrong about the capital.', claims: [claimA] };
const b = { preferred: 0, strength: -1, reason: 'A is shorter.', claims: [claimA, claimB] };

describe('ranking comparison', () => {
  it('shows both preferences, strengths, reasons and claims, with the differences marked', () => {
    renderCompare(RankingCompare, question, { a, b, data, final: a });
    const pref = screen.getByRole('row', { name: 'Preference (differs)' });
    expect(pref).toHaveClass('is-conflict');
    expect(pref).toHaveTextContent('B preferred');
    expect(pref).toHaveTextContent('A preferred');
    expect(screen.getByRole('row', { name: 'Strength (differs)' })).toHaveTextContent(/B much better.*A slightly better/);
    expect(screen.getByRole('row', { name: 'Reason (differs)' })).toHaveTextContent('A is shorter.');
    const claims = screen.getByRole('row', { name: 'Flagged claims (differs)' });
    expect(within(claims).getAllByRole('button', { name: /Claim in A: “Sydney is the capital.”, both flagged it/ })).toHaveLength(2);
    expect(within(claims).getByRole('button', { name: 'Claim in B: “Canberra”, Labeler 1 did not flag it' })).toHaveClass('is-only');
    expect(screen.getByLabelText(/Agreement 0%, conflict/)).toBeInTheDocument();
  });

  it('an order with ties: both orders, their top-choice agreement and Kendall τ', () => {
    const q = { ...question, config: { mode: 'order' as const, orderTies: true } };
    const d = { ...data, responses: ['x', 'y', 'z'] };
    const o1 = { preferred: 0, order: [0, 1, 2], ties: [[0, 1]], strength: null, reason: '', claims: [] };
    const o2 = { preferred: 0, order: [0, 1, 2], strength: null, reason: '', claims: [] };
    renderCompare(RankingCompare, q, { a: o1, b: o2, data: d, final: o1 });
    expect(screen.getByRole('row', { name: 'Order (differs)' })).toHaveTextContent(/A = B > C.*A > B > C/);
    expect(screen.getByText(/top choice differs · Kendall τ 0\.82/)).toBeInTheDocument();
  });

  it('agreeing preferences are not marked', () => {
    renderCompare(RankingCompare, question, { a, b: { ...a, reason: 'Canberra is right.' }, data });
    expect(screen.getByRole('row', { name: 'Preference' })).toHaveClass('is-agree');
    expect(screen.getByRole('row', { name: 'Reason (differs)' })).toHaveClass('is-differs');
    expect(screen.getByLabelText(/Agreement 100%, agree/)).toBeInTheDocument();
  });

  it('takes one whole side', async () => {
    const user = userEvent.setup();
    const r = renderCompare(RankingCompare, question, { a, b, data, final: a });
    await user.click(screen.getByRole('button', { name: 'Take Labeler 2' }));
    expect(r.last()).toEqual(b);
    expect(screen.getByRole('button', { name: 'Take Labeler 2' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('takes a preference, a reason or a single claim', async () => {
    const user = userEvent.setup();
    const r = renderCompare(RankingCompare, question, { a, b, data, final: a });
    await user.click(screen.getByRole('button', { name: /^Take Labeler 2’s preference: A preferred/ }));
    expect(r.last()).toEqual({ ...a, preferred: 0, strength: -1 });
    await user.click(screen.getByRole('button', { name: 'Take Labeler 2’s reason' }));
    expect(r.last()).toEqual({ ...a, preferred: 0, strength: -1, reason: 'A is shorter.' });
    await user.click(screen.getByRole('button', { name: /Claim in B: “Canberra”/ }));
    expect(r.last().claims).toEqual([claimA, claimB]);
    await user.click(screen.getAllByRole('button', { name: /Claim in A/ })[0]);
    expect(r.last().claims).toEqual([claimB]);
  });

  it('says the expert’s answer is preselected and shows the prelabel', () => {
    renderCompare(RankingCompare, question, {
      a,
      b,
      data,
      expert: 0,
      final: a,
      prelabel: { preferred: null, strength: 0, reason: 'model tie', claims: [] },
    });
    expect(screen.getByText(/Preselected: the expert's answer \(Labeler 1\)/)).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Prelabel' })).toHaveTextContent('tie, Tie — model tie');
  });
});

describe('ranking comparison helpers', () => {
  const config = rankingConfig.parse({});
  it('preferenceText covers preferred, tie, undecided and order', () => {
    expect(preferenceText(a, config)).toBe('B preferred');
    expect(preferenceText({ ...a, preferred: null, strength: 0 }, config)).toBe('tie');
    expect(preferenceText({ ...a, preferred: null, strength: null }, config)).toBe('undecided');
    expect(preferenceText({ ...a, order: [2, 0, 1] }, { ...config, mode: 'order' })).toBe('C > A > B');
  });
  it('rankingDiffs', () => {
    expect(rankingDiffs(a, b, config)).toEqual({ preference: true, strength: true, reason: true, claims: true });
    expect(rankingDiffs(a, { ...a, claims: [{ ...claimA }] }, config)).toEqual({ preference: false, strength: false, reason: false, claims: false });
  });
  it('takePreference and toggleClaim leave the rest of the final alone', () => {
    expect(takePreference(a, { ...b, order: [0, 1] })).toEqual({ ...a, preferred: 0, strength: -1, order: [0, 1] });
    expect(toggleClaim({ ...a, claims: [claimB] }, claimA).claims).toEqual([claimA, claimB]);
  });
});

import { describe, expect, it } from 'vitest';
import { createAnswerStore } from './answer-store';

describe('answer store', () => {
  it('sets answers per question and undoes/redoes across questions', () => {
    const s = createAnswerStore({ q1: { labels: [] } });
    s.getState().setAnswer('q1', { labels: ['a'] });
    s.getState().setAnswer('q2', { text: 'hi' });
    expect(s.getState().answers).toEqual({ q1: { labels: ['a'] }, q2: { text: 'hi' } });
    s.getState().undo();
    expect(s.getState().answers).toEqual({ q1: { labels: ['a'] } });
    s.getState().undo();
    expect(s.getState().answers).toEqual({ q1: { labels: [] } });
    s.getState().redo();
    s.getState().redo();
    expect(s.getState().answers).toEqual({ q1: { labels: ['a'] }, q2: { text: 'hi' } });
  });

  it('reset replaces the answers and clears the history', () => {
    const s = createAnswerStore();
    s.getState().setAnswer('q1', 1);
    s.getState().reset({ q1: 5 });
    expect(s.getState().answers).toEqual({ q1: 5 });
    expect(s.temporal.getState().pastStates).toHaveLength(0);
    s.getState().undo();
    expect(s.getState().answers).toEqual({ q1: 5 });
  });

  it('a new change drops the redo branch', () => {
    const s = createAnswerStore();
    s.getState().setAnswer('q', 1);
    s.getState().setAnswer('q', 2);
    s.getState().undo();
    s.getState().setAnswer('q', 3);
    s.getState().redo();
    expect(s.getState().answers.q).toBe(3);
    s.getState().undo();
    expect(s.getState().answers.q).toBe(1);
  });

  it('coalesces a typing stream into one step, but not across pauses, streams or undo', () => {
    let t = 0;
    const s = createAnswerStore({}, { now: () => t, coalesceMs: 1000 });
    const type = (text: string) => s.getState().setAnswer('q', { text }, { coalesce: 'text' });
    type('h');
    t += 100;
    type('he');
    t += 100;
    type('hey');
    t += 5000;
    type('hey you');
    expect(s.temporal.getState().pastStates).toHaveLength(2);
    s.getState().undo();
    expect(s.getState().answers.q).toEqual({ text: 'hey' });
    t += 10;
    type('hey!');
    // Typing right after an undo starts a new step (and drops the redo branch).
    expect(s.temporal.getState().futureStates).toHaveLength(0);
    s.getState().undo();
    expect(s.getState().answers.q).toEqual({ text: 'hey' });
    s.getState().undo();
    expect(s.getState().answers).toEqual({});
  });

  it('ignores a change to the same value', () => {
    const s = createAnswerStore();
    const v = { labels: ['x'] };
    s.getState().setAnswer('q', v);
    s.getState().setAnswer('q', v);
    expect(s.temporal.getState().pastStates).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { schemaSchema } from '@shared/tasks/question.js';
import {
  addDomain, afterSecondLabel, canonicalJson, expertDomains, finalChoices, leaseEnd, leaseOver, missingDomains,
  prelabelOutcomes, reviewerCovers, sameAnswer, waitingReason, type RowProgress,
} from './rules.js';

const schema = schemaSchema.parse([
  { id: 'sentiment', type: 'classification', title: 'S', config: { labels: [{ value: 'pos' }, { value: 'neg' }] } },
  { id: 'topics', type: 'classification', title: 'T', required: false, config: { multiple: true, labels: [{ value: 'a' }, { value: 'b' }] } },
]);

describe('answers compare by content', () => {
  it('ignores key order but not array order', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    expect(sameAnswer({ x: 1, y: 2 }, { y: 2, x: 1 })).toBe(true);
    expect(sameAnswer({ labels: ['a', 'b'] }, { labels: ['b', 'a'] })).toBe(false);
  });
});

describe('prelabel outcomes (rule 5)', () => {
  it('says kept, changed or none per question', () => {
    expect(prelabelOutcomes(schema, { sentiment: { labels: ['pos'] }, topics: { labels: ['a'] } }, { sentiment: { labels: ['pos'] }, topics: { labels: ['b'] } }))
      .toEqual({ sentiment: 'kept', topics: 'changed' });
    expect(prelabelOutcomes(schema, { sentiment: { labels: ['neg'] } }, { topics: { labels: ['a'] } })).toEqual({ sentiment: 'none', topics: 'changed' });
    expect(prelabelOutcomes(schema, { sentiment: { labels: ['neg'] } }, null)).toEqual({ sentiment: 'none', topics: 'none' });
  });
});

describe('expert rule (rules 3, 4)', () => {
  it('lists the domains no holder covers', () => {
    expect(missingDomains(['finance', 'cs'], [['cs'], []])).toEqual(['finance']);
    expect(missingDomains(['finance'], [['finance'], []])).toEqual([]);
    expect(missingDomains([], [])).toEqual([]);
  });
  it('offers QA only to a reviewer who covers every missing domain', () => {
    expect(reviewerCovers(['finance'], ['finance', 'cs'])).toBe(false);
    expect(reviewerCovers(['finance', 'cs', 'law'], ['finance', 'cs'])).toBe(true);
    expect(reviewerCovers([], [])).toBe(true);
  });
  it('marks a labeler as the expert only for the row\'s own domains', () => {
    expect(expertDomains(['cs', 'finance'], ['finance'])).toEqual(['finance']);
    expect(expertDomains(['cs'], ['finance'])).toEqual([]);
  });
  it('adds a flagged domain once, sorted', () => {
    expect(addDomain(['medical'], 'finance')).toEqual(['finance', 'medical']);
    expect(addDomain(['finance'], 'finance')).toEqual(['finance']);
  });
});

describe('after the second label (rule 6)', () => {
  it('finalizes by consensus only under qa: disagreements, when all agree and no domain is missing', () => {
    expect(afterSecondLabel({ qa: 'disagreements' }, { agree: true }, [])).toBe('consensus');
    expect(afterSecondLabel({ qa: 'disagreements' }, { agree: false }, [])).toBe('qa');
    expect(afterSecondLabel({ qa: 'disagreements' }, { agree: true }, ['finance'])).toBe('qa');
    expect(afterSecondLabel({ qa: 'all' }, { agree: true }, [])).toBe('qa');
  });
});

describe('final choices (rule 7)', () => {
  it('reads off which label each question of the final came from', () => {
    const l1 = { sentiment: { labels: ['pos'] }, topics: { labels: ['a'] } };
    const l2 = { sentiment: { labels: ['neg'] }, topics: { labels: ['a'] } };
    expect(finalChoices(schema, { sentiment: { labels: ['neg'] }, topics: { labels: ['a'] } }, l1, l2)).toEqual({ sentiment: 'l2', topics: 'agreed' });
    expect(finalChoices(schema, { sentiment: { labels: ['pos'] }, topics: { labels: ['b'] } }, l1, l2)).toEqual({ sentiment: 'l1', topics: 'edited' });
  });
});

describe('leases (rule 8)', () => {
  it('ends a lease after its minutes, inclusive', () => {
    expect(leaseEnd(1000, 30)).toBe(1000 + 30 * 60_000);
    expect(leaseOver(5000, 4999)).toBe(false);
    expect(leaseOver(5000, 5000)).toBe(true);
  });
});

describe('why a row waits', () => {
  const base: RowProgress = { state: 'labeling', labelsTaken: 0, qaTaken: 0, needs: [], freshLabelers: 5, freshReviewers: [[]] };
  it.each<[string, Partial<RowProgress>, string | null]>([
    ['final', { state: 'final' }, null],
    ['escalated', { state: 'escalated' }, 'waiting_for_lead'],
    ['open label slots', {}, 'waiting_for_labelers'],
    ['both slots taken', { labelsTaken: 2 }, 'labeling_in_progress'],
    ['one fresh annotator for two slots', { freshLabelers: 1 }, 'no_eligible_labeler'],
    ['one fresh annotator for the last slot', { labelsTaken: 1, freshLabelers: 1 }, 'waiting_for_labelers'],
    ['QA claimed', { state: 'qa', qaTaken: 1 }, 'qa_in_progress'],
    ['QA open, reviewer available', { state: 'qa' }, 'waiting_for_qa'],
    ['QA open, expert needed, none', { state: 'qa', needs: ['finance'], freshReviewers: [['cs'], []] }, 'waiting_for_expert'],
    ['QA open, expert needed, one fresh', { state: 'qa', needs: ['finance'], freshReviewers: [['finance']] }, 'waiting_for_qa'],
    ['QA open, no fresh reviewer', { state: 'qa', freshReviewers: [] }, 'no_eligible_reviewer'],
  ])('%s', (_n, patch, want) => {
    expect(waitingReason({ ...base, ...patch })).toBe(want);
  });
});

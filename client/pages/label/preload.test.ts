import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../testing/fakeApi';
import { prefetchClaimFor, takePrefetchedClaim } from './claim-prefetch';
import { preloadHint, rememberPreloadHint } from './preload-hints';

describe('preload hints', () => {
  afterEach(() => localStorage.clear());

  it("keeps what a project's last row needed, per project", () => {
    rememberPreloadHint(7, { types: ['ner', 'classification', 'ner'], rich: true });
    expect(preloadHint(7)).toEqual({ types: ['ner', 'classification'], rich: true });
    expect(preloadHint(8)).toBeNull();
  });

  it('reads a malformed or hand-edited hint as none, and drops types nobody registered', () => {
    localStorage.setItem('triad.preload.7', '{not json');
    expect(preloadHint(7)).toBeNull();
    localStorage.setItem('triad.preload.7', JSON.stringify({ types: 'ner', rich: true }));
    expect(preloadHint(7)).toBeNull();
    localStorage.setItem('triad.preload.7', JSON.stringify({ types: ['ner', '__proto__', 'video'], rich: false }));
    expect(preloadHint(7)).toEqual({ types: ['ner'], rich: false });
  });
});

describe('the first claim of a directly opened label page', () => {
  afterEach(() => vi.useRealTimers());

  it('is asked for once on /projects/:id/label and taken once by that project only', async () => {
    const api = fakeApi({ 'POST /api/projects/:id/next': (_c, p) => ({ empty: true, project: Number(p.id) }) });
    prefetchClaimFor('/projects');
    prefetchClaimFor('/projects/3/review');
    prefetchClaimFor('/projects/0/label');
    expect(api.calls).toEqual([]);
    prefetchClaimFor('/projects/3/label');
    expect(api.callsTo('POST', '/api/projects/3/next')).toEqual([expect.objectContaining({ body: { role: 'label' } })]);
    expect(takePrefetchedClaim(4)).toBeNull();
    // Taking it for another project used it up: the page of project 3 asks itself.
    expect(takePrefetchedClaim(3)).toBeNull();
    prefetchClaimFor('/projects/3/label');
    await expect(takePrefetchedClaim(3)).resolves.toMatchObject({ project: 3 });
    expect(takePrefetchedClaim(3)).toBeNull();
  });

  it('is not taken once stale: the page asks again rather than show a claim from long ago', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    fakeApi({ 'POST /api/projects/:id/next': () => ({}) });
    prefetchClaimFor('/projects/3/label');
    vi.setSystemTime(1_000_000 + 16_000);
    expect(takePrefetchedClaim(3)).toBeNull();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, renderHook, waitFor } from '@testing-library/react';
import * as diff from './word-diff';
import { SYNC_DIFF_LIMIT, useWordDiff } from './use-word-diff';

vi.mock('./word-diff', async (load) => {
  const real = await load<typeof import('./word-diff')>();
  return { ...real, wordDiff: vi.fn(real.wordDiff) };
});

afterEach(() => {
  cleanup();
  vi.mocked(diff.wordDiff).mockClear();
});

const long = Array.from({ length: 1500 }, (_, i) => `w${i}`).join(' ');

describe('useWordDiff', () => {
  it('short texts are diffed at once', () => {
    const { result } = renderHook(() => useWordDiff('a b', 'a c'));
    expect(result.current.stale).toBe(false);
    expect(result.current.parts?.map((p) => p.kind)).toEqual(['same', 'removed', 'added']);
  });

  it('long texts: a burst of edits costs a few diffs, not one per keystroke, and the last one wins', async () => {
    expect(long.length * 2).toBeGreaterThan(SYNC_DIFF_LIMIT);
    const { result, rerender } = renderHook(({ to }) => useWordDiff(long, to), { initialProps: { to: long } });
    expect(result.current).toEqual({ parts: null, stale: true });
    await waitFor(() => expect(result.current.stale).toBe(false));
    vi.mocked(diff.wordDiff).mockClear();
    for (let i = 1; i <= 20; i++) rerender({ to: `${long} extra${i}` });
    // The previous diff stays on screen, marked stale, while the typing goes on.
    expect(result.current.stale).toBe(true);
    expect(result.current.parts).not.toBeNull();
    await waitFor(() => expect(result.current.stale).toBe(false));
    expect(result.current.parts!.filter((p) => p.kind === 'added').map((p) => p.value.trim())).toEqual(['extra20']);
    expect(vi.mocked(diff.wordDiff).mock.calls.length).toBe(1);
  });
});

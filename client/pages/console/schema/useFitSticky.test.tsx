import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { useFitSticky } from './useFitSticky';

function Pane() {
  return <aside ref={useFitSticky<HTMLElement>()} aria-label="pane" />;
}

function layout(paneHeight: number, windowHeight: number) {
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => paneHeight });
  Object.defineProperty(window, 'innerHeight', { configurable: true, value: windowHeight });
  document.documentElement.style.setProperty('--topbar-h', '52px');
}

afterEach(() => {
  cleanup();
  delete (HTMLElement.prototype as { offsetHeight?: number }).offsetHeight;
});

describe('useFitSticky', () => {
  it('sticks a pane that fits under the top bar', () => {
    layout(500, 800);
    render(<Pane />);
    expect(screen.getByRole('complementary', { name: 'pane' }).style.top).toBe('64px');
  });

  it('lets a pane taller than the window scroll with the page until its bottom is in view', () => {
    layout(1200, 800);
    render(<Pane />);
    expect(screen.getByRole('complementary', { name: 'pane' }).style.top).toBe('-412px');
  });

  it('places it again when the window is resized', () => {
    layout(700, 800);
    render(<Pane />);
    const pane = screen.getByRole('complementary', { name: 'pane' });
    expect(pane.style.top).toBe('64px');
    layout(700, 600);
    act(() => { window.dispatchEvent(new Event('resize')); });
    expect(pane.style.top).toBe('-112px');
  });
});

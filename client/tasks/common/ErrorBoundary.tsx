import { Component, type ReactNode } from 'react';

/** Keeps a failing (often lazily loaded) editor's error inside its own box, so the rest of the page works on. */
export class ErrorBoundary extends Component<{ children: ReactNode; fallback(error: Error): ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}

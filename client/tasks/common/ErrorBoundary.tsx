import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Keeps a failing (often lazily loaded) editor's error inside its own box, so the rest of the page works on. */
export class ErrorBoundary extends Component<
  { children: ReactNode; fallback(error: Error): ReactNode; onError?(error: Error, info: ErrorInfo): void },
  { error: Error | null }
> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    this.props.onError?.(error, info);
  }
  override render() {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}

import { Link } from 'wouter';

export default function NotFound() {
  return (
    <div className="empty-state">
      <h1>Page not found</h1>
      <p className="muted">There is nothing at this address, or it is not open to you.</p>
      <Link href="/" className="btn btn-primary">Back to your projects</Link>
    </div>
  );
}

import type { ReactNode } from 'react';
import type { Role } from '@shared/project';

export type BadgeTone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger' | 'info';

export function Badge({ tone = 'neutral', children, title }: { tone?: BadgeTone; children: ReactNode; title?: string }) {
  return <span className={`badge badge-${tone}`} title={title}>{children}</span>;
}

const ROLE_TONE: Record<Role, BadgeTone> = { lead: 'accent', reviewer: 'info', annotator: 'success' };
const ROLE_ORDER: Role[] = ['lead', 'reviewer', 'annotator'];

export function RoleBadges({ roles }: { roles: readonly Role[] }) {
  const sorted = ROLE_ORDER.filter((r) => roles.includes(r));
  return (
    <span className="badges" aria-label={`roles: ${sorted.join(', ')}`}>
      {sorted.map((r) => <Badge key={r} tone={ROLE_TONE[r]}>{r}</Badge>)}
    </span>
  );
}

export function ExpertiseBadges({ expertise, empty = '—' }: { expertise: readonly string[]; empty?: string }) {
  if (expertise.length === 0) return <span className="muted">{empty}</span>;
  return (
    <span className="badges" aria-label={`expertise: ${expertise.join(', ')}`}>
      {expertise.map((d) => <Badge key={d} tone="warning" title="domain expertise">{d}</Badge>)}
    </span>
  );
}

import type { ReactNode } from 'react';
import type { Agreement } from '@shared/tasks/types';
import { cloneAnswer, deepEqual } from './equal';
import type { DiffPart } from './word-diff';
import type { CompareViewProps, Side } from './types';
import './compare-common.css';

export const sideClass = (side: Side) => (side === 0 ? 'cmp-l1' : 'cmp-l2');

/** Score as a whole percentage; a score just under 1 must not read as "100%" while it still differs. */
export function percent(score: number): string {
  const p = Math.round(score * 100);
  return `${score < 1 && p === 100 ? 99 : p}%`;
}

export function AgreementPill({ agreement }: { agreement: Agreement }) {
  const word = agreement.agree ? 'agree' : 'conflict';
  return (
    <span
      className={`cmp-pill ${agreement.agree ? 'is-agree' : 'is-conflict'}`}
      aria-label={`Agreement ${percent(agreement.score)}, ${word}`}
      title={detailTitle(agreement)}
    >
      {percent(agreement.score)} · {word}
    </span>
  );
}

function detailTitle(a: Agreement): string | undefined {
  if (!a.detail) return undefined;
  return Object.entries(a.detail)
    .map(([k, v]) => `${k}: ${Number.isInteger(v) ? v : v.toFixed(2)}`)
    .join('\n');
}

export function ExpertBadge() {
  return (
    <span className="cmp-expert" title="This labeler has the domain expertise the row needs">
      expert
    </span>
  );
}

export function BestEffortMark() {
  return (
    <span className="cmp-best-effort" title="The labeler marked this answer as best effort (outside their expertise)">
      best effort
    </span>
  );
}

export function TakeButton({
  pressed,
  onClick,
  children,
  label,
  className = '',
}: {
  pressed?: boolean;
  onClick(): void;
  children: ReactNode;
  /** Accessible name when the visible text is terse. */
  label?: string;
  className?: string;
}) {
  return (
    <button
      type="button"
      className={`cmp-take${pressed ? ' is-taken' : ''} ${className}`.trim()}
      aria-pressed={pressed}
      aria-label={label}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** The head of one labeler's version: name, expert badge, best-effort mark, and "take this version". */
export function VersionHeader({
  side,
  name,
  expert,
  bestEffort,
  inFinal,
  onTake,
}: {
  side: Side;
  name: string;
  expert?: boolean;
  bestEffort?: boolean;
  /** The final currently equals this version. */
  inFinal: boolean;
  onTake(): void;
}) {
  return (
    <div className={`cmp-version-head ${sideClass(side)}`}>
      <span className="cmp-swatch" aria-hidden="true" />
      <strong className="cmp-name">{name}</strong>
      {expert && <ExpertBadge />}
      {bestEffort && <BestEffortMark />}
      <TakeButton pressed={inFinal} onClick={onTake} label={`Take ${name}`}>
        {inFinal ? 'In final' : 'Take'}
      </TakeButton>
    </div>
  );
}

/**
 * The line above a comparison: agreement, and why the final starts where it does. The page preselects the
 * expert's version on a conflict; saying so keeps a non-expert reviewer from overriding it by accident.
 */
export function CompareBar<A>({
  view,
  children,
}: {
  view: Pick<CompareViewProps<unknown, A>, 'agreement' | 'expert' | 'a' | 'b' | 'final' | 'labels'>;
  children?: ReactNode;
}) {
  const { agreement, expert, a, b, final, labels } = view;
  const preselected = expert != null && !agreement.agree && deepEqual(final, expert === 0 ? a : b);
  return (
    <div className="cmp-bar">
      <AgreementPill agreement={agreement} />
      {preselected && (
        <span className="cmp-preselected" role="status">
          Preselected: the expert's answer ({labels[expert!]}). The row needs a domain expert; keep it unless you are sure.
        </span>
      )}
      {children}
    </div>
  );
}

/** The model's prelabel as a third, muted reference. */
export function PrelabelRef({ children, onTake, inFinal }: { children: ReactNode; onTake?(): void; inFinal?: boolean }) {
  return (
    <section className="cmp-prelabel" aria-label="Prelabel">
      <div className="cmp-version-head">
        <span className="cmp-muted-title">Prelabel (model)</span>
        {onTake && (
          <TakeButton pressed={inFinal} onClick={onTake} label="Take prelabel">
            {inFinal ? 'In final' : 'Take'}
          </TakeButton>
        )}
      </div>
      <div className="cmp-prelabel-body">{children}</div>
    </section>
  );
}

/** A rendered word diff: text only in the first version struck through, only in the second underlined. */
export function WordDiffView({ parts, labels }: { parts: readonly DiffPart[]; labels: [string, string] }) {
  return (
    <span className="cmp-diff">
      {parts.map((p, i) =>
        p.kind === 'same' ? (
          <span key={i}>{p.value}</span>
        ) : p.kind === 'removed' ? (
          <del key={i} className="cmp-del" title={`only ${labels[0]}`}>
            {p.value}
          </del>
        ) : (
          <ins key={i} className="cmp-ins" title={`only ${labels[1]}`}>
            {p.value}
          </ins>
        ),
      )}
    </span>
  );
}

/** Small legend of the two sides' colours. */
export function SideLegend({ labels }: { labels: [string, string] }) {
  return (
    <span className="cmp-legend">
      <span className="cmp-l1">
        <span className="cmp-swatch" aria-hidden="true" /> {labels[0]}
      </span>
      <span className="cmp-l2">
        <span className="cmp-swatch" aria-hidden="true" /> {labels[1]}
      </span>
    </span>
  );
}

/** What a view knows of the two labelers, straight from its props. */
type SideFacts = Pick<CompareViewProps<unknown, unknown>, 'labels' | 'expert' | 'bestEffort'>;

/** A side's VersionHeader fed from the view's props, so every view shows expert and best effort alike. */
function SideHeader({ side, view, inFinal, onTake }: { side: Side; view: SideFacts; inFinal: boolean; onTake(): void }) {
  return (
    <VersionHeader
      side={side}
      name={view.labels[side]}
      expert={view.expert === side}
      bestEffort={view.bestEffort?.[side]}
      inFinal={inFinal}
      onTake={onTake}
    />
  );
}

/**
 * One labeler's column: its header, then what the view shows of that version. `markTaken` outlines the
 * column while the final equals it; the region views leave it off, their final is built item by item.
 */
export function VersionColumn({
  markTaken = true,
  children,
  ...head
}: {
  side: Side;
  view: SideFacts;
  inFinal: boolean;
  onTake(): void;
  markTaken?: boolean;
  children?: ReactNode;
}) {
  return (
    <section
      className={`cmp-version ${sideClass(head.side)}${markTaken && head.inFinal ? ' is-taken' : ''}`}
      aria-label={head.view.labels[head.side]}
    >
      <SideHeader {...head} />
      {children}
    </section>
  );
}

/** The two labelers' column heads of a side-by-side table; taking one copies that whole version into the final. */
export function VersionHeadCells<A>({ view }: { view: SideFacts & Pick<CompareViewProps<unknown, A>, 'a' | 'b' | 'final' | 'onFinalChange'> }) {
  return ([0, 1] as Side[]).map((side) => {
    const version = side === 0 ? view.a : view.b;
    return (
      <th key={side} scope="col" className={sideClass(side)}>
        <SideHeader side={side} view={view} inFinal={deepEqual(version, view.final)} onTake={() => view.onFinalChange(cloneAnswer(version))} />
      </th>
    );
  });
}

/** Column heads naming the two labelers in their colours. */
export function SideColumnHeads({ labels }: { labels: [string, string] }) {
  return (
    <>
      <th scope="col" className="cmp-l1">
        {labels[0]}
      </th>
      <th scope="col" className="cmp-l2">
        {labels[1]}
      </th>
    </>
  );
}

/** The two side cells of an item only one labeler has: its take button on that side, "no match" on the other. */
export function OnlySideCells({ side, children }: { side: Side; children: ReactNode }) {
  const none = <span className="cmp-conflict-mark">no match</span>;
  return (
    <>
      <td>{side === 0 ? children : none}</td>
      <td>{side === 1 ? children : none}</td>
    </>
  );
}

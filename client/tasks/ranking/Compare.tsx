import { useMemo, type ReactNode } from 'react';
import type { RankingAnswer, RankingClaim, RankingConfig } from '@shared/tasks/registry';
import { CompareBar, PrelabelRef, TakeButton, VersionHeadCells, sideClass } from '../compare-common/parts';
import { FinalEditor, editorFromGlob } from '../compare-common/FinalEditor';
import { cloneAnswer, deepEqual } from '../compare-common/equal';
import type { CompareViewProps, Side } from '../compare-common/types';
import { claimShared, preferenceText, rankingDiffs, responseName, sameClaim, strengthText, takePreference, toggleClaim } from './compare-ranking';
import './Compare.css';

const Editor = editorFromGlob<RankingConfig, RankingAnswer>(import.meta.glob('./Editor.tsx'));

type Props = CompareViewProps<RankingConfig, RankingAnswer>;

export default function RankingCompare(props: Props) {
  const { config, a, b, labels, prelabel, agreement, final, onFinalChange } = props;
  const diffs = useMemo(() => rankingDiffs(a, b, config), [a, b, config]);
  const versions = [a, b] as const;

  const row = (name: string, conflict: boolean, severe: boolean, cell: (side: Side) => ReactNode) => (
    <tr className={conflict ? (severe ? 'is-conflict' : 'is-differs') : 'is-agree'} aria-label={`${name}${conflict ? ' (differs)' : ''}`}>
      <th scope="row">{name}</th>
      {([0, 1] as Side[]).map((side) => (
        <td key={side} className={sideClass(side)}>
          {cell(side)}
        </td>
      ))}
    </tr>
  );

  return (
    <div className="cmp cmp-ranking">
      <CompareBar view={props}>
        {config.mode === 'order' && agreement.detail?.tau !== undefined && (
          <span className="cmp-muted">
            top choice {agreement.detail.sameTop ? 'the same' : 'differs'} · Kendall τ {agreement.detail.tau.toFixed(2)}
          </span>
        )}
      </CompareBar>
      <table className="cmp-table cmp-ranking-table">
        <thead>
          <tr>
            <th scope="col" />
            <VersionHeadCells view={props} />
          </tr>
        </thead>
        <tbody>
          {row(config.mode === 'order' ? 'Order' : 'Preference', diffs.preference, true, (side) => (
            <TakeButton
              className={sideClass(side)}
              pressed={preferenceText(final, config) === preferenceText(versions[side], config) && final.strength === versions[side].strength}
              label={`Take ${labels[side]}’s preference: ${preferenceText(versions[side], config)}, ${strengthText(versions[side], config)}`}
              onClick={() => onFinalChange(takePreference(final, versions[side]))}
            >
              <strong>{preferenceText(versions[side], config)}</strong>
            </TakeButton>
          ))}
          {row('Strength', diffs.strength, false, (side) => strengthText(versions[side], config))}
          {row('Reason', diffs.reason, false, (side) => (
            <div className="cmp-ranking-reason">
              <p>{versions[side].reason || <span className="cmp-empty">no reason</span>}</p>
              {diffs.reason && (
                <TakeButton
                  className={sideClass(side)}
                  pressed={final.reason === versions[side].reason}
                  label={`Take ${labels[side]}’s reason`}
                  onClick={() => onFinalChange({ ...final, reason: versions[side].reason })}
                >
                  Take reason
                </TakeButton>
              )}
            </div>
          ))}
          {config.flagClaims &&
            row('Flagged claims', diffs.claims, false, (side) => (
              <ClaimList
                claims={versions[side].claims}
                other={versions[1 - side].claims}
                otherName={labels[1 - side]}
                final={final}
                onToggle={(c) => onFinalChange(toggleClaim(final, c))}
              />
            ))}
        </tbody>
      </table>
      {prelabel && (
        <PrelabelRef inFinal={deepEqual(prelabel, final)} onTake={() => onFinalChange(cloneAnswer(prelabel))}>
          {preferenceText(prelabel, config)}
          {prelabel.strength !== null && `, ${strengthText(prelabel, config)}`}
          {prelabel.reason && ` — ${prelabel.reason}`}
        </PrelabelRef>
      )}
      <FinalEditor Editor={Editor} view={props} />
    </div>
  );
}

function ClaimList({
  claims,
  other,
  otherName,
  final,
  onToggle,
}: {
  claims: readonly RankingClaim[];
  other: readonly RankingClaim[];
  otherName: string;
  final: RankingAnswer;
  onToggle(c: RankingClaim): void;
}) {
  if (claims.length === 0) return <span className="cmp-empty">none</span>;
  return (
    <ul className="cmp-ranking-claims">
      {claims.map((c) => {
        const shared = claimShared(c, other);
        const taken = final.claims.some((f) => sameClaim(f, c));
        return (
          <li key={`${c.response}:${c.start}:${c.end}`}>
            <button
              type="button"
              className={`cmp-ranking-claim ${shared ? 'is-agree' : 'is-only'}${taken ? ' is-taken' : ''}`}
              aria-pressed={taken}
              aria-label={`Claim in ${responseName(c.response)}: “${c.text}”${shared ? ', both flagged it' : `, ${otherName} did not flag it`}`}
              onClick={() => onToggle(c)}
            >
              <span className="cmp-ranking-resp">{responseName(c.response)}</span> “{c.text}”
            </button>
          </li>
        );
      })}
    </ul>
  );
}

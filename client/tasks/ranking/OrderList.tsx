import { useRef, useState, type PointerEvent } from 'react';
import type { Groups } from '@shared/tasks/ranking/ranks';
import type { HotkeyBinding, HotkeyScope } from '../../hotkeys/dispatcher';
import { Kbd } from '../../hotkeys/Kbd';
import { useHotkeys } from '../../hotkeys/useHotkeys';
import { dropAt, dropOn, find, moveDown, moveUp, putAt, toggleTie, type Drop } from './order-edit';
import { responseName } from './compare-ranking';

/** The first line of a response, short enough for one row of the order list. */
function preview(text: string): string {
  const line = text.replace(/[#>*_`~]+/gu, '').split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > 90 ? `${line.slice(0, 89)}…` : line;
}

export interface OrderListProps {
  groups: Groups;
  /** Whether the labeler has ranked yet (else `groups` is the order shown, not an answer). */
  ranked: boolean;
  responses: readonly string[];
  ties: boolean;
  readOnly?: boolean;
  scope: HotkeyScope;
  /** The response the keys move (not its place, so the selection travels with it). */
  picked: number | null;
  onPick(r: number | null): void;
  onChange(groups: Groups): void;
}

/**
 * The ranking of order mode, best first: drag a response by its handle (onto the middle of another to
 * tie with it), or select it with its number and move it with keys; tied responses share a rank.
 */
export function OrderList({ groups, ranked, responses, ties, readOnly, scope, picked, onPick, onChange }: OrderListProps) {
  const list = useRef<HTMLOListElement>(null);
  const [drag, setDrag] = useState<{ r: number; drop: Drop | null } | null>(null);
  const at = picked === null ? null : find(groups, picked);
  const flat = groups.flat();
  const change = (next: Groups) => {
    if (!readOnly && JSON.stringify(next) !== JSON.stringify(groups)) onChange(next);
  };
  const step = (dir: -1 | 1) => {
    const i = picked === null ? -1 : flat.indexOf(picked);
    const j = i < 0 ? (dir > 0 ? 0 : flat.length - 1) : Math.max(0, Math.min(flat.length - 1, i + dir));
    onPick(flat[j] ?? null);
  };
  const canUp = at !== null && at.g >= 0 && (at.g > 0 || groups[at.g].length > 1);
  const canDown = at !== null && at.g >= 0 && (at.g < groups.length - 1 || groups[at.g].length > 1);
  const live = () => !readOnly && picked !== null;

  useHotkeys(
    [
      { id: 'order-prev', keys: 'arrowleft', scope, group: 'Order', description: 'Select the response ranked above', when: () => !readOnly && flat.length > 0, run: () => step(-1) },
      { id: 'order-next', keys: 'arrowright', scope, group: 'Order', description: 'Select the response ranked below', when: () => !readOnly && flat.length > 0, run: () => step(1) },
      ...responses.slice(0, 9).map((_, i): HotkeyBinding => ({ id: `order-pick:${i}`, keys: String(i + 1), scope, group: 'Order', description: `Select response ${responseName(i)}`, when: () => !readOnly, run: () => onPick(i) })),
      { id: 'order-up', keys: ['shift+arrowup', '['], scope, group: 'Order', description: 'Move the selected response up a rank (out of its tie first)', when: () => live() && canUp, run: () => change(moveUp(groups, picked!)) },
      { id: 'order-down', keys: ['shift+arrowdown', ']'], scope, group: 'Order', description: 'Move the selected response down a rank (out of its tie first)', when: () => live() && canDown, run: () => change(moveDown(groups, picked!)) },
      { id: 'order-top', keys: 'home', scope, group: 'Order', description: 'Put the selected response first', when: live, run: () => change(putAt(groups, picked!, 0)) },
      { id: 'order-bottom', keys: 'end', scope, group: 'Order', description: 'Put the selected response last', when: live, run: () => change(putAt(groups, picked!, groups.length)) },
      ...(ties
        ? [{ id: 'order-tie', keys: '=', scope, group: 'Order', description: 'Tie the selected response with the rank above (again: untie it)', when: () => live() && at !== null && (at.g > 0 || groups[at.g].length > 1), run: () => change(toggleTie(groups, picked!)) } satisfies HotkeyBinding]
        : []),
    ],
    [scope, responses.length, ties],
  );

  const rects = () => Array.from(list.current?.querySelectorAll<HTMLElement>('[data-group]') ?? []).map((el) => el.getBoundingClientRect());
  const onDown = (r: number) => (e: PointerEvent<HTMLButtonElement>) => {
    if (readOnly || e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    onPick(r);
    setDrag({ r, drop: null });
  };
  const onMove = (e: PointerEvent<HTMLButtonElement>) => {
    if (drag) setDrag({ r: drag.r, drop: dropAt(e.clientY, rects(), ties) });
  };
  const onUp = () => {
    if (drag?.drop) change(dropOn(groups, drag.r, drag.drop));
    setDrag(null);
  };
  const dropClass = (g: number) => (drag?.drop?.g === g ? ` drop-${drag.drop.kind}` : '');

  return (
    <ol ref={list} className={`rk-order${drag ? ' is-dragging' : ''}${ranked ? '' : ' is-unranked'}`} aria-label="Ranking, best first">
      {groups.map((g, gi) => {
        // Ranks count the groups (1, 1, 2 for a tie at the top), as the rank picker and the export do.
        const rank = gi + 1;
        return (
          <li key={g.join('=')} data-group={gi} className={`rk-rank-group${g.length > 1 ? ' is-tie' : ''}${dropClass(gi)}`} aria-label={`Rank ${rank}${g.length > 1 ? `, tied: ${g.map(responseName).join(', ')}` : ''}`}>
            <span className="rk-rank-num" aria-hidden="true">{rank}</span>
            <div className="rk-rank-members">
              {g.map((r) => (
                <div key={r} className={`rk-member${picked === r ? ' is-picked' : ''}${drag?.r === r ? ' is-dragged' : ''}`} data-member={r} aria-current={picked === r || undefined}>
                  <button
                    type="button" className="rk-handle" aria-label={`Drag ${responseName(r)}`} disabled={readOnly}
                    onPointerDown={onDown(r)} onPointerMove={onMove} onPointerUp={onUp} onPointerCancel={() => setDrag(null)}
                  >
                    ⠿
                  </button>
                  <span className="rk-member-name">
                    {responseName(r)} {!readOnly && r < 9 && <Kbd keys={String(r + 1)} />}
                  </span>
                  <span className="rk-member-preview">{preview(responses[r] ?? '')}</span>
                  <span className="rk-member-actions">
                    <select className="rk-rank-select" aria-label={`Rank of ${responseName(r)}`} disabled={readOnly} value={gi}
                      onChange={(e) => change(putAt(groups, r, Number(e.target.value)))}>
                      {Array.from({ length: g.length > 1 ? groups.length + 1 : groups.length }, (_, k) => <option key={k} value={k}>#{k + 1}</option>)}
                    </select>
                    <button type="button" className="tk-btn" disabled={readOnly || (gi === 0 && g.length === 1)} aria-label={`Move ${responseName(r)} up`} onClick={() => change(moveUp(groups, r))}>↑</button>
                    <button type="button" className="tk-btn" disabled={readOnly || (gi === groups.length - 1 && g.length === 1)} aria-label={`Move ${responseName(r)} down`} onClick={() => change(moveDown(groups, r))}>↓</button>
                    {ties && (
                      <button type="button" className={`tk-btn${g.length > 1 ? ' is-on' : ''}`} disabled={readOnly || (gi === 0 && g.length === 1)}
                        aria-label={g.length > 1 ? `Untie ${responseName(r)}` : `Tie ${responseName(r)} with the rank above`} onClick={() => change(toggleTie(groups, r))}>
                        =
                      </button>
                    )}
                  </span>
                </div>
              ))}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

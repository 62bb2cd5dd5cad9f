import { useRef } from 'react';
import { RichText } from '../../components/rich/RichText';
import { useNearView } from '../../components/rich/useNearView';
import type { ScopeItemView } from './items';

/**
 * What one item says: the user's line before an assistant turn (for context), then the turn's or the
 * response's own text, as sanitized markdown. Like the transcript, an item is rendered rich once it nears
 * the view (or is the one being worked on); until then its text shows as written, which is as long and
 * free to render, so the items of a long conversation open at once.
 */
export function ItemContent({ item, full = false }: { item: ScopeItemView; full?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const near = useNearView(ref, full);
  return (
    <div className="sc-content">
      {item.context !== null && (
        <p className="sc-context" title={item.context}>
          <span className="sc-role">User</span> {item.context}
        </p>
      )}
      <div ref={ref} className={`sc-text${full ? ' is-full' : ''}`} data-testid="item-text">
        {item.content === '' ? <span className="tk-muted">(empty)</span> : <RichText text={item.content} plain={!near} />}
      </div>
    </div>
  );
}

import { RichText } from '../../components/rich/RichText';
import type { ScopeItemView } from './items';

/**
 * What one item says: the user's line before an assistant turn (for context), then the turn's or the
 * response's own text, as sanitized markdown. Only the item being worked on is rendered rich: the others
 * show their text as written (as long, and free to render), so a long conversation's items open at once.
 */
export function ItemContent({ item, full = false }: { item: ScopeItemView; full?: boolean }) {
  return (
    <div className="sc-content">
      {item.context !== null && (
        <p className="sc-context" title={item.context}>
          <span className="sc-role">User</span> {item.context}
        </p>
      )}
      <div className={`sc-text${full ? ' is-full' : ''}`} data-testid="item-text">
        {item.content === '' ? <span className="tk-muted">(empty)</span> : <RichText text={item.content} plain={!full} />}
      </div>
    </div>
  );
}

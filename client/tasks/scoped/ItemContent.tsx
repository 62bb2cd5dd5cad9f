import type { ScopeItemView } from './items';

/**
 * What one item says: the user's line before an assistant turn (for context), then the turn's or the
 * response's own text. Text only, as React text nodes: a response is never HTML.
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
        {item.content === '' ? <span className="tk-muted">(empty)</span> : item.content}
      </div>
    </div>
  );
}

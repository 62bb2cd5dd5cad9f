const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for a string that ECharts inserts as HTML (tooltip formatters return markup). Label values,
 * question ids and people's names come from other users: unescaped, one of them runs script in the
 * session of whoever opens the dashboard (issue 12).
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

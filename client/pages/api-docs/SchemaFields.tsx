import { Fragment } from 'react';
import { fieldRows, rulesOf, typeLabel, type OpenApiDoc, type Parameter, type Schema } from './openapi-model';

/** `code` spans in the document's descriptions; React escapes the text, so nothing here is markup. */
export function DocText({ text }: { text?: string }) {
  if (!text) return null;
  return <>{text.split('`').map((part, i) => (i % 2 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}</>;
}

/** A body's or answer's fields as a table: nested fields indented under their parent. */
export function SchemaFields({ doc, schema, label }: { doc: OpenApiDoc; schema: Schema; label: string }) {
  const rows = fieldRows(doc, schema);
  if (rows.length === 0) {
    const rules = rulesOf(doc, schema);
    return <p className="api-type"><code>{typeLabel(doc, schema)}</code>{rules.length > 0 && <span className="muted"> · {rules.join(' · ')}</span>}</p>;
  }
  return (
    <div className="table-wrap">
      <table className="table api-fields" aria-label={label}>
        <thead><tr><th>Field</th><th>Type</th><th>Rules</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.path} data-field={r.path}>
              <td style={{ paddingLeft: 14 + r.depth * 18 }}>
                <code className="api-field-name">{r.path.split('.').pop()}</code>
                {r.required && <span className="api-required" title="required"> required</span>}
              </td>
              <td><code>{r.type}</code></td>
              <td>
                {r.rules.length > 0 && <span className="api-rules">{r.rules.join(' · ')}</span>}
                {r.description && <div className="muted"><DocText text={r.description} /></div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Path and query parameters of an operation. */
export function ParameterTable({ doc, params }: { doc: OpenApiDoc; params: Parameter[] }) {
  return (
    <div className="table-wrap">
      <table className="table api-fields" aria-label="Parameters">
        <thead><tr><th>Parameter</th><th>In</th><th>Type</th><th>Rules</th></tr></thead>
        <tbody>
          {params.map((p) => (
            <tr key={`${p.in}:${p.name}`} data-field={p.name}>
              <td><code className="api-field-name">{p.name}</code>{p.required && <span className="api-required"> required</span>}</td>
              <td>{p.in}</td>
              <td><code>{p.schema ? typeLabel(doc, p.schema) : 'string'}</code></td>
              <td>
                {p.schema && <span className="api-rules">{rulesOf(doc, p.schema).join(' · ')}</span>}
                {(p.description ?? p.schema?.description) && <div className="muted"><DocText text={p.description ?? p.schema?.description} /></div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

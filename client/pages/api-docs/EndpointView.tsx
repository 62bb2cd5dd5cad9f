import { useState } from 'react';
import { exampleOf, isPublic, type Endpoint, type OpenApiDoc } from './openapi-model';
import { DocText, ParameterTable, SchemaFields } from './SchemaFields';

/** projectId → PROJECT_ID: path parameters as shell variables. */
const shellName = (n: string) => n.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

/** A curl line a person can paste: the token from $TRIAD_TOKEN, the JSON body an example of the schema. */
function curlOf(doc: OpenApiDoc, { method, path, op }: Endpoint): string {
  const lines = [`curl${method === 'GET' ? '' : ` -X ${method}`} "$TRIAD_URL${path.replace(/\{(\w+)\}/g, (_, n: string) => `$${shellName(n)}`)}"`];
  if (!isPublic(op)) lines.push('-H "Authorization: Bearer $TRIAD_TOKEN"');
  const content = op.requestBody?.content ?? {};
  const json = content['application/json']?.schema;
  if (json) lines.push('-H "content-type: application/json"', `-d '${JSON.stringify(exampleOf(doc, json)).replace(/'/g, "'\\''")}'`);
  else if (Object.keys(content).length > 0) lines.push(`-H "content-type: ${Object.keys(content)[0]}"`, '--data-binary @file');
  return lines.join(' \\\n  ');
}

/** One route: its summary line, and opened, what it takes and answers. */
export function EndpointView({ doc, endpoint, open }: { doc: OpenApiDoc; endpoint: Endpoint; open?: boolean }) {
  const { method, path, op } = endpoint;
  // The details of ~80 routes hold over a thousand field rows: each is drawn when first opened.
  const [shown, setShown] = useState(!!open);
  return (
    <details
      className="api-op card" id={`op-${op.operationId}`} open={open} data-route={`${method} ${path}`}
      onToggle={(e) => { if (e.currentTarget.open) setShown(true); }}
    >
      <summary>
        <span className={`api-method api-method-${method.toLowerCase()}`}>{method}</span>
        <code className="api-path">{path}</code>
        <span className="api-summary"><DocText text={op.summary} /></span>
        {isPublic(op) && <span className="badge badge-neutral">public</span>}
      </summary>
      {shown && <EndpointBody doc={doc} endpoint={endpoint} />}
    </details>
  );
}

function EndpointBody({ doc, endpoint }: { doc: OpenApiDoc; endpoint: Endpoint }) {
  const { op } = endpoint;
  const params = op.parameters ?? [];
  const body = op.requestBody;
  const statuses = Object.entries(op.responses);
  return (
    <div className="api-op-body">
      {op.description && op.description.split('\n\n').map((p, i) => <p key={i}><DocText text={p} /></p>)}
      <pre className="api-curl" aria-label="Example request"><code>{curlOf(doc, endpoint)}</code></pre>
      {params.length > 0 && (
        <>
          <h4>Parameters</h4>
          <ParameterTable doc={doc} params={params} />
        </>
      )}
      {body && Object.entries(body.content).map(([type, media]) => (
        <div key={type}>
          <h4>Body <span className="muted">{type}</span></h4>
          {body.description && <p className="muted"><DocText text={body.description} /></p>}
          {media.schema && <SchemaFields doc={doc} schema={media.schema} label={`Body fields (${type})`} />}
        </div>
      ))}
      <h4>Answers</h4>
      <ul className="api-answers">
        {statuses.map(([status, r]) => {
          const json = Number(status) < 400 ? r.content?.['application/json']?.schema : undefined;
          return (
            <li key={status}>
              <span className={`api-status api-status-${status[0]}`}>{status}</span> <DocText text={r.description} />
              {Number(status) < 400 && r.content && !json && <span className="muted"> ({Object.keys(r.content).join(', ')})</span>}
              {json && <SchemaFields doc={doc} schema={json} label={`Answer ${status} fields`} />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

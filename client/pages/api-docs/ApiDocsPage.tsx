import { useEffect, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { api, messageOf } from '../../api/client';
import { InlineError, PageHeader } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { sections, type OpenApiDoc } from './openapi-model';
import { DocText } from './SchemaFields';
import { EndpointView } from './EndpointView';
import './api-docs.css';

/**
 * The API reference, read from the server's own /api/openapi.json (generated from the validators), so it
 * is never behind the server it runs on. Written with the app's components rather than a third-party
 * renderer: no extra megabytes, nothing from a CDN, and no inline script for the CSP to allow.
 */
export default function ApiDocsPage() {
  const [doc, setDoc] = useState<OpenApiDoc | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    api.get<OpenApiDoc>('/openapi.json').then(setDoc, (e) => setError(messageOf(e)));
  }, []);
  const shown = useMemo(() => (doc ? sections(doc, filter) : []), [doc, filter]);
  // A link to #op-<operationId> opens that route once the document is here.
  const target = typeof location !== 'undefined' ? decodeURIComponent(location.hash.slice(1)) : '';
  useEffect(() => {
    if (doc && target) document.getElementById(target)?.scrollIntoView({ block: 'start' });
  }, [doc, target]);

  return (
    <>
      <PageHeader
        title="API reference"
        subtitle={doc ? `${doc.info.title} ${doc.info.version} · OpenAPI ${doc.openapi}` : 'Every route of this server'}
        actions={<a className="btn btn-secondary btn-sm" href="/api/openapi.json" download="triad-openapi.json">Download openapi.json</a>}
      />
      <InlineError>{error}</InlineError>
      {!doc && !error && <Loading label="Loading the API description" />}
      {doc && (
        <div className="api-docs">
          <section className="card section api-intro" aria-label="Using the API">
            <p><DocText text={doc.info.description} /></p>
            <p>
              Create a token on <Link href="/account">your account page</Link>, then send it on every request:{' '}
              <code>Authorization: Bearer $TRIAD_TOKEN</code>. The examples below read the server&apos;s address from{' '}
              <code>$TRIAD_URL</code>.
            </p>
          </section>
          <div className="api-toolbar">
            <input
              className="input input-search" type="search" placeholder="Find a route: method, path or words" aria-label="Find a route"
              value={filter} onChange={(e) => setFilter(e.target.value)}
            />
            <nav className="api-tags" aria-label="Sections">
              {shown.map((s) => <a key={s.tag} href={`#tag-${s.tag}`} className="badge badge-neutral">{s.tag}</a>)}
            </nav>
          </div>
          {shown.length === 0 && <p className="muted">No route matches “{filter}”.</p>}
          {shown.map((s) => (
            <section key={s.tag} id={`tag-${s.tag}`} className="section-plain" aria-labelledby={`tag-h-${s.tag}`}>
              <h2 id={`tag-h-${s.tag}`}>{s.tag}</h2>
              {s.description && <p className="muted section-intro-plain"><DocText text={s.description} /></p>}
              {s.endpoints.map((e) => (
                <EndpointView key={`${e.method} ${e.path}`} doc={doc} endpoint={e} open={target === `op-${e.op.operationId}`} />
              ))}
            </section>
          ))}
        </div>
      )}
    </>
  );
}

import type { ImportReport as Report } from '@shared/api/console';

/** Rows of each list shown; the server keeps more, and the counts are always whole. */
const SHOWN = 100;
const KINDS = ['chosen', 'converted', 'skipped'] as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** What an import did, and every bad line with its field and what was expected. */
export function ImportReport({ report }: { report: Report }) {
  const invalid = report.skipped.filter((s) => s.reason === 'invalid').length;
  const started = report.skipped.filter((s) => s.reason === 'started');
  return (
    <section className="card section import-report" aria-label="Import report">
      <div className="section-head">
        <h2>Import report</h2>
        {report.committed ? (
          <span className="badge badge-success">{report.errorCount ? 'imported the valid lines' : 'imported'}</span>
        ) : (
          <span className="badge badge-danger">nothing imported</span>
        )}
      </div>
      <p className="report-summary">
        {report.committed
          ? `${plural(report.total, 'line')} read (${report.format.toUpperCase()}, ${report.mode === 'all' ? 'all or nothing' : 'valid lines only'}).`
          : `${plural(report.errorCount, 'problem')} in ${plural(report.total, 'line')}: the import was all or nothing, so no row was written. Fix the lines below and import the file again, or import only the valid lines.`}
      </p>
      <dl className="stat-tiles">
        <div><dt>Lines read</dt><dd data-testid="report-total">{report.total.toLocaleString()}</dd></div>
        <div><dt>New rows</dt><dd data-testid="report-imported">{report.imported.toLocaleString()}</dd></div>
        <div><dt>Updated</dt><dd data-testid="report-updated">{report.updated.toLocaleString()}</dd></div>
        <div><dt>Unchanged</dt><dd data-testid="report-unchanged">{report.unchanged.toLocaleString()}</dd></div>
        <div className={report.errorCount ? 'tile-bad' : undefined}><dt>Problems</dt><dd data-testid="report-errors">{report.errorCount.toLocaleString()}</dd></div>
        <div><dt>Skipped</dt><dd data-testid="report-skipped">{report.skipped.length.toLocaleString()}</dd></div>
        <div><dt>Notes</dt><dd data-testid="report-warnings">{report.warningCount.toLocaleString()}</dd></div>
      </dl>
      {report.errors.length > 0 && (
        <>
          <h3 className="subhead">
            Bad lines
            {report.errorCount > SHOWN && <span className="muted"> (the first {Math.min(SHOWN, report.errors.length).toLocaleString()} of {report.errorCount.toLocaleString()})</span>}
          </h3>
          <div className="table-wrap report-table">
            <table className="table" aria-label="Bad lines">
              <thead>
                <tr><th scope="col">Line</th><th scope="col">Field</th><th scope="col">What was expected</th></tr>
              </thead>
              <tbody>
                {report.errors.slice(0, SHOWN).map((e, i) => (
                  <tr key={i}>
                    <td className="num">{e.line}</td>
                    <td><code>{e.field || '(line)'}</code></td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {report.warningCount > 0 && (
        <>
          <h3 className="subhead">
            Notes: taken differently or left out ({KINDS.map((k) => `${report.warningKinds[k].toLocaleString()} ${k}`).join(', ')})
            {report.warningCount > SHOWN && <span className="muted"> (the first {Math.min(SHOWN, report.warnings.length).toLocaleString()} of {report.warningCount.toLocaleString()})</span>}
          </h3>
          <div className="table-wrap report-table">
            <table className="table" aria-label="Notes">
              <thead><tr><th scope="col">Line</th><th scope="col">Kind</th><th scope="col">Field</th><th scope="col">What happened</th></tr></thead>
              <tbody>
                {report.warnings.slice(0, SHOWN).map((w, i) => (
                  <tr key={i}><td className="num">{w.line}</td><td>{w.kind}</td><td><code>{w.field}</code></td><td>{w.message}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {report.committed && invalid > 0 && <p className="muted">{plural(invalid, 'invalid line')} left out; the rest were imported.</p>}
      {started.length > 0 && (
        <>
          <h3 className="subhead">Changed lines whose rows are already being worked on (not updated)</h3>
          <div className="table-wrap report-table">
            <table className="table" aria-label="Rows not updated">
              <thead><tr><th scope="col">Line</th><th scope="col">External id</th><th scope="col">Why</th></tr></thead>
              <tbody>
                {started.map((s, i) => (
                  <tr key={i}><td className="num">{s.line}</td><td><code>{s.externalId ?? '—'}</code></td><td>{s.message}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

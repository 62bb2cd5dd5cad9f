import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'wouter';
import { useStore as useZustand } from 'zustand';
import type { GuidelinesDto } from '@shared/api/console';
import type { ProjectDto } from '@shared/api/projects';
import { incompleteQuestions } from '@shared/tasks/question';
import { ApiError, messageOf } from '../../api/client';
import { projectsApi } from '../../api/endpoints';
import { workApi } from '../../api/work';
import { HelpOverlay } from '../../hotkeys/HelpOverlay';
import { isTypingTarget } from '../../hotkeys/dispatcher';
import { useActionHotkeys } from '../../hotkeys/keymap';
import { useUndoRedoHotkeys } from '../../tasks/answer-store';
import { InlineError } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { projectPaths } from '../../routes';
import { useStore } from '../../store';
import NotFound from '../NotFound';
import { DataPanel } from './DataPanel';
import { EscalateDialog, FlagDialog } from './Dialogs';
import { GuidelinesPanel } from './GuidelinesPanel';
import { QuestionPanel } from './QuestionPanel';
import { TopBar } from './TopBar';
import { useQuestionFocus } from './question-focus';
import { Workbench, type WorkbenchOptions } from './session';
import { useHeartbeat } from '../../session/heartbeat';
import './label.css';

/** Test seam: the options of the session the page creates (timings, ids). */
export const workbenchOptions: { current: WorkbenchOptions } = { current: {} };

function useWorkbench(projectId: number): Workbench {
  const toast = useStore((s) => s.toast);
  const [wb] = useState(() => new Workbench(projectId, { onNotice: (k, t) => toast(k, t), ...workbenchOptions.current }));
  useEffect(() => {
    void wb.start();
    const detach = wb.clock.attach();
    const onHide = () => wb.pageHide();
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      detach();
      wb.dispose();
    };
  }, [wb]);
  return wb;
}

function EmptyQueueView({ projectId, message, onRetry }: { projectId: number; message: string; onRetry(): void }) {
  return (
    <div className="lb-empty">
      <h1>Nothing to label right now</h1>
      <p>{message}</p>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={onRetry}>Check again</button>
        <Link href={projectPaths.home(projectId)} className="btn btn-secondary">Back to the project</Link>
      </div>
    </div>
  );
}

export default function LabelPage() {
  const params = useParams<{ id: string }>();
  const projectId = Number(params.id);
  if (!Number.isInteger(projectId) || projectId <= 0) return <NotFound />;
  return <Workspace key={projectId} projectId={projectId} />;
}

function Workspace({ projectId }: { projectId: number }) {
  const wb = useWorkbench(projectId);
  const toast = useStore((s) => s.toast);
  const listed = useStore((s) => s.projects?.find((p) => p.id === projectId));
  const loadProjects = useStore((s) => s.loadProjects);
  const s = useZustand(wb.store);
  const answers = useZustand(wb.answers, (x) => x.answers);
  const [project, setProject] = useState<ProjectDto | null>(null);
  const [projectError, setProjectError] = useState<unknown>(null);
  const [guidelines, setGuidelines] = useState<GuidelinesDto | null>(null);
  const [guidelinesError, setGuidelinesError] = useState<string | null>(null);
  const [guidelinesOpen, setGuidelinesOpen] = useState(false);
  const [acknowledging, setAcknowledging] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [dialog, setDialog] = useState<'flag' | 'escalate' | null>(null);
  const questionsRef = useRef<HTMLDivElement>(null);

  // Today's and all-time labels from the server at load; this page's submits (s.done) are added on top.
  const [counted, setCounted] = useState<{ today: number; total: number } | null>(null);
  useEffect(() => {
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    workApi.myCounts(projectId, midnight.getTime()).then((c) => setCounted(c.label), () => setCounted(null));
  }, [projectId]);
  useEffect(() => {
    projectsApi.get(projectId).then(({ project: p }) => setProject(p), setProjectError);
    workApi.guidelines(projectId).then(setGuidelines, (e) => setGuidelinesError(messageOf(e)));
  }, [projectId]);
  // The list answer carries the row counts shown as progress. Read once: a label submit changes neither the
  // project's rows nor its finals (only QA makes finals), and the done counter is the session's own.
  useEffect(() => {
    void loadProjects();
  }, [loadProjects]);

  const task = s.task;
  const assignmentId = task?.assignment.id ?? null;
  const focus = useQuestionFocus(task?.schema ?? null, answers, task?.row.data ?? null, assignmentId, questionsRef);
  const { moveQuestion } = focus;
  useHeartbeat(() => void wb.heartbeat(), assignmentId, task?.assignment.claimedAt ?? null, (project?.settings.leaseMinutes ?? 30) * 60_000);
  useUndoRedoHotkeys(wb.answers);

  const schema = task?.schema ?? null;
  const missing = useMemo(
    () => {
      if (!schema || !task) return [];
      const ids = new Set(incompleteQuestions(schema, answers, task.row.data));
      return schema.filter((q) => ids.has(q.id)).map((q) => q.title);
    },
    [schema, answers, task],
  );
  const mustAck = !!task?.guideline && !task.guideline.acknowledged;
  const mustAckRef = useRef<number | null>(null);
  mustAckRef.current = mustAck ? task!.guideline!.version : null;
  const guidelinesOpenRef = useRef(guidelinesOpen);
  guidelinesOpenRef.current = guidelinesOpen;
  const blocked = !task
    ? 'No row is open.'
    : s.expired
      ? 'Your claim on this row expired.'
      : mustAck
        ? `Read and acknowledge guideline version ${task.guideline!.version} first.`
        : missing.length
          ? `Still to answer: ${missing.join(', ')}.`
          : s.submitting
            ? 'Sending…'
            : null;

  const inQuestions = () => {
    const a = document.activeElement;
    return !a || a === document.body || !!questionsRef.current?.contains(a);
  };
  const noDialog = () => dialog === null && !helpOpen;

  const questionsKey = () => noDialog() && focus.shownCount > 1 && inQuestions();
  useActionHotkeys(
    'label',
    {
      submit: { allowInInputs: true, repeat: false, when: noDialog, run: () => void wb.submit() },
      skip: { repeat: false, when: noDialog, run: () => void wb.skip() },
      flag: { when: noDialog, run: () => setDialog('flag') },
      escalate: { when: noDialog, run: () => setDialog('escalate') },
      'best-effort': { when: noDialog, run: () => wb.setBestEffort(!wb.state.bestEffort) },
      guidelines: { run: () => setGuidelinesOpen((o) => !o) },
      // Without it acknowledging meant tabbing through the whole guideline (17 Tabs): the key opens the panel
      // (so the text is in front of the person) and a second press acknowledges.
      'acknowledge-guidelines': {
        repeat: false,
        when: () => noDialog() && mustAckRef.current !== null && !acknowledging,
        run: () => {
          if (!guidelinesOpenRef.current) setGuidelinesOpen(true);
          else void acknowledge(mustAckRef.current!);
        },
      },
      help: { run: () => setHelpOpen((o) => !o) },
      'next-question': { when: () => noDialog() && focus.shownCount > 1, run: () => moveQuestion(1) },
      'prev-question': { when: () => noDialog() && focus.shownCount > 1, run: () => moveQuestion(-1) },
      'tab-next-question': { when: questionsKey, run: () => moveQuestion(1) },
      'tab-prev-question': { when: questionsKey, run: () => moveQuestion(-1) },
    },
    [wb, moveQuestion],
  );

  const acknowledge = async (version: number) => {
    setAcknowledging(true);
    try {
      await workApi.acknowledge(projectId, version);
      wb.acknowledged(version);
      setGuidelines((g) => (g ? { ...g, acknowledged: version, mustAcknowledge: false } : g));
      toast('success', `Guideline version ${version} acknowledged`);
    } catch (e) {
      toast('error', messageOf(e));
    } finally {
      setAcknowledging(false);
    }
  };

  if (projectError instanceof ApiError && projectError.status === 404) return <NotFound />;
  if (s.phase === 'error') return <div className="lb-empty"><InlineError>{s.error}</InlineError><button type="button" className="btn btn-secondary" onClick={() => void wb.start()}>Try again</button></div>;
  if (s.phase === 'empty' && s.empty) return <EmptyQueueView projectId={projectId} message={s.empty.message} onRetry={() => void wb.start()} />;
  if (!task || s.phase === 'loading') return <Loading label="Opening your next row" />;

  const counts = listed?.counts;
  return (
    <div className="lb-page" data-testid="workbench" data-assignment={task.assignment.id}>
      <TopBar
        projectId={projectId}
        projectName={project?.name ?? listed?.name ?? `Project ${projectId}`}
        externalId={task.row.externalId}
        progress={{ done: (counted?.today ?? 0) + s.done, total: counted ? counted.total + s.done : undefined, final: counts?.final, rows: counts?.rows }}
        guidelineVersion={task.guideline?.version ?? guidelines?.current?.version ?? null}
        guidelinesOpen={guidelinesOpen}
        onToggleGuidelines={() => setGuidelinesOpen((o) => !o)}
        clock={wb.clock}
        assignmentId={task.assignment.id}
        save={s.save}
        bestEffort={s.bestEffort}
        onBestEffort={(on) => wb.setBestEffort(on)}
        onSkip={() => void wb.skip()}
        onFlag={() => setDialog('flag')}
        onEscalate={() => setDialog('escalate')}
        onSubmit={() => void wb.submit()}
        onHelp={() => setHelpOpen(true)}
        blocked={blocked}
        busy={s.submitting}
        inFlight={s.inFlight}
      />
      <div className="lb-notices">
        {blocked && task && !s.submitting && (
          <p id="lb-blocked" className="lb-blocked" data-testid="submit-blocked">{blocked}</p>
        )}
        {task.row.roundNote && (
          <div className="lb-banner lb-banner-note" role="note" aria-label="Note from QA">
            <strong>Sent back by QA:</strong> {task.row.roundNote}
          </div>
        )}
        {mustAck && (
          <div className="lb-banner lb-banner-warn" role="alert">
            Guideline version {task.guideline!.version} is new to you: read it and acknowledge it before submitting.
            <button type="button" className="btn btn-primary btn-sm" onClick={() => setGuidelinesOpen(true)}>Read the guidelines</button>
          </div>
        )}
        {s.expired && (
          <div className="lb-banner lb-banner-error" role="alert">
            {s.expired} Your answer is kept.
            <button type="button" className="btn btn-primary btn-sm" onClick={() => void wb.start()}>Take the row back</button>
          </div>
        )}
        {s.actionError && !s.expired && (
          <div className="lb-banner lb-banner-error" role="alert">{s.actionError}</div>
        )}
        {s.restored === 'local' && (
          <div className="lb-banner lb-banner-info" role="status">Restored your unsaved answer from this device.</div>
        )}
        {task.row.expertise.length > 0 && (
          <div className="lb-expertise">
            Needs expertise: {task.row.expertise.map((d) => <span key={d} className="badge badge-info">{d}</span>)}
          </div>
        )}
      </div>
      <div className={`lb-body${guidelinesOpen ? ' with-guidelines' : ''}`}>
        <div className="lb-main">
          <DataPanel schema={task.schema} data={task.row.data} focus={focus.dataFocus} />
          <div ref={questionsRef} className="lb-questions-wrap">
            <QuestionPanel
              schema={task.schema}
              store={wb.answers}
              data={task.row.data}
              prelabels={task.prelabels}
              activeIndex={focus.activeIndex}
              onActivate={focus.setActiveIndex}
              rowKey={task.assignment.id}
              visibility={focus.visibility}
              activeItems={focus.activeItems}
              onActiveItem={focus.setActiveItem}
            />
          </div>
        </div>
        {guidelinesOpen && (
          <GuidelinesPanel
            guidelines={guidelines}
            error={guidelinesError}
            mustAcknowledge={mustAck}
            acknowledging={acknowledging}
            onAcknowledge={(v) => void acknowledge(v)}
            onClose={() => setGuidelinesOpen(false)}
          />
        )}
      </div>
      <HelpOverlay open={helpOpen} onClose={() => setHelpOpen(false)} />
      {dialog === 'flag' && (
        <FlagDialog
          current={task.row.expertise}
          suggestions={project?.settings.expertiseRules.map((r) => r.domain) ?? []}
          onFlag={async (domain, note) => {
            const list = await wb.flag(domain, note || undefined);
            toast('success', `Flagged: this row now needs ${list.join(', ')}`);
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'escalate' && (
        <EscalateDialog
          onEscalate={async (q) => {
            await wb.escalate(q);
            toast('success', 'Your question went to the project leads');
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}

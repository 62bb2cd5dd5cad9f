import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { AssessmentSummary } from '@shared/api/assessments';
import { assessmentsApi, gradingApi, profileApi } from '../../api/people';
import { messageOf } from '../../api/client';
import { useStore } from '../../store';
import { InlineError, PageHeader } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { SkillScoreList } from './SkillScores';
import './assessments.css';

type Skills = Awaited<ReturnType<typeof profileApi.mine>>['skills'];

/** The assessments a person can take, where they are in each, their scores, and (graders) what waits for a grade. */
export default function AssessmentsPage() {
  const user = useStore((s) => s.user);
  const [list, setList] = useState<AssessmentSummary[] | null>(null);
  const [toGrade, setToGrade] = useState<number | null>(null);
  const [skills, setSkills] = useState<Skills>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      try {
        const [a, me] = await Promise.all([assessmentsApi.list(), profileApi.mine()]);
        setList(a.assessments);
        setSkills(me.skills);
        if (a.assessments.some((x) => x.grader)) setToGrade((await gradingApi.list()).items.filter((i) => i.graded < i.questions).length);
      } catch (e) {
        setError(messageOf(e));
      }
    })();
  }, []);

  return (
    <div className="assess">
      <PageHeader
        title="Assessments"
        subtitle="Short tests of your skills. Projects may ask for a minimum score before they hand you rows."
        actions={<>
          {toGrade !== null && <Link href="/grading" className="btn btn-secondary">Grading ({toGrade} waiting)</Link>}
          {user?.isAdmin && <Link href="/assessments/new" className="btn btn-primary">New assessment</Link>}
        </>}
      />
      <InlineError>{error}</InlineError>
      <section className="card section" aria-labelledby="my-scores">
        <h2 id="my-scores">Your scores</h2>
        <SkillScoreList skills={skills} empty="No graded answers yet." />
      </section>
      {!list && !error && <Loading label="Loading assessments" />}
      {list && list.length === 0 && <p className="empty-state">No assessments yet.</p>}
      {list && list.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Assessment</th><th>Skills</th><th>Questions</th><th>You</th><th /></tr></thead>
            <tbody>
              {list.map((a) => (
                <tr key={a.id}>
                  <td className="cell-primary">{a.title}{a.archived && <span className="badge badge-neutral"> archived</span>}</td>
                  <td>{a.skills.join(', ')}</td>
                  <td>{a.questions}</td>
                  <td>{!a.mine ? 'Not started' : a.mine.status === 'draft' ? 'In progress' : a.mine.graded ? `Submitted, ${a.mine.graded} graded` : 'Submitted, awaiting grades'}</td>
                  <td className="cell-actions">
                    <Link href={`/assessments/${a.id}`} className="btn btn-sm btn-primary">{!a.mine ? 'Start' : a.mine.status === 'draft' ? 'Resume' : 'View'}</Link>
                    {user?.isAdmin && <Link href={`/assessments/${a.id}/edit`} className="btn btn-sm btn-ghost">Edit</Link>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

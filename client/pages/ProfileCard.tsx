import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { profileApi } from '../api/people';
import { messageOf } from '../api/client';
import { useStore } from '../store';
import { Field, InlineError } from '../components/Form';
import { Loading } from '../components/Loading';
import { ExpertiseBadges } from '../components/Badges';
import { SkillScoreList } from './assessments/SkillScores';

type Mine = Awaited<ReturnType<typeof profileApi.mine>>;

/** The person's profile (issue 16): what admins set, the languages they set themself, their skill scores. */
export function ProfileCard() {
  const toast = useStore((s) => s.toast);
  const [mine, setMine] = useState<Mine | null>(null);
  const [languages, setLanguages] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    profileApi.mine().then((m) => { setMine(m); setLanguages(m.profile.languages.join(', ')); }, (e) => setLoadError(messageOf(e)));
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const { profile } = await profileApi.setLanguages(languages.split(',').map((s) => s.trim()).filter(Boolean));
      setMine((m) => (m ? { ...m, profile } : m));
      setLanguages(profile.languages.join(', '));
      toast('success', 'Languages saved');
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <section className="card section" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      {!mine && !loadError && <Loading label="Loading your profile" />}
      {loadError && <p className="muted">Your profile is not available: {loadError}</p>}
      {mine && (
        <>
          <dl className="facts">
            <div><dt>Expertise</dt><dd><ExpertiseBadges expertise={mine.expertise} /></dd></div>
            <div><dt>Level</dt><dd>{mine.profile.level ?? 'not set'}</dd></div>
            <div><dt>Task types</dt><dd>{mine.profile.taskTypes.join(', ') || 'none set'}</dd></div>
          </dl>
          <p className="muted">An administrator sets these. Leads use them, with your scores, to find people for a project.</p>
          <h3>Skill scores</h3>
          <SkillScoreList skills={mine.skills} empty="No graded answers yet." />
          <p><Link href="/assessments">Take an assessment</Link></p>
          <form className="inline-form" onSubmit={save} aria-label="Your languages">
            <Field label="Languages you work in" htmlFor="p-langs" hint="Comma separated tags, e.g. en, de, pt-BR.">
              <input id="p-langs" className="input" value={languages} onChange={(e) => setLanguages(e.target.value)} />
            </Field>
            <button type="submit" className="btn btn-secondary">Save languages</button>
          </form>
        </>
      )}
      <InlineError>{error}</InlineError>
    </section>
  );
}

import type { Answer, Body, Routes } from './routes';
import type { SubmitBody, TaskView } from './work';

// Checked by `tsc -p client` (never run): the client's types are the routes', so a body or an answer the
// server would not take or give fails to compile. Each `@ts-expect-error` fails the check if it stops erroring.

type Submit = Routes['assignments'][':id']['submit']['$post'];

export const good: SubmitBody = { answer: {}, clientSubmissionId: 'submission-1' };

// @ts-expect-error the route parses `answer`, not `answers`
export const misnamed: SubmitBody = { answers: {}, clientSubmissionId: 'submission-1' };

// @ts-expect-error the route requires a client submission id
export const missing: Body<Submit> = { answer: {} };

// @ts-expect-error bestEffort is a boolean on the route
export const mistyped: SubmitBody = { answer: {}, clientSubmissionId: 'submission-1', bestEffort: 'yes' };

export const duplicate = (r: Answer<Submit>): boolean => r.duplicate;

// @ts-expect-error the submit answer has no `final` field
export const absent = (r: Answer<Submit>) => r.final;

// @ts-expect-error a claim's kind is 'label' or 'qa'
export const kind: TaskView['assignment']['kind'] = 'review';

// The people and project calls read their answers from the routes too.
type ProjectList = Awaited<ReturnType<typeof import('./endpoints').projectsApi.list>>;
export const projectName = (r: ProjectList): string => r.projects[0].name;
// @ts-expect-error the project list answers `projects`, not `items`
export const projectItems = (r: ProjectList) => r.items;
type Me = Awaited<ReturnType<typeof import('./endpoints').authApi.me>>;
// @ts-expect-error a session user's id is a number
export const meId: string = ({} as Me).user.id;

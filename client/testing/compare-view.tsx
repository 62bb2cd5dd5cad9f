import { render } from '@testing-library/react';
import { useState, type ComponentType } from 'react';
import { vi } from 'vitest';
import { questionSchema, type Question, type QuestionInput } from '@shared/tasks/question';
import { questionModule } from '@shared/tasks/question-module';
import type { EditorProps } from '../tasks/types';
import type { CompareViewProps } from '../tasks/compare-common/types';

/**
 * Stands in for a type's editor in comparison tests, so they test the comparison and not a colleague's
 * editor: it shows the value it was given as JSON.
 */
export function FakeEditor({ value }: EditorProps<unknown, unknown>) {
  return <output data-testid="final-editor">{JSON.stringify(value)}</output>;
}

interface Options<A> {
  a: A;
  b: A;
  data?: Record<string, unknown>;
  expert?: 0 | 1 | null;
  prelabel?: A | null;
  /** Starting final; defaults to the module's consensus merge, as the page does for agreed questions. */
  final?: A;
  bestEffort?: [boolean, boolean];
}

/**
 * Renders a comparison view the way the review page does: agreement from the task module, the final held
 * in state outside the view (the view is controlled), onFinalChange spied.
 */
export function renderCompare<C, A>(Compare: ComponentType<CompareViewProps<C, A>>, input: QuestionInput, options: Options<A>) {
  const question: Question = questionSchema.parse(input);
  const config = question.config as C;
  const mod = questionModule(question);
  const agreement = mod.agreement(options.a, options.b, config);
  const initial = (options.final ?? mod.merge([options.a, options.b], config)) as A;
  let current = initial;
  const onFinalChange = vi.fn((next: A) => {
    current = next;
    setFinal(next);
  });
  let setFinal: (a: A) => void = () => {};

  function Harness() {
    const [final, set] = useState<A>(initial);
    setFinal = set;
    return (
      <Compare
        question={question}
        config={config}
        data={options.data ?? {}}
        a={options.a}
        b={options.b}
        labels={['Labeler 1', 'Labeler 2']}
        expert={options.expert ?? null}
        prelabel={options.prelabel ?? null}
        agreement={agreement}
        final={final}
        onFinalChange={onFinalChange}
        bestEffort={options.bestEffort}
      />
    );
  }

  const utils = render(<Harness />);
  return {
    ...utils,
    agreement,
    onFinalChange,
    /** The final as the page holds it now. */
    final: () => current,
    /** The last value passed to onFinalChange. */
    last: () => onFinalChange.mock.calls.at(-1)?.[0] as A,
  };
}

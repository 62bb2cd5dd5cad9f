import { useMemo } from 'react';
import type { ClassificationAnswer, ClassificationConfig } from '@shared/tasks/registry';
import { useHotkeys, useQuestionScope } from '../../hotkeys/useHotkeys';
import { actionBinding, useKeymap } from '../../hotkeys/keymap';
import { LabelChips, labelBindings } from '../common/LabelChips';
import { SuggestionBar } from '../common/Suggestion';
import { labelTitle, labelViews } from '../common/labels';
import type { EditorProps } from '../types';
import '../common/common.css';

export function toggleLabel(answer: ClassificationAnswer, value: string, config: ClassificationConfig): ClassificationAnswer {
  const has = answer.labels.includes(value);
  if (!config.multiple) return { labels: has ? [] : [value] };
  const next = has ? answer.labels.filter((l) => l !== value) : [...answer.labels, value];
  // Config order, so the same set always reads (and diffs) the same way.
  const order = config.labels.map((l) => l.value);
  return { labels: next.sort((a, b) => order.indexOf(a) - order.indexOf(b)) };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

export default function ClassificationEditor({
  question,
  config,
  value,
  onChange,
  prelabel,
  readOnly,
  active,
}: EditorProps<ClassificationConfig, ClassificationAnswer>) {
  const views = useMemo(() => labelViews(config.labels), [config.labels]);
  const scope = useQuestionScope(question.id, active, question.title);
  const pick = (v: string) => {
    if (!readOnly) onChange(toggleLabel(value, v, config));
  };

  const suggested = prelabel?.labels ?? [];
  const useSuggestion = () => onChange({ labels: [...suggested] });
  const keymap = useKeymap();
  useHotkeys(
    [
      ...labelBindings(scope, views, pick, (l) => (config.multiple ? `Toggle “${l.title}”` : `Choose “${l.title}”`)).map((b) => ({
        ...b,
        when: () => !readOnly,
      })),
      actionBinding('use-suggestion', 'question', { when: () => !readOnly && !!prelabel, run: useSuggestion }, scope),
    ],
    [scope, views, config.multiple, readOnly, keymap],
  );

  return (
    <div className="tk-editor tk-classification">
      <LabelChips
        labels={views}
        selected={value.labels}
        suggested={suggested}
        onPick={pick}
        readOnly={readOnly}
        name={config.multiple ? `${question.title} (choose any)` : `${question.title} (choose one)`}
      />
      <div className="tk-muted">{config.multiple ? 'Choose all that apply.' : 'Choose one.'}</div>
      {prelabel && (
        <SuggestionBar
          readOnly={readOnly}
          accepted={sameSet(value.labels, suggested)}
          onAccept={useSuggestion}
        >
          {suggested.length ? suggested.map((l) => labelTitle(views, l)).join(', ') : 'no label'}
        </SuggestionBar>
      )}
    </div>
  );
}

import type { TextConfig } from '@shared/tasks/registry';
import { TEXT_MAX_LENGTH } from '@shared/tasks/text';
import { configKit, COUNT, UNIT } from '../config-form/kit';
import type { ConfigEditorProps } from '../types';

/** The schema builder's form for a text question's config. */
export default function ConfigEditor(props: ConfigEditorProps<TextConfig>) {
  const { field, num, form } = configKit(props);
  return form(
    <>
      {field('field', 'Prompt field', 'The row field shown as the prompt (optional).', 'prompt')}
      {field('sourceField', 'Source field (rewrite)', 'The labeler starts from this field’s text (optional).', 'draft')}
      {num('minLength', 'Minimum length', 'Characters a submittable answer needs (default 1).', COUNT)}
      {num('maxLength', 'Maximum length', `Longest answer in characters (default ${TEXT_MAX_LENGTH.default.toLocaleString('en')}, at most ${TEXT_MAX_LENGTH.ceiling.toLocaleString('en')}).`, { min: 1, max: TEXT_MAX_LENGTH.ceiling, step: 1 })}
      {num('threshold', 'Agreement threshold', 'Edit similarity at or above which two texts agree (default 0.9).', UNIT)}
    </>,
  );
}

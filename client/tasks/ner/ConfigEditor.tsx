import type { NerConfig } from '@shared/tasks/registry';
import { configKit, UNIT } from '../config-form/kit';
import type { ConfigEditorProps } from '../types';

/** The schema builder's form for a ner question's config. */
export default function ConfigEditor(props: ConfigEditorProps<NerConfig>) {
  const { field, num, check, form, labels } = configKit(props);
  return form(
    <>
      {field('field', 'Text field', 'The row field whose text is tagged.', 'text')}
      {num('threshold', 'Agreement threshold', 'Span F1 at or above which two answers agree (default 0.8).', UNIT)}
      <div>
        {check('allowOverlap', 'overlap', 'Spans may overlap', false)}
        {check('snapToWords', 'snap', 'Snap selections to whole words', true)}
      </div>
    </>,
    labels,
  );
}

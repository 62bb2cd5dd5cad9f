import type { ClassificationConfig } from '@shared/tasks/registry';
import { configKit, UNIT } from '../config-form/kit';
import type { ConfigEditorProps } from '../types';

/** The schema builder's form for a classification question's config. */
export default function ConfigEditor(props: ConfigEditorProps<ClassificationConfig>) {
  const { field, num, check, form, labels, cfg } = configKit(props);
  return form(
    <>
      {field('field', 'Data field shown', 'The row field the labeler reads (optional).', 'text')}
      {check('multiple', 'multiple', 'Several labels per row', false)}
      {cfg.multiple === true && num('threshold', 'Agreement threshold', 'Jaccard index at or above which two answers agree (1 = identical).', UNIT)}
    </>,
    labels,
  );
}

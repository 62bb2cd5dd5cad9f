import type { BboxConfig } from '@shared/tasks/registry';
import { configKit, UNIT } from '../config-form/kit';
import type { ConfigEditorProps } from '../types';

/** The schema builder's form for a bbox question's config. */
export default function ConfigEditor(props: ConfigEditorProps<BboxConfig>) {
  const { field, num, form, labels } = configKit(props);
  return form(
    <>
      {field('field', 'Image field', 'The row field holding the image URL or media id.', 'image')}
      {num('iouThreshold', 'Box IoU threshold', 'Two boxes of one label match at or above this IoU (default 0.5).', UNIT)}
      {num('f1Threshold', 'Agreement threshold', 'Match F1 at or above which two answers agree (default 0.8).', UNIT)}
    </>,
    labels,
  );
}

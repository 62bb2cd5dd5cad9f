/**
 * The shape of one Label Studio result entry (an element of `annotations[].result`), which the per-type
 * exporters produce so projects can move to and from Label Studio. Ids are deterministic
 * (`<questionId>_<n>`) so the same final exports to the same file.
 */
export interface LsResult {
  id: string;
  type: string;
  from_name: string;
  to_name: string;
  value: Record<string, unknown>;
  origin?: 'manual' | 'prediction';
  original_width?: number;
  original_height?: number;
  image_rotation?: number;
  /** Links a per-region result (e.g. a transcript) to its region. */
  parentID?: string;
}

export const lsId = (questionId: string, n: number | string) => `${questionId}_${n}`;

/** The string value of a data field, or '' when absent or not a string. */
export function fieldText(data: Record<string, unknown>, field: string | undefined): string {
  const v = field === undefined ? undefined : data[field];
  return typeof v === 'string' ? v : '';
}

import { useState, type FormEvent } from 'react';
import { errorFields, messageOf } from '../api/client';

/**
 * A form that sends one request: busy while it runs, the server's message and its per-field errors after a
 * refusal, both cleared when the person tries again.
 */
export function useFormSubmit(action: () => Promise<void>) {
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await action();
    } catch (err) {
      setError(messageOf(err));
      setFields(errorFields(err));
    } finally {
      setBusy(false);
    }
  }
  return { submit, error, fields, busy };
}

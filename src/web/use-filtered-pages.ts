/**
 * A filter form over a cursor-paged list: what is typed (`draft`) applies only on submit
 * (`applied`), and every new filter starts again from the first page.
 */
import { type FormEvent, useCallback, useState } from 'react';

export function useFilteredPages<F extends { [K in keyof F]: string }>(empty: F) {
  const [draft, setDraft] = useState<F>(empty);
  const [applied, setApplied] = useState<F>(empty);
  // cursors[i] = the cursor that opens page i (page 0 has none)
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  /** Applies `filters` at once (reset, or a filter chosen elsewhere on the page). */
  const apply = useCallback((filters: F) => {
    setDraft(filters);
    setApplied(filters);
    setCursors([null]);
  }, []);
  const set = (k: keyof F) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(draft);
    setCursors([null]);
  };
  return { draft, applied, cursors, setCursors, page, set, submit, apply };
}

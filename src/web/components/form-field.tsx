/** The pieces every form repeats: a labelled input and the error sentence under it. */
import type { InputHTMLAttributes, ReactNode, Ref } from 'react';

type InputProps = InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> };

/**
 * An input with its label in the `.field` layout; other props go to the input.
 * `onValue`: the typed text, for the usual state setter (an `onChange` given wins).
 */
export function Field({
  id,
  label,
  onValue,
  ...input
}: { id: string; label: ReactNode; onValue?: (value: string) => void } & InputProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} onChange={onValue && ((e) => onValue(e.target.value))} {...input} />
    </div>
  );
}

/** A form's error, announced when it appears. */
export function FormError({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}

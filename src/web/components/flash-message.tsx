/** The outcome of an admin action, above the list it changed; a new secret is shown once, here. */

export type Flash = { ok: boolean; text: string; secret?: string } | null;

export function FlashMessage({ msg }: { msg: Flash }) {
  if (!msg) return null;
  return (
    <div className={msg.ok ? 'ok' : 'error'} role={msg.ok ? 'status' : 'alert'}>
      {msg.text}
      {msg.secret ? <code className="secret">{msg.secret}</code> : null}
    </div>
  );
}

/** The same outcome as a single sentence inside the form or panel that caused it. */
export function FlashLine({ msg }: { msg: Flash }) {
  if (!msg) return null;
  return (
    <p className={msg.ok ? 'ok' : 'error'} role={msg.ok ? 'status' : 'alert'}>
      {msg.text}
    </p>
  );
}

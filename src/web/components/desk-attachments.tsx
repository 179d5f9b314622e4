/**
 * A case's files: download links, and an upload with a progress bar. Files over the
 * per-file limit are refused here before a byte is sent (the server refuses them too,
 * 413, as it does when the case's total would pass its limit).
 */
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_MAX_BYTES, type Visibility } from '../../desk/model.js';
import { ApiError, type Attachment, type UploadProgress } from '../api.js';
import { fmtDateTime } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { fmtBytes, VisibilityTag } from './desk-ui.js';
import { type Flash, FlashLine } from './flash-message.js';
import { errorText } from './status.js';

export function AttachmentList({ files, staff }: { files: readonly Attachment[]; staff: boolean }) {
  const { t } = useTranslation();
  const lang = currentLang();
  if (files.length === 0) return <p className="muted">{t('files.none')}</p>;
  return (
    <ul className="files">
      {files.map((f) => (
        <li key={f.id}>
          <a href={f.url} download={f.fileName}>
            {f.fileName}
          </a>{' '}
          <span className="muted small">
            {fmtBytes(f.size, lang)} / {fmtDateTime(f.createdAt, lang)}
          </span>{' '}
          {staff ? <VisibilityTag visibility={f.visibility} /> : null}
        </li>
      ))}
    </ul>
  );
}

export function UploadForm({
  upload,
  staff,
  onDone,
}: {
  upload: (file: File, visibility: Visibility, onProgress: (p: UploadProgress) => void) => Promise<unknown>;
  /** staff choose who sees the file; the company's own files are always visible to both */
  staff: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [visibility, setVisibility] = useState<Visibility>('internal');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [msg, setMsg] = useState<Flash>(null);
  const limit = fmtBytes(ATTACHMENT_MAX_BYTES, lang);

  const choose = (f: File | null) => {
    setMsg(null);
    if (f && f.size > ATTACHMENT_MAX_BYTES) {
      setFile(null);
      if (input.current) input.current.value = '';
      setMsg({ ok: false, text: t('files.tooLarge', { name: f.name, size: fmtBytes(f.size, lang), limit }) });
      return;
    }
    setFile(f);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setMsg(null);
    setProgress({ loaded: 0, total: file.size });
    try {
      await upload(file, visibility, setProgress);
      setMsg({ ok: true, text: t('files.uploaded', { name: file.name }) });
      setFile(null);
      if (input.current) input.current.value = '';
      onDone();
    } catch (err) {
      const tooLarge = err instanceof ApiError && (err.status === 413 || /too-large/.test(err.code));
      setMsg({ ok: false, text: tooLarge ? t('files.tooLargeServer', { limit }) : errorText(t, err) });
    } finally {
      setProgress(null);
    }
  };
  const pct = progress && progress.total > 0 ? Math.floor((100 * progress.loaded) / progress.total) : 0;
  return (
    <form onSubmit={submit} className="upload">
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('files.choose')}</label>
        <input
          ref={input}
          id={`${id}-file`}
          type="file"
          aria-describedby={`${id}-limit`}
          onChange={(e) => choose(e.target.files?.[0] ?? null)}
        />
        <span id={`${id}-limit`} className="help">
          {t('files.limit', { limit })}
        </span>
      </div>
      {staff ? (
        <fieldset className="radios">
          <legend>{t('files.who')}</legend>
          <label className="check">
            <input
              type="radio"
              name={`${id}-vis`}
              checked={visibility === 'internal'}
              onChange={() => setVisibility('internal')}
            />
            {t('desk.visibility.internal')}
          </label>
          <label className="check">
            <input
              type="radio"
              name={`${id}-vis`}
              checked={visibility === 'company'}
              onChange={() => setVisibility('company')}
            />
            {t('desk.visibility.company')}
          </label>
        </fieldset>
      ) : null}
      {progress ? (
        <div className="upload-progress" role="status">
          <progress max={100} value={pct} aria-label={t('files.progress')} />
          <span>{t('files.sending', { pct })}</span>
        </div>
      ) : null}
      <div className="buttons">
        <button type="submit" disabled={!file || progress !== null}>
          {t('files.upload')}
        </button>
      </div>
      <FlashLine msg={msg} />
    </form>
  );
}

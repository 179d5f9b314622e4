/**
 * Operators: the device registry (list, edit, add), unassigned sources to assign, and
 * a new ingest token shown once. Changes need operator-admin; others read only.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api, type Device } from '../api.js';
import { useUser } from '../auth.js';
import { type Flash, FlashMessage } from '../components/flash-message.js';
import { Field, FormError } from '../components/form-field.js';
import { DataStatus, ErrorMessage, errorText } from '../components/status.js';
import { fmtDateTime, fmtNumber, splitList } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import { useTitle } from '../use-title.js';

function EditDevice({ device, onDone }: { device: Device; onDone: (m: Flash) => void }) {
  const { t } = useTranslation();
  const [sources, setSources] = useState(device.sources.join(', '));
  const [hostnames, setHostnames] = useState(device.hostnames.join(', '));
  const [timezone, setTimezone] = useState(device.timezone);
  const [format, setFormat] = useState(device.format);
  const [enabled, setEnabled] = useState(device.enabled);
  const [silent, setSilent] = useState(String(device.silent_after_minutes));
  const [error, setError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // The form opens below the list: bring it into view with the keyboard focus in it.
  useEffect(() => {
    formRef.current?.scrollIntoView({ block: 'center' });
    formRef.current?.querySelector('input')?.focus();
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.updateDevice(device.id, {
        sources: splitList(sources),
        hostnames: splitList(hostnames),
        timezone,
        format,
        enabled,
        silent_after_minutes: Number(silent),
      });
      onDone({ ok: true, text: t('app.saved') });
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  const p = `dev-${device.id}`;
  return (
    <form
      onSubmit={submit}
      className="panel edit-form"
      aria-label={t('devices.editTitle', { id: device.id })}
    >
      <h3>{t('devices.editTitle', { id: device.id })}</h3>
      <div className="form-grid">
        <Field id={`${p}-src`} label={t('devices.sources')} value={sources} onValue={setSources} />
        <Field id={`${p}-host`} label={t('devices.hostnames')} value={hostnames} onValue={setHostnames} />
        <Field id={`${p}-fmt`} label={t('devices.format')} value={format} onValue={setFormat} />
        <Field id={`${p}-tz`} label={t('devices.timezone')} value={timezone} onValue={setTimezone} />
        <Field
          id={`${p}-silent`}
          label={t('devices.silentAfter')}
          type="number"
          min={5}
          value={silent}
          onValue={setSilent}
        />
        <div className="check">
          <input
            id={`${p}-en`}
            type="checkbox"
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
          />
          <label htmlFor={`${p}-en`}>{t('devices.enabled')}</label>
        </div>
      </div>
      <FormError error={error} />
      <div className="buttons">
        <button type="submit" className="primary">
          {t('app.save')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

function AddDevice({ onDone }: { onDone: (m: Flash) => void }) {
  const { t } = useTranslation();
  const [id, setId] = useState('');
  const [tenant, setTenant] = useState('');
  const [sources, setSources] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await api.addDevice({ id, tenant, sources: splitList(sources) });
      setId('');
      setTenant('');
      setSources('');
      onDone({ ok: true, text: `${t('devices.added')} ${t('devices.tokenOnce')}`, secret: r.token });
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  return (
    <details className="panel">
      <summary>{t('devices.add')}</summary>
      <form onSubmit={submit} className="form-grid">
        <Field id="add-id" label={t('devices.id')} required value={id} onValue={setId} />
        <Field id="add-tenant" label={t('devices.tenant')} required value={tenant} onValue={setTenant} />
        <Field id="add-src" label={t('devices.sources')} value={sources} onValue={setSources} />
        <FormError error={error} />
        <div className="buttons">
          <button type="submit" className="primary">
            {t('devices.add')}
          </button>
        </div>
      </form>
    </details>
  );
}

export function DevicesPage() {
  const { t } = useTranslation();
  useTitle(t('devices.title'));
  const lang = currentLang();
  const user = useUser();
  const admin = user.role === 'operator-admin';
  const devices = useData((signal) => api.devices({ signal }), 'devices');
  const health = useData((signal) => api.deviceHealth({ signal }), 'health');
  const unassigned = useData((signal) => api.unassigned({ signal }), 'unassigned');
  const alerts = useData((signal) => api.openAlerts({ signal }), 'alerts');
  const { hash } = useLocation();
  const ready = devices.data !== undefined && alerts.data !== undefined;
  // /devices#alerts (from the companies list): the alerts are below the registry
  useEffect(() => {
    if (ready && hash) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [ready, hash]);
  const [editing, setEditing] = useState<string | null>(null);
  const [msg, setMsg] = useState<Flash>(null);
  const [assignTo, setAssignTo] = useState<Record<string, string>>({});
  const healthOf = new Map((health.data?.devices ?? []).map((h) => [h.device, h]));
  const reloadAll = () => {
    devices.reload();
    health.reload();
    unassigned.reload();
    alerts.reload();
  };

  const rotate = async (id: string) => {
    if (!window.confirm(t('devices.rotateConfirm', { id }))) return;
    try {
      const r = await api.rotateToken(id);
      setMsg({ ok: true, text: t('devices.tokenOnce'), secret: r.token });
      devices.reload();
    } catch (e) {
      setMsg({ ok: false, text: errorText(t, e) });
    }
  };
  const assign = async (address: string) => {
    const device = assignTo[address] ?? devices.data?.devices[0]?.id;
    if (!device) return;
    try {
      await api.assign(address, device);
      setMsg({ ok: true, text: t('devices.assigned', { address, device }) });
      reloadAll();
    } catch (e) {
      setMsg({ ok: false, text: errorText(t, e) });
    }
  };

  return (
    <div className="page">
      <h1>{t('devices.title')}</h1>
      <p className="lead">{t('devices.intro')}</p>
      {!admin ? <p className="help">{t('devices.readOnly')}</p> : null}
      <FlashMessage msg={msg} />
      {admin ? (
        <AddDevice
          onDone={(m) => {
            setMsg(m);
            reloadAll();
          }}
        />
      ) : null}
      <DataStatus state={devices} />
      {devices.data ? (
        <div className="table-wrap">
          <table className="data">
            <caption className="sr-only">{t('devices.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('devices.id')}</th>
                <th scope="col">{t('devices.tenant')}</th>
                <th scope="col">{t('devices.format')}</th>
                <th scope="col">{t('devices.state')}</th>
                <th scope="col">{t('devices.lastSeen')}</th>
                <th scope="col" className="num">
                  {t('devices.records24h')}
                </th>
                {admin ? <th scope="col">{t('users.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {devices.data.devices.map((d) => {
                const h = healthOf.get(d.id);
                const state = !d.enabled ? 'disabled' : h?.silent ? 'silent' : 'ok';
                return (
                  <tr key={d.id}>
                    <th scope="row">
                      {d.id}
                      <div className="muted small mono">{[...d.sources, ...d.hostnames].join(', ')}</div>
                    </th>
                    <td>{d.tenant}</td>
                    <td>{d.format}</td>
                    <td className={state === 'silent' ? 'warn' : state === 'ok' ? 'good' : 'muted'}>
                      {t(`devices.${state}`)}
                    </td>
                    <td className="nowrap">{fmtDateTime(h?.last_seen_at ?? d.last_seen_at, lang)}</td>
                    <td className="num">{fmtNumber(h?.records_24h ?? null, lang)}</td>
                    {admin ? (
                      <td>
                        <div className="buttons">
                          <button
                            type="button"
                            onClick={() => setEditing(d.id)}
                            aria-label={`${t('app.edit')} ${d.id}`}
                          >
                            {t('app.edit')}
                          </button>
                          <button
                            type="button"
                            onClick={() => rotate(d.id)}
                            aria-label={`${t('devices.rotate')} ${d.id}`}
                          >
                            {t('devices.rotate')}
                          </button>
                        </div>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {editing && devices.data
        ? (() => {
            const d = devices.data.devices.find((x) => x.id === editing);
            return d ? (
              <EditDevice
                key={d.id}
                device={d}
                onDone={(m) => {
                  setEditing(null);
                  if (m) {
                    setMsg(m);
                    reloadAll();
                  }
                }}
              />
            ) : null;
          })()
        : null}
      <section id="alerts" className="section" aria-labelledby="alerts-title">
        <h2 id="alerts-title">{t('devices.alertsTitle')}</h2>
        {alerts.error ? <ErrorMessage error={alerts.error} onRetry={alerts.reload} /> : null}
        {alerts.data && alerts.data.alerts.length === 0 ? <p>{t('devices.alertsNone')}</p> : null}
        {alerts.data && alerts.data.alerts.length > 0 ? (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('devices.id')}</th>
                  <th scope="col">{t('devices.tenant')}</th>
                  <th scope="col">{t('devices.raisedAt')}</th>
                  <th scope="col">{t('devices.lastSeen')}</th>
                </tr>
              </thead>
              <tbody>
                {alerts.data.alerts.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" className="warn">
                      {a.device}
                      <div className="muted small">
                        {t('devices.silentFor', { n: a.detail.silent_after_minutes })}
                      </div>
                    </th>
                    <td>
                      <Link to={`/companies/${encodeURIComponent(a.tenant)}`}>{a.tenant}</Link>
                    </td>
                    <td className="nowrap">{fmtDateTime(a.raised_at, lang)}</td>
                    <td className="nowrap">{fmtDateTime(a.detail.last_seen_at, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <section className="section" aria-labelledby="unassigned-title">
        <h2 id="unassigned-title">{t('devices.unassignedTitle')}</h2>
        {unassigned.error ? <ErrorMessage error={unassigned.error} onRetry={unassigned.reload} /> : null}
        {unassigned.data && unassigned.data.sources.length === 0 ? (
          <p>{t('devices.unassignedNone')}</p>
        ) : null}
        {unassigned.data && unassigned.data.sources.length > 0 ? (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('devices.address')}</th>
                  <th scope="col">{t('devices.hostname')}</th>
                  <th scope="col">{t('devices.count')}</th>
                  <th scope="col">{t('devices.lastSeen')}</th>
                  <th scope="col">{t('devices.sample')}</th>
                  {admin ? <th scope="col">{t('devices.assignTo')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {unassigned.data.sources.map((s) => (
                  <tr key={s.address}>
                    <th scope="row" className="mono">
                      {s.address}
                    </th>
                    <td>{s.hostname ?? '–'}</td>
                    <td className="num">{fmtNumber(s.count, lang)}</td>
                    <td className="nowrap">{fmtDateTime(s.last_seen_at, lang)}</td>
                    <td className="mono sample">{s.samples[0]?.slice(0, 160) ?? '–'}</td>
                    {admin ? (
                      <td>
                        <div className="buttons">
                          <label className="sr-only" htmlFor={`as-${s.address}`}>
                            {t('devices.assignTo')} {s.address}
                          </label>
                          <select
                            id={`as-${s.address}`}
                            value={assignTo[s.address] ?? devices.data?.devices[0]?.id ?? ''}
                            onChange={(e) => setAssignTo({ ...assignTo, [s.address]: e.target.value })}
                          >
                            {(devices.data?.devices ?? []).map((d) => (
                              <option key={d.id} value={d.id}>
                                {d.id} ({d.tenant})
                              </option>
                            ))}
                          </select>
                          <button type="button" onClick={() => assign(s.address)}>
                            {t('devices.assign')}
                          </button>
                        </div>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}

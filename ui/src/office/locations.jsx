// The settings' first tab (ADMIN and MANAGER): the locations (stores and warehouses, each with its business
// day's time zone) and the terminals (tills) of each, created, deactivated and activated again here.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../messages.js';
import { explain } from '../problems.js';
import { Field, described, checkText, serverErrors, useForm } from './form.jsx';
import { knownZone } from './orgchecks.js';

const LOCATION_CODE = /^[A-Za-z0-9]{1,8}$/;
const TERMINAL_CODE = /^[A-Za-z0-9-]{1,16}$/;
const STATE_CODE = /^[0-9]{2}$/;

export function LocationsView({ org }) {
  const [locations, setLocations] = useState(null);
  const [terminals, setTerminals] = useState([]);
  const [failure, setFailure] = useState(null);
  const [notice, setNotice] = useState(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    Promise.all([api.get('/api/v1/locations?limit=200'), api.get('/api/v1/terminals?limit=200')]).then(([l, x]) => {
      setLocations(l.items ?? []);
      setTerminals(x.items ?? []);
    }, (err) => setFailure(explain(err)));
  }, [version]);

  const done = (text) => { setNotice(text); setFailure(null); setVersion((v) => v + 1); };
  async function flip(kind, item) {
    try {
      await api.post(`/api/v1/${kind}/${item.id}/${item.active ? 'deactivate' : 'activate'}`, undefined, { idempotent: true });
      done(t(item.active ? 'settings.deactivated' : 'settings.activated', { code: item.code }));
    } catch (err) {
      setNotice(null);
      setFailure(explain(err));
    }
  }
  const codes = Object.fromEntries((locations ?? []).map((l) => [l.id, l.code]));
  return (
    <>
      {failure && <p class="error banner" role="alert" id="settings-failure">{failure}</p>}
      <p role="status" id="settings-notice" class="notice">{notice ?? ''}</p>
      <section class="panel" aria-labelledby="locations-title">
        <h2 id="locations-title">{t('settings.locations')}</h2>
        <table class="data" id="location-list">
          <thead><tr>
            <th scope="col">{t('settings.code')}</th><th scope="col">{t('customer.name')}</th><th scope="col">{t('settings.type')}</th>
            <th scope="col">{t('settings.state')}</th><th scope="col">{t('settings.zone')}</th><th scope="col">{t('products.state')}</th>
            <th scope="col"><span class="sr-only">{t('users.change')}</span></th>
          </tr></thead>
          <tbody>
            {(locations ?? []).map((l) => (
              <tr data-location={l.id} data-code={l.code}>
                <th scope="row">{l.code}</th><td>{l.name}</td><td>{t('settings.type.' + l.type)}</td><td>{l.state_code ?? ''}</td><td>{l.time_zone}</td>
                <td>{l.active ? t('products.activeOne') : t('products.inactiveOne')}</td>
                <td><button type="button" class={'small' + (l.active ? ' danger' : '')} onClick={() => flip('locations', l)}
                  aria-label={t(l.active ? 'users.deactivateOne' : 'users.activateOne', { name: l.code })}>{t(l.active ? 'users.deactivate' : 'users.activate')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        <NewLocation zone={org?.time_zone ?? ''} onCreated={(l) => done(t('settings.locationCreated', { code: l.code }))} />
      </section>
      <section class="panel" aria-labelledby="terminals-title">
        <h2 id="terminals-title">{t('settings.terminals')}</h2>
        <table class="data" id="terminal-list">
          <thead><tr>
            <th scope="col">{t('settings.code')}</th><th scope="col">{t('customer.name')}</th><th scope="col">{t('dash.location')}</th>
            <th scope="col">{t('terminal.paper')}</th><th scope="col">{t('products.state')}</th><th scope="col"><span class="sr-only">{t('users.change')}</span></th>
          </tr></thead>
          <tbody>
            {terminals.map((x) => (
              <tr data-terminal={x.id} data-code={x.code}>
                <th scope="row">{x.code}</th><td>{x.name}</td><td>{codes[x.location_id] ?? ''}</td><td>{x.paper_width} mm</td>
                <td>{x.active ? t('products.activeOne') : t('products.inactiveOne')}</td>
                <td><button type="button" class={'small' + (x.active ? ' danger' : '')} onClick={() => flip('terminals', x)}
                  aria-label={t(x.active ? 'users.deactivateOne' : 'users.activateOne', { name: x.code })}>{t(x.active ? 'users.deactivate' : 'users.activate')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        {!terminals.length && <p class="empty">{t('settings.noTerminals')}</p>}
        {locations && <NewTerminal locations={locations.filter((l) => l.active)} onCreated={(x) => done(t('settings.terminalCreated', { code: x.code }))} />}
      </section>
    </>
  );
}

/** Sends a create; the server's refusal goes to the fields it names (a taken code to the code). */
async function create(f, path, body, labels, taken, onCreated) {
  f.setBusy(true);
  try {
    const made = await api.post(path, body, { idempotent: true });
    f.reset();
    onCreated(made);
  } catch (err) {
    const { byField, rest } = serverErrors(err, Object.fromEntries(Object.entries(labels).map(([k, label]) => [k, { key: k, label }])));
    if (err?.code === taken) byField.code = explain(err);
    f.setErrors(byField);
    f.setFailure(err?.code === taken ? null : rest);
  } finally {
    f.setBusy(false);
  }
}

function NewLocation({ zone, onCreated }) {
  const f = useForm({ code: '', name: '', type: 'STORE', state_code: '', time_zone: zone });
  const labels = { code: t('settings.code'), name: t('customer.name'), type: t('settings.type'), state_code: t('settings.state'), time_zone: t('settings.zone') };
  function submit(e) {
    e.preventDefault();
    const v = f.form;
    const found = {
      code: checkText(v.code, labels.code, 8) ?? (LOCATION_CODE.test(v.code.trim()) ? null : t('settings.badLocationCode')),
      name: checkText(v.name, labels.name, 200),
      state_code: v.state_code.trim() && !STATE_CODE.test(v.state_code.trim()) ? t('settings.badState') : null,
      time_zone: checkText(v.time_zone, labels.time_zone, 64) ?? (knownZone(v.time_zone.trim()) ? null : t('settings.badZone')),
    };
    f.setErrors(found);
    f.setFailure(null);
    if (Object.values(found).some(Boolean)) return;
    create(f, '/api/v1/locations', {
      code: v.code.trim(), name: v.name.trim(), type: v.type, state_code: v.state_code.trim() || undefined, time_zone: v.time_zone.trim(),
    }, labels, 'location_code_taken', onCreated);
  }
  const input = (k, props = {}) => (
    <Field id={'location-' + k} label={labels[k]} error={f.errors[k]}>
      <input id={'location-' + k} value={f.form[k]} autoComplete="off" onInput={(e) => f.set(k, e.currentTarget.value)} {...props} {...described('location-' + k, f.errors[k])} />
    </Field>
  );
  return (
    <form id="new-location" class="subform" onSubmit={submit} novalidate aria-labelledby="new-location-title">
      <h3 id="new-location-title">{t('settings.newLocation')}</h3>
      {f.failure && <p class="error banner" role="alert" id="new-location-failure">{f.failure}</p>}
      <div class="forms tight">
        {input('code', { maxLength: 40 })}
        {input('name', { maxLength: 400 })}
        <Field id="location-type" label={labels.type}>
          <select id="location-type" value={f.form.type} onChange={(e) => f.set('type', e.currentTarget.value)}>
            <option value="STORE">{t('settings.type.STORE')}</option><option value="WAREHOUSE">{t('settings.type.WAREHOUSE')}</option>
          </select>
        </Field>
        {input('state_code', { maxLength: 10, inputMode: 'numeric' })}
        {input('time_zone', { maxLength: 100 })}
      </div>
      <button type="submit" class="primary" disabled={f.busy}>{t('settings.createLocation')}</button>
    </form>
  );
}

function NewTerminal({ locations, onCreated }) {
  const f = useForm({ location_id: '', code: '', name: '', paper_width: '80' });
  const labels = { location_id: t('dash.location'), code: t('settings.code'), name: t('customer.name'), paper_width: t('terminal.paper') };
  function submit(e) {
    e.preventDefault();
    const v = f.form;
    const found = {
      location_id: v.location_id ? null : t('err.required', { field: labels.location_id }),
      code: checkText(v.code, labels.code, 16) ?? (TERMINAL_CODE.test(v.code.trim()) ? null : t('terminal.badCode')),
      name: checkText(v.name, labels.name, 200),
    };
    f.setErrors(found);
    f.setFailure(null);
    if (Object.values(found).some(Boolean)) return;
    create(f, '/api/v1/terminals', { location_id: v.location_id, code: v.code.trim(), name: v.name.trim(), paper_width: Number(v.paper_width) },
      labels, 'terminal_code_taken', onCreated);
  }
  return (
    <form id="new-terminal" class="subform" onSubmit={submit} novalidate aria-labelledby="new-terminal-title">
      <h3 id="new-terminal-title">{t('settings.newTerminal')}</h3>
      {f.failure && <p class="error banner" role="alert" id="new-terminal-failure">{f.failure}</p>}
      <div class="forms tight">
        <Field id="terminal-location" label={labels.location_id} error={f.errors.location_id}>
          <select id="terminal-location" value={f.form.location_id} onChange={(e) => f.set('location_id', e.currentTarget.value)} {...described('terminal-location', f.errors.location_id)}>
            <option value="">{t('stock.choose')}</option>
            {locations.map((l) => <option value={l.id}>{l.code} · {l.name}</option>)}
          </select>
        </Field>
        <Field id="terminal-code" label={labels.code} error={f.errors.code}>
          <input id="terminal-code" value={f.form.code} maxLength={40} autoComplete="off" onInput={(e) => f.set('code', e.currentTarget.value)} {...described('terminal-code', f.errors.code)} />
        </Field>
        <Field id="terminal-name" label={labels.name} error={f.errors.name}>
          <input id="terminal-name" value={f.form.name} maxLength={400} autoComplete="off" onInput={(e) => f.set('name', e.currentTarget.value)} {...described('terminal-name', f.errors.name)} />
        </Field>
        <Field id="terminal-paper" label={labels.paper_width} error={f.errors.paper_width}>
          <select id="terminal-paper" value={f.form.paper_width} onChange={(e) => f.set('paper_width', e.currentTarget.value)}>
            <option value="80">80 mm</option><option value="58">58 mm</option>
          </select>
        </Field>
      </div>
      <button type="submit" class="primary" disabled={f.busy}>{t('settings.createTerminal')}</button>
    </form>
  );
}

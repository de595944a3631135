// The settings' document series: which numbers each location gives each kind of document in each financial
// year, and the next one. Admins and managers both create series (the API's rule); a series is never changed
// or deleted afterwards, as its numbers must stay gapless.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../messages.js';
import { explain } from '../problems.js';
import { Field, described, serverErrors, useForm, sentences } from './form.jsx';
import { formatProblem, renderNumber } from './orgchecks.js';

const TYPES = ['SALE', 'ESTIMATE', 'CREDIT_NOTE', 'DELIVERY', 'TRANSFER', 'DEPOSIT_REFUND'];

async function everyPage(path) {
  const items = [];
  let cursor = null;
  do {
    const page = await api.get(path + '?limit=200' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    items.push(...(page.items ?? []));
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

export function SeriesView({ india }) {
  const [data, setData] = useState(null);
  const [failure, setFailure] = useState(null);
  const [notice, setNotice] = useState(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    Promise.all([everyPage('/api/v1/document-series'), everyPage('/api/v1/locations'), everyPage('/api/v1/organization/financial-years')])
      .then(([series, locations, years]) => setData({ series, locations, years }), (err) => setFailure(explain(err)));
  }, [version]);
  const series = [...(data?.series ?? [])].sort((a, b) => a.location_code.localeCompare(b.location_code)
    || a.financial_year_code.localeCompare(b.financial_year_code) || TYPES.indexOf(a.document_type) - TYPES.indexOf(b.document_type));
  return (
    <>
      {failure && <p class="error banner" role="alert" id="series-failure">{failure}</p>}
      <p role="status" id="series-notice" class="notice">{notice ?? ''}</p>
      <section class="panel" aria-labelledby="series-title">
        <h2 id="series-title">{t('series.list')}</h2>
        <p class="hint">{t('series.fixed')}</p>
        <table class="data" id="series-list">
          <thead><tr>
            <th scope="col">{t('dash.location')}</th><th scope="col">{t('series.year')}</th><th scope="col">{t('series.type')}</th>
            <th scope="col">{t('series.format')}</th><th scope="col">{t('series.next')}</th><th scope="col">{t('series.left')}</th>
          </tr></thead>
          <tbody>
            {series.map((s) => (
              <tr data-series={s.id} data-key={`${s.location_code}/${s.financial_year_code}/${s.document_type}`}>
                <th scope="row">{s.location_code}</th><td>{s.financial_year_code}</td><td>{t('series.type.' + s.document_type)}</td>
                <td><code>{s.format}</code></td>
                <td class="next-number">{s.next_value > s.max_value ? '—' : renderNumber(s.format, s.location_code, s.financial_year_code, s.next_value)}</td>
                <td class="num">{Math.max(0, s.max_value - s.next_value + 1).toLocaleString('en-IN')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && !series.length && <p class="empty" id="series-none">{t('series.none')}</p>}
        {data && <NewSeries india={india} locations={data.locations.filter((l) => l.active)} years={data.years.filter((y) => !y.closed)}
          onCreated={(s, text) => { setNotice(text); setFailure(null); setVersion((v) => v + 1); }} />}
      </section>
    </>
  );
}

function NewSeries({ india, locations, years, onCreated }) {
  const f = useForm({ document_type: 'SALE', location_id: '', financial_year_id: '', format: '{LOC}/{FY}/{SEQ:6}' });
  const labels = { document_type: t('series.type'), location_id: t('dash.location'), financial_year_id: t('series.year'), format: t('series.format') };
  const location = locations.find((l) => l.id === f.form.location_id);
  const year = years.find((y) => y.id === f.form.financial_year_id);
  const preview = location && year && !formatProblem(f.form.format, { india }) ? renderNumber(f.form.format, location.code, year.code, 1) : null;
  async function submit(e) {
    e.preventDefault();
    const v = f.form;
    const required = (k) => (v[k] ? null : t('err.required', { field: labels[k] }));
    const found = {
      location_id: required('location_id'),
      financial_year_id: required('financial_year_id'),
      format: v.format.trim() ? sentences({ format: formatProblem(v.format, { india, locationCode: location?.code, yearCode: year?.code }) }, labels).format ?? null
        : t('err.required', { field: labels.format }),
    };
    f.setErrors(found);
    f.setFailure(null);
    if (Object.values(found).some(Boolean)) return;
    f.setBusy(true);
    try {
      const made = await api.post('/api/v1/document-series', v, { idempotent: true });
      f.reset();
      onCreated(made, t('series.created', { format: made.format, type: t('series.type.' + made.document_type), location: made.location_code }));
    } catch (err) {
      const { byField, rest } = serverErrors(err, Object.fromEntries(Object.keys(labels).map((k) => [k, { key: k, label: labels[k] }])));
      const exists = err?.code === 'document_series_exists';
      if (exists) byField.document_type = explain(err);
      f.setErrors(byField);
      f.setFailure(exists ? null : rest);
    } finally {
      f.setBusy(false);
    }
  }
  const select = (k, options) => (
    <Field id={'series-' + k} label={labels[k]} error={f.errors[k]}>
      <select id={'series-' + k} value={f.form[k]} onChange={(e) => f.set(k, e.currentTarget.value)} {...described('series-' + k, f.errors[k])}>
        {options}
      </select>
    </Field>
  );
  return (
    <form id="new-series" class="subform" onSubmit={submit} novalidate aria-labelledby="new-series-title">
      <h3 id="new-series-title">{t('series.new')}</h3>
      {!years.length && <p class="hint" id="series-no-years">{t('series.noYears')}</p>}
      {f.failure && <p class="error banner" role="alert" id="new-series-failure">{f.failure}</p>}
      <div class="forms tight">
        {select('document_type', TYPES.map((x) => <option value={x}>{t('series.type.' + x)}</option>))}
        {select('location_id', [<option value="">{t('stock.choose')}</option>, ...locations.map((l) => <option value={l.id}>{l.code} · {l.name}</option>)])}
        {select('financial_year_id', [<option value="">{t('stock.choose')}</option>, ...years.map((y) => <option value={y.id}>{y.code} ({y.starts_on} – {y.ends_on})</option>)])}
        <Field id="series-format" label={labels.format} error={f.errors.format} hint={t('series.formatHint')}>
          <input id="series-format" value={f.form.format} maxLength={100} autoComplete="off" spellcheck={false}
            onInput={(e) => f.set('format', e.currentTarget.value)} {...described('series-format', f.errors.format, t('series.formatHint'))} />
        </Field>
      </div>
      <p class="hint" id="series-preview" aria-live="polite">{preview ? t('series.first', { number: preview }) : ''}</p>
      <button type="submit" class="primary" disabled={f.busy}>{t('series.create')}</button>
    </form>
  );
}

// The settings' financial years: listed for admins and managers; created and closed by an admin only (the
// API's rule). Years never overlap, and a closed year takes no new documents, which cannot be undone.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../messages.js';
import { explain } from '../problems.js';
import { Confirm, Field, described, serverErrors, useForm, sentences } from './form.jsx';
import { yearProblems } from './orgchecks.js';

export function YearsView({ admin }) {
  const [years, setYears] = useState(null);
  const [failure, setFailure] = useState(null);
  const [notice, setNotice] = useState(null);
  const [asking, setAsking] = useState(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    api.get('/api/v1/organization/financial-years?limit=200').then((p) => setYears(p.items ?? []), (err) => setFailure(explain(err)));
  }, [version]);
  const done = (text) => { setNotice(text); setFailure(null); setVersion((v) => v + 1); };
  async function close(y) {
    setAsking(null);
    try {
      await api.post(`/api/v1/organization/financial-years/${y.id}/close`, undefined, { idempotent: true });
      done(t('year.closedOne', { code: y.code }));
    } catch (err) {
      setNotice(null);
      setFailure(explain(err));
    }
  }
  const sorted = [...(years ?? [])].sort((a, b) => a.starts_on.localeCompare(b.starts_on));
  return (
    <>
      {failure && <p class="error banner" role="alert" id="years-failure">{failure}</p>}
      <p role="status" id="years-notice" class="notice">{notice ?? ''}</p>
      {!admin && <p class="hint" id="years-read-only">{t('settings.adminOnly')}</p>}
      <section class="panel" aria-labelledby="years-title">
        <h2 id="years-title">{t('year.list')}</h2>
        <table class="data" id="year-list">
          <thead><tr>
            <th scope="col">{t('year.code')}</th><th scope="col">{t('year.startsOn')}</th><th scope="col">{t('year.endsOn')}</th>
            <th scope="col">{t('products.state')}</th>{admin && <th scope="col"><span class="sr-only">{t('users.change')}</span></th>}
          </tr></thead>
          <tbody>
            {sorted.map((y) => (
              <tr data-year={y.id} data-code={y.code}>
                <th scope="row">{y.code}</th><td>{y.starts_on}</td><td>{y.ends_on}</td><td>{t(y.closed ? 'year.closed' : 'year.open')}</td>
                {admin && <td>{y.closed ? '' : asking === y.id
                  ? <Confirm id={'year-confirm-' + y.code} question={t('year.confirmClose', { code: y.code })} yes={t('year.close')} onYes={() => close(y)} onNo={() => setAsking(null)} />
                  : <button type="button" class="small danger" onClick={() => setAsking(y.id)} aria-label={t('year.closeOne', { code: y.code })}>{t('year.close')}</button>}</td>}
              </tr>
            ))}
          </tbody>
        </table>
        {years && !years.length && <p class="empty" id="years-none">{t('year.none')}</p>}
        {admin && years && <NewYear years={years} onCreated={(y) => done(t('year.created', { code: y.code }))} />}
      </section>
    </>
  );
}

function NewYear({ years, onCreated }) {
  const f = useForm({ starts_on: '', ends_on: '', code: '' });
  const labels = { starts_on: t('year.startsOn'), ends_on: t('year.endsOn'), code: t('year.codeOptional') };
  async function submit(e) {
    e.preventDefault();
    const v = { ...f.form, code: f.form.code.trim().toUpperCase() };
    const found = sentences(yearProblems(v, years), labels);
    f.setErrors(found);
    f.setFailure(null);
    if (Object.values(found).some(Boolean)) return;
    f.setBusy(true);
    try {
      const made = await api.post('/api/v1/organization/financial-years', { starts_on: v.starts_on, ends_on: v.ends_on, code: v.code || null }, { idempotent: true });
      f.reset();
      onCreated(made);
    } catch (err) {
      const { byField, rest } = serverErrors(err, Object.fromEntries(Object.keys(labels).map((k) => [k, { key: k, label: labels[k] }])));
      // the server's conflicts name no field: an overlap belongs to the dates, a taken code to the code
      const field = err?.code === 'financial_years_overlap' ? 'starts_on' : err?.code === 'financial_year_code_taken' ? 'code' : null;
      if (field) byField[field] = explain(err);
      f.setErrors(byField);
      f.setFailure(field ? null : rest);
    } finally {
      f.setBusy(false);
    }
  }
  const input = (k, props = {}) => (
    <Field id={'year-' + k} label={labels[k]} error={f.errors[k]}>
      <input id={'year-' + k} value={f.form[k]} autoComplete="off" onInput={(e) => f.set(k, e.currentTarget.value)} {...props} {...described('year-' + k, f.errors[k])} />
    </Field>
  );
  return (
    <form id="new-year" class="subform" onSubmit={submit} novalidate aria-labelledby="new-year-title">
      <h3 id="new-year-title">{t('year.new')}</h3>
      {f.failure && <p class="error banner" role="alert" id="new-year-failure">{f.failure}</p>}
      <div class="forms tight">
        {input('starts_on', { type: 'date', max: '9999-12-31' })}
        {input('ends_on', { type: 'date', max: '9999-12-31' })}
        {input('code', { maxLength: 16 })}
      </div>
      <button type="submit" class="primary" disabled={f.busy}>{t('year.create')}</button>
    </form>
  );
}

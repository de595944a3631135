// The settings' organization tab: the organization's profile (names, address, country, currency, default time
// zone), its GST registrations and its bank accounts. The API lets only an admin change any of them and keeps
// the bank accounts from managers altogether: a manager sees the profile and the registrations read-only.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../messages.js';
import { Problem, explain } from '../problems.js';
import { Confirm, Field, described, checkText, serverErrors, useForm, sentences } from './form.jsx';
import { countryProblem, currencyProblem, gstinProblem, knownZone, normalized, taxIdProblem } from './orgchecks.js';
import { BankAccounts } from './banks.jsx';

export function OrganizationView({ admin, onOrgChanged }) {
  const [notice, setNotice] = useState(null);
  return (
    <>
      <p role="status" id="org-notice" class="notice">{notice ?? ''}</p>
      {!admin && <p class="hint" id="org-read-only">{t('settings.adminOnly')}</p>}
      <Profile admin={admin} onSaved={(p) => { setNotice(t('org.saved')); onOrgChanged?.(p); }} />
      <TaxRegistrations admin={admin} onChanged={setNotice} />
      {admin ? <BankAccounts onChanged={setNotice} />
        : <section class="panel" aria-labelledby="banks-title"><h2 id="banks-title">{t('bank.title')}</h2><p class="empty" id="banks-admin-only">{t('bank.adminOnly')}</p></section>}
    </>
  );
}

const PROFILE = ['legal_name', 'trade_name', 'address', 'country', 'currency', 'time_zone'];
const profileLabels = () => ({
  legal_name: t('org.legalName'), trade_name: t('org.tradeName'), address: t('org.address'),
  country: t('org.country'), currency: t('org.currency'), time_zone: t('org.zone'),
});

function Profile({ admin, onSaved }) {
  const f = useForm({ legal_name: '', trade_name: '', address: '', country: 'IN', currency: 'INR', time_zone: 'Asia/Kolkata' });
  const [profile, setProfile] = useState(undefined);
  const labels = profileLabels();
  useEffect(() => {
    api.get('/api/v1/organization').then((p) => {
      setProfile(p);
      f.setForm(Object.fromEntries(PROFILE.map((k) => [k, p[k] ?? ''])));
    }, (err) => {
      setProfile(null);
      if (!(err instanceof Problem && err.code === 'organization_not_set_up')) f.setFailure(explain(err));
    });
  }, []);

  async function submit(e) {
    e.preventDefault();
    const v = f.form;
    const found = {
      legal_name: checkText(v.legal_name, labels.legal_name, 200),
      trade_name: checkText(v.trade_name, labels.trade_name, 200, false),
      address: checkText(v.address, labels.address, 1000, false),
      country: checkText(v.country, labels.country, 2) ?? (countryProblem(v.country) && t('org.badCountry')),
      currency: checkText(v.currency, labels.currency, 3) ?? (currencyProblem(v.currency) && t('org.badCurrency')),
      time_zone: checkText(v.time_zone, labels.time_zone, 64) ?? (knownZone(v.time_zone.trim()) ? null : t('settings.badZone')),
    };
    f.setErrors(found);
    f.setFailure(null);
    if (Object.values(found).some(Boolean)) return;
    f.setBusy(true);
    try {
      const saved = await api.put('/api/v1/organization', {
        legal_name: v.legal_name.trim(), trade_name: v.trade_name.trim() || null, address: v.address.trim() || null,
        country: v.country.trim().toUpperCase(), currency: v.currency.trim().toUpperCase(), time_zone: v.time_zone.trim(),
      }, { idempotent: true });
      setProfile(saved);
      f.setForm(Object.fromEntries(PROFILE.map((k) => [k, saved[k] ?? ''])));
      onSaved(saved);
    } catch (err) {
      const { byField, rest } = serverErrors(err, Object.fromEntries(PROFILE.map((k) => [k, { key: k, label: labels[k] }])));
      f.setErrors(byField);
      f.setFailure(rest);
    } finally {
      f.setBusy(false);
    }
  }

  if (!admin) {
    return (
      <section class="panel" aria-labelledby="profile-title">
        <h2 id="profile-title">{t('org.profile')}</h2>
        {f.failure && <p class="error banner" role="alert">{f.failure}</p>}
        {profile === null && <p class="empty" id="profile-not-set">{t('org.notSet')}</p>}
        {profile && (
          <dl class="facts" id="profile-facts">
            {PROFILE.map((k) => <><dt>{labels[k]}</dt><dd data-field={k}>{profile[k] ?? '—'}</dd></>)}
          </dl>
        )}
      </section>
    );
  }
  const input = (k, props = {}) => (
    <Field id={'org-' + k} label={labels[k]} error={f.errors[k]}>
      <input id={'org-' + k} value={f.form[k]} onInput={(e) => f.set(k, e.currentTarget.value)} {...props} {...described('org-' + k, f.errors[k])} />
    </Field>
  );
  return (
    <section class="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('org.profile')}</h2>
      {profile === null && <p class="hint" id="profile-not-set">{t('org.notSet')}</p>}
      <form id="org-profile" onSubmit={submit} novalidate aria-labelledby="profile-title">
        {f.failure && <p class="error banner" role="alert" id="org-profile-failure">{f.failure}</p>}
        <div class="forms tight">
          {input('legal_name', { maxLength: 400, autoComplete: 'organization' })}
          {input('trade_name', { maxLength: 400 })}
          {input('country', { maxLength: 10, autoComplete: 'country' })}
          {input('currency', { maxLength: 10 })}
          {input('time_zone', { maxLength: 100 })}
        </div>
        <Field id="org-address" label={labels.address} error={f.errors.address}>
          <textarea id="org-address" rows={3} value={f.form.address} maxLength={2000} autoComplete="street-address"
            onInput={(e) => f.set('address', e.currentTarget.value)} {...described('org-address', f.errors.address)} />
        </Field>
        <button type="submit" class="primary" disabled={f.busy}>{t('org.save')}</button>
      </form>
    </section>
  );
}

function TaxRegistrations({ admin, onChanged }) {
  const [items, setItems] = useState(null);
  const [failure, setFailure] = useState(null);
  const [asking, setAsking] = useState(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    api.get('/api/v1/organization/tax-registrations?limit=200').then((p) => setItems(p.items ?? []), (err) => setFailure(explain(err)));
  }, [version]);
  async function remove(r) {
    setAsking(null);
    try {
      await api.call('DELETE', '/api/v1/organization/tax-registrations/' + r.id);
      setFailure(null);
      onChanged(t('org.taxDeleted', { number: r.number }));
      setVersion((v) => v + 1);
    } catch (err) {
      setFailure(explain(err));
    }
  }
  return (
    <section class="panel" aria-labelledby="taxes-title">
      <h2 id="taxes-title">{t('org.taxes')}</h2>
      {failure && <p class="error banner" role="alert" id="taxes-failure">{failure}</p>}
      <table class="data" id="tax-list">
        <thead><tr>
          <th scope="col">{t('org.taxNumber')}</th><th scope="col">{t('org.kind')}</th><th scope="col">{t('org.taxCountry')}</th>
          <th scope="col">{t('org.stateCode')}</th><th scope="col">{t('org.taxLabel')}</th>
          {admin && <th scope="col"><span class="sr-only">{t('users.change')}</span></th>}
        </tr></thead>
        <tbody>
          {(items ?? []).map((r) => (
            <tr data-registration={r.id} data-number={r.number}>
              <th scope="row">{r.number}</th><td>{r.kind}</td><td>{r.country}</td><td>{r.state_code ?? ''}</td><td>{r.label ?? ''}</td>
              {admin && <td>{asking === r.id
                ? <Confirm id={'tax-confirm-' + r.number} question={t('org.confirmDeleteTax', { number: r.number })} yes={t('org.delete')} onYes={() => remove(r)} onNo={() => setAsking(null)} />
                : <button type="button" class="small danger" onClick={() => setAsking(r.id)} aria-label={t('org.deleteTax', { number: r.number })}>{t('org.delete')}</button>}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {items && !items.length && <p class="empty" id="taxes-none">{t('org.noTaxes')}</p>}
      {admin && <NewTaxRegistration onAdded={(r) => { onChanged(t('org.taxAdded', { number: r.number })); setVersion((v) => v + 1); }} />}
    </section>
  );
}

function NewTaxRegistration({ onAdded }) {
  const f = useForm({ country: 'IN', number: '', label: '' });
  const labels = { country: t('org.taxCountry'), number: t('org.taxNumber'), label: t('org.taxLabel') };
  async function submit(e) {
    e.preventDefault();
    const v = f.form;
    const country = v.country.trim().toUpperCase();
    const number = normalized(v.number);
    const found = {
      country: checkText(v.country, labels.country, 2) ?? (countryProblem(v.country) && t('org.badCountry')),
      number: checkText(v.number, labels.number, 40)
        ?? sentences({ number: country === 'IN' ? gstinProblem(number) : taxIdProblem(number) }, labels).number ?? null,
      label: checkText(v.label, labels.label, 200, false),
    };
    f.setErrors(found);
    f.setFailure(null);
    if (Object.values(found).some(Boolean)) return;
    f.setBusy(true);
    try {
      const made = await api.post('/api/v1/organization/tax-registrations', { country, number, label: v.label.trim() || null }, { idempotent: true });
      f.reset();
      onAdded(made);
    } catch (err) {
      const { byField, rest } = serverErrors(err, Object.fromEntries(Object.keys(labels).map((k) => [k, { key: k, label: labels[k] }])));
      const taken = err?.code === 'tax_registration_exists';
      if (taken) byField.number = t('org.taxExists') + ' ' + explain(err);
      f.setErrors(byField);
      f.setFailure(taken ? null : rest);
    } finally {
      f.setBusy(false);
    }
  }
  const input = (k, props = {}) => (
    <Field id={'tax-' + k} label={labels[k]} error={f.errors[k]}>
      <input id={'tax-' + k} value={f.form[k]} autoComplete="off" onInput={(e) => f.set(k, e.currentTarget.value)} {...props} {...described('tax-' + k, f.errors[k])} />
    </Field>
  );
  return (
    <form id="new-tax" class="subform" onSubmit={submit} novalidate aria-labelledby="new-tax-title">
      <h3 id="new-tax-title">{t('org.newTax')}</h3>
      {f.failure && <p class="error banner" role="alert" id="new-tax-failure">{f.failure}</p>}
      <div class="forms tight">
        {input('country', { maxLength: 10 })}
        {input('number', { maxLength: 60 })}
        {input('label', { maxLength: 400 })}
      </div>
      <button type="submit" class="primary" disabled={f.busy}>{t('org.addTax')}</button>
    </form>
  );
}

// Customers (ADMIN and MANAGER in the back office; the API lets the till's roles read and create them too):
// search by name or phone, a customer's details to edit, their purchase figures and their sales, newest first.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../messages.js';
import { money, dateTime } from '../format.js';
import { explain } from '../problems.js';
import { OfficePage } from './layout.jsx';
import { Field, described, checkText, serverErrors } from './form.jsx';

const PAGE = 25;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^[0-9+()\s.-]+$/;

export function CustomersScreen({ me, onSignOut, onTill, currency = 'INR' }) {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(null);
  const [cursors, setCursors] = useState([null]);
  const [failure, setFailure] = useState(null);
  const [chosen, setChosen] = useState(null);
  const [notice, setNotice] = useState(null);
  const asked = useRef(0);

  async function load(cursor) {
    const n = ++asked.current;
    const params = new URLSearchParams({ limit: String(PAGE) });
    const term = q.trim().slice(0, 100);
    if (term) params.set(PHONE.test(term) && /\d/.test(term) ? 'phone' : 'name', term);
    if (cursor) params.set('cursor', cursor);
    try {
      const answer = await api.get('/api/v1/customers?' + params);
      if (n === asked.current) { setPage(answer); setFailure(null); }
    } catch (err) {
      if (n === asked.current) setFailure(explain(err, { name: t('customers.search') + ':', phone: t('customers.search') + ':' }));
    }
  }
  useEffect(() => {
    const timer = setTimeout(() => { setCursors([null]); load(null); }, 250);
    return () => clearTimeout(timer);
  }, [q]);

  const saved = (c, created) => {
    setNotice(t(created ? 'customers.created' : 'customers.saved', { name: c.name }));
    setChosen(c);
    load(cursors[cursors.length - 1]);
  };
  const items = page?.items ?? [];
  const tools = (
    <form class="dash-location" role="search" onSubmit={(e) => { e.preventDefault(); load(null); }}>
      <label for="customer-search">{t('customers.search')}</label>
      <input id="customer-search" type="search" value={q} maxLength={100} onInput={(e) => setQ(e.currentTarget.value)} />
    </form>
  );
  return (
    <OfficePage me={me} current="customers" title={t('customers.title')} id="customers" onSignOut={onSignOut} onTill={onTill} tools={tools}>
      {failure && <p class="error banner" role="alert" id="customers-failure">{failure}</p>}
      <p role="status" id="customers-notice" class="notice">{notice ?? ''}</p>
      <section class="panel" aria-labelledby="customer-list-title">
        <h2 id="customer-list-title">{t('customers.list')}</h2>
        <table class="data" id="customer-list">
          <thead><tr>
            <th scope="col">{t('customer.name')}</th><th scope="col">{t('customer.phone')}</th><th scope="col">{t('customers.email')}</th>
            <th scope="col"><span class="sr-only">{t('stock.open')}</span></th>
          </tr></thead>
          <tbody>
            {items.map((c) => (
              <tr data-customer={c.id}>
                <th scope="row">{c.name}</th><td>{c.phone ?? ''}</td><td>{c.email ?? ''}</td>
                <td><button type="button" class="small" onClick={() => { setNotice(null); setChosen(c); }} aria-label={t('stock.openOne', { name: c.name })}>{t('stock.open')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && !items.length && <p class="empty" id="customers-none">{t('customers.none')}</p>}
        <div class="buttons pager">
          <button type="button" id="customers-previous" disabled={cursors.length < 2}
            onClick={() => { const back = cursors.slice(0, -1); setCursors(back); load(back[back.length - 1]); }}>{t('products.previous')}</button>
          <button type="button" id="customers-next" disabled={!page?.next_cursor}
            onClick={() => { setCursors([...cursors, page.next_cursor]); load(page.next_cursor); }}>{t('products.next')}</button>
          <button type="button" id="customer-new" onClick={() => { setNotice(null); setChosen({}); }}>{t('customers.new')}</button>
        </div>
      </section>
      {chosen && (
        <section class="panel" aria-labelledby="customer-title" id="customer">
          <div class="dash-head">
            <h2 id="customer-title">{chosen.id ? chosen.name : t('customers.new')}</h2>
            <button type="button" onClick={() => setChosen(null)}>{t('close')}</button>
          </div>
          <div class="forms">
            <CustomerForm key={chosen.id ?? 'new'} customer={chosen} onSaved={saved} />
            {chosen.id && <Purchases key={chosen.id + (chosen.updated_at ?? '')} customer={chosen} currency={currency} />}
          </div>
        </section>
      )}
    </OfficePage>
  );
}

function CustomerForm({ customer, onSaved }) {
  const [form, setForm] = useState({
    name: customer.name ?? '', phone: customer.phone ?? '', email: customer.email ?? '', gstin: customer.gstin ?? '', notes: customer.notes ?? '',
  });
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k, v) => setForm({ ...form, [k]: v });
  const labels = { name: t('customer.name'), phone: t('customer.phone'), email: t('customers.email'), gstin: t('customers.gstin'), notes: t('customers.notes') };

  async function submit(e) {
    e.preventDefault();
    const found = {
      name: checkText(form.name, labels.name, 200),
      phone: checkText(form.phone, labels.phone, 32, false) ?? (form.phone.trim() && !PHONE.test(form.phone.trim()) ? t('err.phone') : null),
      email: checkText(form.email, labels.email, 254, false) ?? (form.email.trim() && !EMAIL.test(form.email.trim()) ? t('send.badEmail') : null),
      gstin: checkText(form.gstin, labels.gstin, 15, false),
      notes: checkText(form.notes, labels.notes, 4000, false),
    };
    setErrors(found);
    setFailure(null);
    if (Object.values(found).some(Boolean)) return;
    const body = {
      // a PUT replaces the customer: what this form does not show is sent back as it was
      billing_address: customer.billing_address ?? undefined, shipping_address: customer.shipping_address ?? undefined,
      tags: customer.tags ?? undefined,
      name: form.name.trim(), phone: form.phone.trim() || undefined, email: form.email.trim() || undefined,
      gstin: form.gstin.trim() || undefined, notes: form.notes.trim() || undefined,
    };
    setBusy(true);
    try {
      const saved = customer.id ? await api.put('/api/v1/customers/' + customer.id, body)
        : await api.post('/api/v1/customers', body, { idempotent: true });
      onSaved(saved, !customer.id);
    } catch (err) {
      const fields = Object.fromEntries(Object.entries(labels).map(([k, label]) => [k, { key: k, label }]));
      const { byField, rest } = serverErrors(err, fields);
      setErrors(byField);
      setFailure(rest);
    } finally {
      setBusy(false);
    }
  }
  const input = (k, props = {}) => (
    <Field id={'customer-' + k} label={labels[k]} error={errors[k]}>
      <input id={'customer-' + k} value={form[k]} onInput={(e) => set(k, e.currentTarget.value)} {...props} {...described('customer-' + k, errors[k])} />
    </Field>
  );
  return (
    <form id="customer-form" class="subform" onSubmit={submit} novalidate aria-labelledby="customer-form-title">
      <h3 id="customer-form-title">{t('customers.details')}</h3>
      {failure && <p class="error banner" role="alert" id="customer-failure">{failure}</p>}
      {input('name', { maxLength: 400, autoComplete: 'off' })}
      {input('phone', { maxLength: 64, inputMode: 'tel', autoComplete: 'off' })}
      {input('email', { maxLength: 400, type: 'email', autoComplete: 'off' })}
      {input('gstin', { maxLength: 30, autoComplete: 'off' })}
      <Field id="customer-notes" label={labels.notes} error={errors.notes}>
        <textarea id="customer-notes" rows={3} maxLength={8000} value={form.notes} onInput={(e) => set('notes', e.currentTarget.value)} {...described('customer-notes', errors.notes)} />
      </Field>
      <button type="submit" class="primary" disabled={busy}>{t(customer.id ? 'customers.save' : 'customers.create')}</button>
    </form>
  );
}

function Purchases({ customer, currency }) {
  const [summary, setSummary] = useState(null);
  const [page, setPage] = useState(null);
  const [cursors, setCursors] = useState([null]);
  const [failure, setFailure] = useState(null);
  async function load(cursor) {
    try {
      setPage(await api.get(`/api/v1/sales?customer_id=${customer.id}&limit=10` + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '')));
    } catch (err) {
      setFailure(explain(err));
    }
  }
  useEffect(() => {
    api.get(`/api/v1/customers/${customer.id}/summary`).then(setSummary, (err) => setFailure(explain(err)));
    load(null);
  }, []);
  const items = page?.items ?? [];
  return (
    <div class="subform" id="customer-purchases">
      <h3>{t('customers.purchases')}</h3>
      {failure && <p class="error" role="alert">{failure}</p>}
      {summary && (
        <p id="customer-summary" data-count={summary.purchase_count} data-total={String(summary.purchase_total)}>
          {t('customers.summary', { n: summary.purchase_count, total: money(summary.purchase_total, currency) })}
          {summary.last_purchase_at && ' ' + t('customers.last', { when: dateTime(summary.last_purchase_at) })}
        </p>
      )}
      <table class="data" id="customer-sales">
        <thead><tr><th scope="col">{t('customers.number')}</th><th scope="col">{t('stock.when')}</th><th scope="col">{t('products.state')}</th><th scope="col" class="num">{t('dash.total')}</th></tr></thead>
        <tbody>
          {items.map((s) => (
            <tr data-sale={s.id}>
              <th scope="row">{s.number}</th><td>{dateTime(s.created_at)}</td>
              <td>{t('sale.status.' + s.status)}</td><td class="num">{money(s.total, s.currency ?? currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page && !items.length && <p class="empty">{t('customers.noSales')}</p>}
      <div class="buttons pager">
        <button type="button" id="purchases-previous" disabled={cursors.length < 2}
          onClick={() => { const back = cursors.slice(0, -1); setCursors(back); load(back[back.length - 1]); }}>{t('products.previous')}</button>
        <button type="button" id="purchases-next" disabled={!page?.next_cursor}
          onClick={() => { setCursors([...cursors, page.next_cursor]); load(page.next_cursor); }}>{t('products.next')}</button>
      </div>
    </div>
  );
}

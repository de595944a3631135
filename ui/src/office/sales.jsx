// Sales (ADMIN and MANAGER): find one by its number, or list a period's sales (of a customer found by
// phone, if given), newest first; open one to see its lines and payments and to get its receipt or
// invoice as PDF again.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../messages.js';
import { money, quantity, dateTime } from '../format.js';
import { Problem, explain } from '../problems.js';
import { OfficePage } from './layout.jsx';
import { Field, described, checkText } from './form.jsx';
import { pdf } from './download.js';
import { today } from '../dashboard.jsx';

const PAGE = 25;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^[A-Za-z0-9/_-]+$/;

export function SalesScreen({ me, onSignOut, onTill, timeZone }) {
  const [number, setNumber] = useState('');
  const [from, setFrom] = useState(() => today(timeZone));
  const [to, setTo] = useState(() => today(timeZone));
  const [phone, setPhone] = useState('');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [query, setQuery] = useState(null);
  const [page, setPage] = useState(null);
  const [cursors, setCursors] = useState([null]);
  const [sale, setSale] = useState(null);

  async function findByNumber(e) {
    e.preventDefault();
    const error = checkText(number, t('sales.number'), 16) ?? (NUMBER.test(number.trim()) ? null : t('sales.badNumber'));
    setErrors({ number: error });
    setFailure(null);
    if (error) return;
    try {
      setSale(await api.get('/api/v1/sales/by-number?number=' + encodeURIComponent(number.trim())));
    } catch (err) {
      setSale(null);
      setErrors({ number: err instanceof Problem && err.status === 404 ? t('sales.noNumber', { number: number.trim() }) : explain(err) });
    }
  }

  async function load(q, cursor) {
    const params = new URLSearchParams({ from: q.from, to: q.to, limit: String(PAGE) });
    if (q.customer) params.set('customer_id', q.customer);
    if (cursor) params.set('cursor', cursor);
    try {
      setPage(await api.get('/api/v1/sales?' + params));
      setFailure(null);
    } catch (err) {
      setFailure(explain(err, { from: t('sales.from') + ':', to: t('sales.to') + ':' }));
    }
  }

  async function list(e) {
    e.preventDefault();
    const found = {
      from: !DAY.test(from) ? t('sales.badDay', { field: t('sales.from') }) : null,
      to: !DAY.test(to) ? t('sales.badDay', { field: t('sales.to') }) : null,
      phone: checkText(phone, t('customer.phone'), 32, false) ?? (phone.trim() && !/^[0-9+()\s.-]+$/.test(phone.trim()) ? t('err.phone') : null),
    };
    if (!found.from && !found.to && from > to) found.to = t('sales.toBeforeFrom');
    setErrors(found);
    setFailure(null);
    if (Object.values(found).some(Boolean)) return;
    let customer = null;
    if (phone.trim()) {
      try {
        const match = await api.get('/api/v1/customers?limit=2&phone=' + encodeURIComponent(phone.trim()));
        if (!match.items?.length) { setErrors({ phone: t('customer.notFound') }); return; }
        if (match.items.length > 1) { setErrors({ phone: t('sales.manyCustomers') }); return; }
        customer = match.items[0].id;
      } catch (err) {
        setErrors({ phone: explain(err, { phone: t('customer.phone') + ':' }) });
        return;
      }
    }
    const q = { from, to, customer };
    setQuery(q);
    setCursors([null]);
    load(q, null);
  }

  const items = page?.items ?? [];
  return (
    <OfficePage me={me} current="sales" title={t('sales.title')} id="sales" onSignOut={onSignOut} onTill={onTill}>
      {failure && <p class="error banner" role="alert" id="sales-failure">{failure}</p>}
      <div class="forms">
        <form id="sale-number-form" class="subform" role="search" onSubmit={findByNumber} novalidate aria-labelledby="sale-number-title">
          <h2 id="sale-number-title">{t('sales.byNumber')}</h2>
          <Field id="sale-number" label={t('sales.number')} error={errors.number} hint={t('sales.numberHint')}>
            <input id="sale-number" value={number} maxLength={100} autoComplete="off" onInput={(e) => setNumber(e.currentTarget.value)} {...described('sale-number', errors.number, t('sales.numberHint'))} />
          </Field>
          <button type="submit" class="primary">{t('customer.find')}</button>
        </form>
        <form id="sale-period-form" class="subform" role="search" onSubmit={list} novalidate aria-labelledby="sale-period-title">
          <h2 id="sale-period-title">{t('sales.byPeriod')}</h2>
          <Field id="sale-from" label={t('sales.from')} error={errors.from}>
            <input id="sale-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} {...described('sale-from', errors.from)} />
          </Field>
          <Field id="sale-to" label={t('sales.to')} error={errors.to}>
            <input id="sale-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} {...described('sale-to', errors.to)} />
          </Field>
          <Field id="sale-phone" label={t('sales.customerPhone')} error={errors.phone}>
            <input id="sale-phone" inputMode="tel" value={phone} maxLength={64} onInput={(e) => setPhone(e.currentTarget.value)} {...described('sale-phone', errors.phone)} />
          </Field>
          <button type="submit" class="primary">{t('sales.list')}</button>
        </form>
      </div>
      {query && (
        <section class="panel" aria-labelledby="sale-list-title">
          <h2 id="sale-list-title">{t('sales.found', { from: query.from, to: query.to })}</h2>
          <table class="data" id="sale-list">
            <thead><tr><th scope="col">{t('customers.number')}</th><th scope="col">{t('stock.when')}</th><th scope="col">{t('products.state')}</th><th scope="col" class="num">{t('dash.total')}</th><th scope="col"><span class="sr-only">{t('stock.open')}</span></th></tr></thead>
            <tbody>
              {items.map((s) => (
                <tr data-sale={s.id}>
                  <th scope="row">{s.number}</th><td>{dateTime(s.created_at)}</td><td>{t('sale.status.' + s.status)}</td>
                  <td class="num">{money(s.total, s.currency)}</td>
                  <td><button type="button" class="small" onClick={() => setSale(s)} aria-label={t('stock.openOne', { name: s.number })}>{t('stock.open')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
          {page && !items.length && <p class="empty" id="sales-none">{t('sales.none')}</p>}
          <div class="buttons pager">
            <button type="button" id="sales-previous" disabled={cursors.length < 2}
              onClick={() => { const back = cursors.slice(0, -1); setCursors(back); load(query, back[back.length - 1]); }}>{t('products.previous')}</button>
            <button type="button" id="sales-next" disabled={!page?.next_cursor}
              onClick={() => { setCursors([...cursors, page.next_cursor]); load(query, page.next_cursor); }}>{t('products.next')}</button>
          </div>
        </section>
      )}
      {sale && <SaleView key={sale.id} sale={sale} onClose={() => setSale(null)} />}
    </OfficePage>
  );
}

function SaleView({ sale, onClose }) {
  const [files, setFiles] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(null);
  useEffect(() => () => Object.values(files).forEach((f) => URL.revokeObjectURL(f.url)), [files]);
  const c = sale.currency;
  const fileName = (kind) => `${kind}-${sale.number.replace(/[^A-Za-z0-9-]/g, '_')}.pdf`;

  async function get(kind) {
    setBusy(kind);
    setFailure(null);
    try {
      const file = await pdf(`/api/v1/sales/${sale.id}/${kind}.pdf`, fileName(kind));
      setFiles((f) => ({ ...f, [kind]: file }));
    } catch (err) {
      setFailure(explain(err));
    } finally {
      setBusy(null);
    }
  }
  return (
    <section class="panel" aria-labelledby="sale-title" id="sale">
      <div class="dash-head">
        <h2 id="sale-title">{t('receipt.number', { number: sale.number })}</h2>
        <button type="button" onClick={onClose}>{t('close')}</button>
      </div>
      <p>{dateTime(sale.created_at)} · {t('sale.status.' + sale.status)}{sale.void_reason ? ` (${sale.void_reason})` : ''}</p>
      <table class="data" id="sale-lines">
        <thead><tr><th scope="col">{t('dash.product')}</th><th scope="col" class="num">{t('dash.quantity')}</th><th scope="col" class="num">{t('sale.price')}</th><th scope="col" class="num">{t('sale.tax')}</th><th scope="col" class="num">{t('dash.total')}</th></tr></thead>
        <tbody>
          {(sale.lines ?? []).map((l) => (
            <tr><th scope="row">{l.name} <span class="small">{l.sku}</span></th><td class="num">{quantity(l.quantity)}</td><td class="num">{money(l.unit_price, c)}</td><td class="num">{money(l.tax_total, c)}</td><td class="num">{money(l.total, c)}</td></tr>
          ))}
        </tbody>
        <tfoot><tr><th scope="row" colSpan={4}>{t('sale.total')}</th><td class="num" id="sale-total">{money(sale.total, c)}</td></tr></tfoot>
      </table>
      <p>{(sale.payments ?? []).map((p) => `${t('method.' + p.method)} ${money(p.amount, c)}`).join(' · ')}</p>
      {failure && <p class="error banner" role="alert" id="sale-failure">{failure}</p>}
      <div class="buttons">
        {['receipt', 'invoice'].map((kind) => (
          <span class="document">
            <button type="button" id={'get-' + kind} disabled={busy === kind} onClick={() => get(kind)}>{t('sales.get.' + kind)}</button>
            {files[kind] && <a id={'file-' + kind} href={files[kind].url} download={files[kind].name} data-bytes={files[kind].bytes}>{t('sales.save', { name: files[kind].name, kb: Math.max(1, Math.round(files[kind].bytes / 1024)) })}</a>}
          </span>
        ))}
      </div>
    </section>
  );
}

// Returns and voids at the till: find the sale by its receipt number (typed, or scanned from the receipt),
// choose lines and quantities, and refund what Kassa prices (POST /sales/{id}/returns/quote: the till never
// computes the refund itself). A cashier's return or void needs a manager, who types their password here
// (POST /api/v1/approvals, 100 %); the request then carries the approval in the Kassa-Approval header.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from './api.js';
import { t } from './messages.js';
import { money, quantity } from './format.js';
import { Problem, explain } from './problems.js';
import { newKey } from './cart.js';
import { askedLines, receiptQuery } from './returning.js';

async function findSale(query) {
  if (query.id) return api.get('/api/v1/sales/' + query.id);
  return api.get('/api/v1/sales/by-number?number=' + encodeURIComponent(query.number));
}

async function approval(sale, approver, password, code) {
  const issued = await api.post('/api/v1/approvals', {
    approver_username: approver, approver_password: password, location_id: sale.location_id, max_percent: 100,
    ...(code ? { approver_code: code } : {}),
  });
  return issued.approval_token;
}

export function ReturnDialog({ terminal, currency, Field, described, Dialog, onDone, onClose }) {
  const [number, setNumber] = useState('');
  const [sale, setSale] = useState(null);
  const [quote, setQuote] = useState(null);
  const [pricing, setPricing] = useState(false);
  const [typed, setTyped] = useState({});
  const [restock, setRestock] = useState({});
  const [method, setMethod] = useState('CASH');
  const [reason, setReason] = useState('');
  const [approver, setApprover] = useState('');
  const [password, setPassword] = useState('');
  // shown once the server says this manager uses two-step sign-in
  const [needsCode, setNeedsCode] = useState(false);
  const [approverCode, setApproverCode] = useState('');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const asked = useRef('');
  const key = useRef(newKey());

  async function find(e) {
    e.preventDefault();
    const q = receiptQuery(number);
    if (q.error) {
      setErrors({ number: t(q.error, { field: t('return.number'), max: 64 }) });
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      const found = await findSale(q);
      const priced = await api.post(`/api/v1/sales/${found.id}/returns/quote`, { lines: [] });
      asked.current = '[]';
      setSale(found);
      setQuote(priced);
      setTyped({});
      setRestock({});
      setMethod(found.payments?.[0]?.method ?? 'CASH');
    } catch (err) {
      if (err instanceof Problem && err.status === 404) setErrors({ number: t('return.notFound', { number: number.trim() }) });
      else if (err instanceof Problem && err.code === 'sale_voided') setErrors({ number: t('return.voided') });
      else setFailure(explain(err));
    } finally {
      setBusy(false);
    }
  }

  // every change of the quantities asks Kassa for the refund; only its answer is shown and refunded
  useEffect(() => {
    if (!sale || !quote) return undefined;
    const { asked: lines, errors: wrong } = askedLines(quote.lines, typed);
    setErrors((x) => ({ ...x, lines: wrong }));
    const wanted = JSON.stringify(lines);
    if (Object.keys(wrong).length || wanted === asked.current) return undefined;
    setPricing(true);
    const timer = setTimeout(async () => {
      try {
        const priced = await api.post(`/api/v1/sales/${sale.id}/returns/quote`, { lines });
        asked.current = wanted;
        setQuote(priced);
        setFailure(null);
      } catch (err) {
        setFailure(explain(err, Object.fromEntries(lines.map((_, i) => [`lines[${i}].quantity`, t('return.lineQty', { n: i + 1 }) + ':']))));
      } finally {
        setPricing(false);
      }
    }, 200);
    return () => clearTimeout(timer);
  }, [typed, sale]);

  function common() {
    const found = {};
    const r = reason.trim();
    if (!r) found.reason = t('err.required', { field: t('return.reason') });
    else if (r.length > 500) found.reason = t('err.tooLong', { field: t('return.reason'), max: 500 });
    if (quote.approval_needed) {
      if (!approver.trim()) found.approver = t('err.required', { field: t('approval.manager') });
      else if (approver.trim().length > 64) found.approver = t('err.tooLong', { field: t('approval.manager'), max: 64 });
      if (!password) found.password = t('err.required', { field: t('approval.password') });
      else if (password.length > 128) found.password = t('err.tooLong', { field: t('approval.password'), max: 128 });
      if (needsCode && !approverCode.trim()) found.code = t('err.required', { field: t('approval.code') });
      else if (approverCode.trim().length > 32) found.code = t('err.tooLong', { field: t('approval.code'), max: 32 });
    }
    return found;
  }

  async function headers() {
    return quote.approval_needed ? { 'Kassa-Approval': await approval(sale, approver.trim(), password, approverCode.trim()) } : {};
  }

  function refused(err) {
    if (err instanceof Problem && err.code === 'approval_code_required') {
      setNeedsCode(true);
      setErrors((x) => ({ ...x, code: t('err.required', { field: t('approval.code') }) }));
      setTimeout(() => document.getElementById('approver-code')?.focus(), 0);
      return;
    }
    setPassword('');
    setApproverCode('');
    if (err instanceof Problem && err.code === 'approval_refused') {
      setErrors((x) => ({ ...x, approver: t('approval.refused', { detail: err.detail }) }));
    } else {
      setFailure(explain(err, { reason: t('return.reason') + ':', refunds: t('return.refund') + ':' }));
    }
  }

  async function refund(e) {
    e.preventDefault();
    const { asked: lines, errors: wrong } = askedLines(quote.lines, typed);
    const found = { ...common(), lines: wrong };
    if (!lines.length && !Object.keys(wrong).length) found.general = t('return.nothing');
    setErrors(found);
    if (found.reason || found.approver || found.password || found.code || found.general || Object.keys(wrong).length) return;
    if (pricing || JSON.stringify(lines) !== asked.current) return;
    setBusy(true);
    setFailure(null);
    try {
      const extra = await headers();
      const body = {
        lines: lines.map((l) => ({ ...l, restock: restock[l.sale_line_id] ?? true })),
        refunds: [{ method, amount: quote.total }],
        reason: reason.trim(),
        ...(terminal.terminalId ? { terminal_id: terminal.terminalId } : {}),
      };
      const made = await api.post(`/api/v1/sales/${sale.id}/returns`, body, { idempotent: true, key: key.current, headers: extra });
      onDone(t('return.done', { number: made.number, amount: money(made.total, currency), method: t('method.' + method) }));
    } catch (err) {
      if (err instanceof Problem) key.current = newKey();
      refused(err);
    } finally {
      setBusy(false);
    }
  }

  async function voidSale() {
    const found = common();
    setErrors(found);
    if (found.reason || found.approver || found.password || found.code) return;
    setBusy(true);
    setFailure(null);
    try {
      const extra = await headers();
      const voided = await api.post(`/api/v1/sales/${sale.id}/void`, { reason: reason.trim() }, { headers: extra });
      onDone(t('void.done', { number: voided.number, amount: money(voided.total, currency) }));
    } catch (err) {
      if (err instanceof Problem && err.code === 'void_not_same_day') setFailure(t('void.notToday'));
      else refused(err);
    } finally {
      setBusy(false);
    }
  }

  const lineErrors = errors.lines ?? {};
  const current = JSON.stringify(quote ? askedLines(quote.lines, typed).asked : []) === asked.current && !pricing;
  return (
    <Dialog title={t('return.title')} onClose={onClose} wide>
      <form onSubmit={find} novalidate id="return-find">
        <Field id="return-number" label={t('return.number')} error={errors.number} hint={t('return.numberHint')}>
          <input id="return-number" value={number} maxLength={80} autoComplete="off" onInput={(e) => setNumber(e.currentTarget.value)} {...described('return-number', errors.number, t('return.numberHint'))} />
        </Field>
        <button type="submit" id="return-find-submit" disabled={busy}>{t('return.find')}</button>
      </form>
      {failure && <p class="error banner" role="alert" id="return-failure">{failure}</p>}
      {sale && quote && (
        <form onSubmit={refund} novalidate id="return-form">
          <p id="return-sale">{t('return.sale', { number: sale.number, amount: money(sale.total, currency) })}</p>
          <table class="lines" id="return-lines">
            <thead>
              <tr><th scope="col">{t('sale.product')}</th><th scope="col" class="num">{t('return.sold')}</th><th scope="col" class="num">{t('return.returnable')}</th><th scope="col">{t('return.qty')}</th><th scope="col">{t('return.restock')}</th><th scope="col" class="num">{t('return.amount')}</th></tr>
            </thead>
            <tbody>
              {quote.lines.map((line, i) => {
                const id = 'return-qty-' + i;
                const err = lineErrors[line.sale_line_id];
                return (
                  <>
                    <tr class={err ? 'invalid' : ''} data-sku={line.sku}>
                      <td><label for={id}>{line.name}</label></td>
                      <td class="num">{quantity(line.sold)}</td>
                      <td class="num">{quantity(line.returnable)}</td>
                      <td><input id={id} class="qty-input" inputMode="decimal" maxLength={20} value={typed[line.sale_line_id] ?? ''} disabled={Number(line.returnable) === 0}
                        aria-label={t('return.lineQty', { n: i + 1 })} {...(err ? { 'aria-invalid': 'true', 'aria-describedby': id + '-error' } : {})}
                        onInput={(e) => { const v = e.currentTarget.value; setTyped((x) => ({ ...x, [line.sale_line_id]: v })); }} /></td>
                      <td><input type="checkbox" id={'return-restock-' + i} aria-label={t('return.restockLine', { n: i + 1 })} checked={restock[line.sale_line_id] ?? true}
                        onChange={(e) => { const v = e.currentTarget.checked; setRestock((x) => ({ ...x, [line.sale_line_id]: v })); }} /></td>
                      <td class="num">{money(line.amount, currency)}</td>
                    </tr>
                    {err && <tr class="line-error"><td colSpan={6} class="error" role="alert" id={id + '-error'}>{err}</td></tr>}
                  </>
                );
              })}
            </tbody>
          </table>
          <p class="due">{t('return.refund')}: <strong id="return-total">{pricing ? t('sale.pricing') : money(quote.total, currency)}</strong></p>
          <fieldset class="methods">
            <legend>{t('return.method')}</legend>
            {['CASH', 'CARD', 'UPI'].map((m) => (
              <label class={'method' + (method === m ? ' chosen' : '')}>
                <input type="radio" name="refund-method" value={m} checked={method === m} onChange={() => setMethod(m)} id={'refund-' + m} />
                {t('method.' + m)}
              </label>
            ))}
          </fieldset>
          <Field id="return-reason" label={t('return.reason')} error={errors.reason}>
            <input id="return-reason" value={reason} maxLength={600} onInput={(e) => setReason(e.currentTarget.value)} {...described('return-reason', errors.reason)} />
          </Field>
          {quote.approval_needed && (
            <fieldset class="approval" id="approval">
              <legend>{t('approval.title')}</legend>
              <Field id="approver-name" label={t('approval.manager')} error={errors.approver}>
                <input id="approver-name" value={approver} maxLength={80} autoComplete="off" onInput={(e) => setApprover(e.currentTarget.value)} {...described('approver-name', errors.approver)} />
              </Field>
              <Field id="approver-password" label={t('approval.password')} error={errors.password}>
                <input id="approver-password" type="password" value={password} maxLength={200} autoComplete="off" onInput={(e) => setPassword(e.currentTarget.value)} {...described('approver-password', errors.password)} />
              </Field>
              {needsCode && (
                <Field id="approver-code" label={t('approval.code')} error={errors.code}>
                  <input id="approver-code" value={approverCode} maxLength={40} autoComplete="off" onInput={(e) => setApproverCode(e.currentTarget.value)} {...described('approver-code', errors.code)} />
                </Field>
              )}
            </fieldset>
          )}
          {errors.general && <p class="error" role="alert" id="return-nothing">{errors.general}</p>}
          <div class="buttons">
            <button type="submit" class="primary big" id="return-submit" disabled={busy || !current}>{t('return.submit', { amount: money(quote.total, currency) })}</button>
            <button type="button" class="danger" id="void-submit" disabled={busy} onClick={voidSale}>{t('void.submit')}</button>
            <button type="button" onClick={onClose}>{t('cancel')}</button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

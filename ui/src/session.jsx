// Terminals and cash sessions (the tills module): open with a float, paid in and out, no sale, the X
// report, and the blind close that ends with the Z report on screen and on paper.
import { useEffect, useState } from 'preact/hooks';
import * as api from './api.js';
import { t } from './messages.js';
import { money, parseDecimal, dateTime } from './format.js';
import { Problem, explain } from './problems.js';

let available = null;

/** Whether this Kassa has the tills module (terminals and sessions); asked once. */
export async function tillsAvailable() {
  if (available !== null) return available;
  try {
    await api.get('/api/v1/terminals?limit=1');
    available = true;
  } catch (e) {
    if (e instanceof Problem && e.status === 404) available = false;
    else throw e;
  }
  return available;
}

export async function terminalsOf(locationId) {
  const page = await api.get(`/api/v1/terminals?active=true&limit=100&location_id=${locationId}`);
  return page.items ?? [];
}

export async function createTerminal(locationId, code, name, paperWidth) {
  return api.post('/api/v1/terminals', { location_id: locationId, code, name, paper_width: Number(paperWidth) }, { idempotent: true });
}

/** The terminal's session that is not closed yet (OPEN or CLOSING), or null. */
export async function currentSession(terminalId) {
  for (const state of ['OPEN', 'CLOSING']) {
    const page = await api.get(`/api/v1/till-sessions?terminal_id=${terminalId}&state=${state}&limit=1`);
    if (page.items?.length) return page.items[0];
  }
  return null;
}

export function amountError(text, label, { allowZero = true, required = true } = {}) {
  const a = parseDecimal(text, { decimals: 2, allowZero, required, max: 1e12 });
  return a.error ? { error: t(a.error, { field: label, n: a.n }) } : { value: a.value };
}

export function OpenSession({ terminal, currency, onOpened, Field, described }) {
  const [float, setFloat] = useState('');
  const [error, setError] = useState(null);
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    const a = amountError(float, t('session.float'));
    setError(a.error ?? null);
    if (a.error) return;
    setBusy(true);
    setFailure(null);
    try {
      onOpened(await api.post('/api/v1/till-sessions', { terminal_id: terminal.terminalId, opening_float: a.value }, { idempotent: true }));
    } catch (err) {
      const fields = err instanceof Problem ? err.errors.map((f) => f.field) : [];
      if (fields.includes('opening_float')) setError(explain(err, { opening_float: t('session.float') + ':' }));
      else setFailure(explain(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card open-session" id="open-session" onSubmit={submit} novalidate>
      <h2>{t('session.closedTitle', { terminal: terminal.name })}</h2>
      <p>{t('session.openIntro')}</p>
      {failure && <p class="error banner" role="alert" id="open-session-failure">{failure}</p>}
      <Field id="opening-float" label={t('session.float')} error={error}>
        <input id="opening-float" inputMode="decimal" value={float} maxLength={40} onInput={(e) => setFloat(e.currentTarget.value)} {...described('opening-float', error)} />
      </Field>
      <button type="submit" class="primary big" disabled={busy}>{t('session.open')}</button>
    </form>
  );
}

/** Paid in, paid out, a cash drop or a no-sale: an amount (not for a no-sale) and a reason. */
export function MovementDialog({ kind, session, currency, onDone, Field, described }) {
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const needsAmount = kind !== 'no-sale';

  async function submit(e) {
    e.preventDefault();
    const found = {};
    let value = null;
    if (needsAmount) {
      const a = amountError(amount, t('tender.amount'), { allowZero: false });
      if (a.error) found.amount = a.error;
      value = a.value;
    }
    if (reason.trim().length > 500) found.reason = t('err.tooLong', { field: t('session.reason'), max: 500 });
    if (needsAmount && kind !== 'drops' && !reason.trim()) found.reason = t('err.required', { field: t('session.reason') });
    setErrors(found);
    if (found.amount || found.reason) return;
    setBusy(true);
    setFailure(null);
    try {
      const body = needsAmount ? { amount: value, reason: reason.trim() || undefined } : { reason: reason.trim() || undefined };
      await api.post(`/api/v1/till-sessions/${session.id}/${kind}`, body, { idempotent: true });
      onDone(t('session.recorded.' + kind, { amount: money(value, currency) }));
    } catch (err) {
      setFailure(explain(err, { amount: t('tender.amount') + ':', reason: t('session.reason') + ':' }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} novalidate id="movement-form">
      {failure && <p class="error banner" role="alert" id="movement-failure">{failure}</p>}
      {needsAmount && (
        <Field id="movement-amount" label={t('tender.amount')} error={errors.amount}>
          <input id="movement-amount" inputMode="decimal" value={amount} maxLength={40} onInput={(e) => setAmount(e.currentTarget.value)} {...described('movement-amount', errors.amount)} />
        </Field>
      )}
      <Field id="movement-reason" label={t('session.reason')} error={errors.reason}>
        <input id="movement-reason" value={reason} maxLength={1000} onInput={(e) => setReason(e.currentTarget.value)} {...described('movement-reason', errors.reason)} />
      </Field>
      <button type="submit" class="primary" disabled={busy}>{t('session.record')}</button>
    </form>
  );
}

/** The blind close: what was counted per method, never what was expected. */
export function CloseDialog({ session, currency, onClosed, Field, described }) {
  const [counts, setCounts] = useState({ CASH: '', CARD: '', UPI: '' });
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    const found = {};
    const counted = [];
    for (const m of ['CASH', 'CARD', 'UPI']) {
      const a = amountError(counts[m], t('method.' + m), { required: m === 'CASH' });
      if (a.error) found[m] = a.error;
      else if (a.value !== null) counted.push({ method: m, amount: a.value });
    }
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setFailure(null);
    try {
      const closed = await api.post(`/api/v1/till-sessions/${session.id}/close`, { counted }, { idempotent: true });
      onClosed(closed);
    } catch (err) {
      setFailure(explain(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} novalidate id="close-form">
      <p>{t('session.blind')}</p>
      {failure && <p class="error banner" role="alert" id="close-failure">{failure}</p>}
      {['CASH', 'CARD', 'UPI'].map((m) => (
        <Field id={'count-' + m} label={t('session.counted.' + m)} error={errors[m]}>
          <input id={'count-' + m} inputMode="decimal" value={counts[m]} maxLength={40}
            onInput={(e) => setCounts({ ...counts, [m]: e.currentTarget.value })} {...described('count-' + m, errors[m])} />
        </Field>
      ))}
      <button type="submit" class="primary big" disabled={busy}>{t('session.closeSubmit')}</button>
    </form>
  );
}

/** An X or Z report's figures, as a table that prints at the terminal's paper width. */
export function TillReportView({ report, terminal, id }) {
  const c = report.currency;
  const row = (label, value) => <tr><th scope="row">{label}</th><td class="num">{value}</td></tr>;
  return (
    <article class={'receipt paper-' + terminal.paper} id={id} aria-label={report.kind + ' report'}>
      <h1>{report.kind === 'Z' ? t('report.z', { number: report.number ?? '' }) : t('report.x')}</h1>
      <p class="center">{report.terminal_code} · {report.terminal_name}</p>
      <p class="center">{dateTime(report.opened_at, terminal.timeZone)} – {report.closed_at ? dateTime(report.closed_at, terminal.timeZone) : dateTime(report.generated_at, terminal.timeZone)}</p>
      <table>
        <tbody>
          {row(t('session.float'), money(report.opening_float, c))}
          {row(t('report.sales', { n: report.sales.count }), money(report.sales.amount, c))}
          {row(t('report.returns', { n: report.returns.count }), money(report.returns.amount, c))}
          {row(t('report.voids', { n: report.voids.count }), money(report.voids.amount, c))}
          {row(t('report.paidIn'), money(report.paid_in.amount, c))}
          {row(t('report.paidOut'), money(report.paid_out.amount, c))}
          {row(t('report.noSales'), report.no_sales)}
          {row(t('report.net'), money(report.net_sales, c))}
        </tbody>
      </table>
      <table>
        <thead><tr><th scope="col">{t('tender.method')}</th><th scope="col" class="num">{t('report.net')}</th><th scope="col" class="num">{t('report.counted')}</th><th scope="col" class="num">{t('report.variance')}</th></tr></thead>
        <tbody>
          {report.methods.map((m) => (
            <tr><th scope="row">{t('method.' + m.method)}</th><td class="num">{money(m.net, c)}</td><td class="num">{m.counted == null ? '—' : money(m.counted, c)}</td><td class="num">{m.variance == null ? '—' : money(m.variance, c)}</td></tr>
          ))}
        </tbody>
      </table>
      {report.variance_total != null && <p class="center" id={id + '-variance'}>{t('report.variance')}: {money(report.variance_total, c)}</p>}
      {report.first_number && <p class="center">{report.first_number} – {report.last_number}</p>}
      {report.kind === 'Z' && <p class="center">{t('report.grand', { amount: money(report.grand_total, c) })}</p>}
    </article>
  );
}

export async function xReport(session) {
  return api.get(`/api/v1/till-sessions/${session.id}/x-report`);
}

export async function zReport(session) {
  const z = await api.get(`/api/v1/till-sessions/${session.id}/z-report`);
  return z.report ?? z;
}

export function useEffectOnce(fn) {
  useEffect(fn, []);
}

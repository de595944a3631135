// Reports (ADMIN and MANAGER): a location's, or every location's, business day or range of days, as the
// report API answers it: totals, sales by day and by hour (charts, with their tables), payment methods,
// cashiers, terminals, products, categories, refunds and estimates; the GST summary by rate; and the till
// variances per cashier with their sessions. The address holds the filters (#/reports?location=&from=&to=), so
// a report can be bookmarked and the back button goes to the one before. Every table downloads as CSV, made
// here from the figures shown; the figures are the endpoints' own, only per-session rows are added up (exactly).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import * as api from '../api.js';
import { t } from '../messages.js';
import { money, quantity, dateTime } from '../format.js';
import { explain } from '../problems.js';
import { OfficePage } from './layout.jsx';
import { Field, described } from './form.jsx';
import { startOfDay, nextDay } from './day.js';
import { today } from '../dashboard.jsx';
import {
  MAX_DAYS, addressOf, byTerminal, checkPeriod, csvName, filtersOf, fixed,
  tableCsv, taxTotals, variancesByCashier,
} from './reportdata.js';

const enc = encodeURIComponent;

function scaleOf(currency) {
  try {
    return new Intl.NumberFormat('en-IN', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

async function readSales(f, zone) {
  const where = f.location ? '&location_id=' + enc(f.location) : '';
  const from = enc(startOfDay(f.from, zone));
  const to = enc(startOfDay(nextDay(f.to), zone));
  const [report, variances, tills] = await Promise.allSettled([
    api.get(`/api/v1/reports/range?from=${f.from}&to=${f.to}&top=20${where}`),
    api.get(`/api/v1/till-reports/variances?from=${from}&to=${to}${where}`),
    api.get(`/api/v1/till-reports/sales?from=${from}&to=${to}${where}`),
  ]);
  return { report, variances, tills };
}

function Bars({ id, labels, values, currency }) {
  const ref = useRef(null);
  useEffect(() => {
    const xs = labels.map((_, i) => i);
    const width = Math.max(280, Math.min(960, ref.current.clientWidth || 720));
    const plot = new uPlot({
      width,
      height: 220,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] } },
      axes: [
        { values: (u, vals) => vals.map((v) => (Number.isInteger(v) ? labels[v] ?? '' : '')) },
        { size: 80, values: (u, vals) => vals.map((v) => money(v, currency).replace(/\.00$/, '')) },
      ],
      series: [{}, { label: t('dash.total'), stroke: '#0b5cab', fill: 'rgba(11,92,171,.55)', width: 1, paths: uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false } }],
    }, [xs, values.map(Number)], ref.current);
    return () => plot.destroy();
  }, [JSON.stringify(labels), JSON.stringify(values), currency]);
  return <div class="chart" ref={ref} aria-hidden="true" id={id} />;
}

/** A download link of a CSV made here; its blob URL is let go when the text changes or the table goes. */
function CsvLink({ id, name, text, title }) {
  const url = useMemo(() => URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' })), [text]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <a class="button csv no-print" id={id} href={url} download={name} data-name={name}>
      {t('reports.csv')}<span class="sr-only">: {title}</span>
    </a>
  );
}

/**
 * A section with a table, its CSV, and what comes before the table (a chart). columns: {label, value(row),
 * show(row)?, money?, num?}; the first column heads its row.
 */
function Table({ id, title, columns, rows, ctx, before, foot, empty, wide, double, csvRows }) {
  const text = useMemo(() => tableCsv(columns, csvRows ?? rows, ctx.scale), [columns, rows, csvRows, ctx.scale]);
  return (
    <section class={'panel' + (wide ? ' wide-panel' : '') + (double ? ' double-panel' : '')} aria-labelledby={id + '-title'} id={id}>
      <div class="dash-head">
        <h3 id={id + '-title'}>{title}</h3>
        {rows.length > 0 && <CsvLink id={id + '-csv'} name={csvName(id, ctx.from, ctx.to)} text={text} title={title} />}
      </div>
      {before}
      {rows.length > 0 ? (
        <table class="data" id={id + '-table'}>
          <thead><tr>{columns.map((c) => <th scope="col" class={c.money || c.num ? 'num' : undefined}>{c.label}</th>)}</tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                {columns.map((c, i) => {
                  const shown = c.show ? c.show(r) : c.money ? money(c.value(r), ctx.currency) : String(c.value(r) ?? '—');
                  const cls = (c.money || c.num ? 'num' : '') + (c.off && c.off(r) ? ' off' : '');
                  return i === 0 ? <th scope="row" class={cls || undefined}>{shown}</th> : <td class={cls || undefined} data-value={c.money ? fixed(c.value(r), ctx.scale) : undefined}>{shown}</td>;
                })}
              </tr>
            ))}
          </tbody>
          {foot}
        </table>
      ) : <p class="empty">{empty ?? t('reports.none')}</p>}
    </section>
  );
}

function Figure({ id, label, value, raw }) {
  return (
    <div class="figure">
      <dt>{label}</dt>
      <dd id={id} data-value={raw ?? ''}>{value}</dd>
    </div>
  );
}

const hourLabel = (h) => String(h).padStart(2, '0');

export function ReportsScreen({ me, onSignOut, onTill, org, params }) {
  const orgZone = org?.time_zone ?? 'UTC';
  const asked = useMemo(() => filtersOf(params, today(orgZone)), [JSON.stringify(params)]);
  const [locations, setLocations] = useState(null);
  const [location, setLocation] = useState(asked.location);
  const [mode, setMode] = useState(asked.from === asked.to ? 'day' : 'range');
  const [from, setFrom] = useState(asked.from);
  const [to, setTo] = useState(asked.to);
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [data, setData] = useState(null);
  const [busy, setBusy] = useState(false);
  const [again, setAgain] = useState(0);

  useEffect(() => {
    api.get('/api/v1/locations?limit=200').then((page) => setLocations(page.items ?? []), (err) => {
      setLocations([]);
      setFailure(explain(err));
    });
  }, []);

  const fieldNames = { from: t('reports.from') + ':', to: t('reports.to') + ':', location_id: t('dash.location') + ':' };

  // the report of the address: checked as the API checks it, then read
  useEffect(() => {
    if (locations === null) return;
    const found = checkPeriod(asked.from, asked.to);
    setErrors(Object.fromEntries(Object.entries(found).map(([k, v]) => [k, t(v, { field: t('reports.' + k), max: MAX_DAYS })])));
    if (Object.keys(found).length) { setData(null); return; }
    const zone = locations.find((l) => l.id === asked.location)?.time_zone ?? orgZone;
    let current = true;
    setBusy(true);
    setFailure(null);
    readSales(asked, zone).then((answer) => {
      if (!current) return;
      setBusy(false);
      if (answer.report.status === 'rejected') {
        setData(null);
        setFailure(explain(answer.report.reason, fieldNames));
        return;
      }
      setData({ ...answer, zone });
    });
    return () => { current = false; };
  }, [locations, asked, again]);

  function show(e) {
    e.preventDefault();
    const period = mode === 'day' ? { from, to: from } : { from, to };
    const found = checkPeriod(period.from, period.to);
    const words = Object.fromEntries(Object.entries(found).map(([k, v]) => [mode === 'day' ? 'from' : k, t(v, { field: t(mode === 'day' ? 'reports.day' : 'reports.' + k), max: MAX_DAYS })]));
    setErrors(words);
    if (Object.keys(words).length) {
      document.getElementById(words.from ? 'report-from' : 'report-to')?.focus();
      return;
    }
    const address = addressOf({ location, ...period });
    if (address === window.location.hash) setAgain((n) => n + 1);
    else window.location.hash = address;
  }

  const report = data?.report.value;
  const c = report?.period?.currency ?? org?.currency ?? 'INR';
  const ctx = { currency: c, scale: scaleOf(c), from: asked.from, to: asked.to };
  const names = Object.fromEntries([[me.id, me.username], ...(report?.by_cashier ?? []).map((x) => [x.cashier_id, x.username])]);
  const cashier = (id) => names[id] ?? t('today.someone');
  const place = location ? (locations ?? []).find((l) => l.id === location) : null;
  return (
    <OfficePage me={me} current="reports" title={t('reports.title')} id="reports" onSignOut={onSignOut} onTill={onTill}>
      <form id="report-form" class="subform report-form no-print" role="search" aria-label={t('reports.filters')} onSubmit={show} novalidate>
        <div class="forms tight">
          <Field id="report-location" label={t('dash.location')}>
            <select id="report-location" value={location} onChange={(e) => setLocation(e.currentTarget.value)}>
              <option value="">{t('dash.all')}</option>
              {(locations ?? []).map((l) => <option value={l.id}>{l.code} · {l.name}{l.active ? '' : ' ' + t('reports.inactive')}</option>)}
              {location && locations && !place && <option value={location}>{t('reports.unknownLocation')}</option>}
            </select>
          </Field>
          <fieldset class="choice">
            <legend>{t('reports.period')}</legend>
            <label><input type="radio" name="report-mode" id="report-mode-day" value="day" checked={mode === 'day'} onChange={() => setMode('day')} />{t('reports.oneDay')}</label>
            <label><input type="radio" name="report-mode" id="report-mode-range" value="range" checked={mode === 'range'} onChange={() => setMode('range')} />{t('reports.range')}</label>
          </fieldset>
          <Field id="report-from" label={t(mode === 'day' ? 'reports.day' : 'reports.from')} error={errors.from}>
            <input id="report-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} {...described('report-from', errors.from)} />
          </Field>
          {mode === 'range' && (
            <Field id="report-to" label={t('reports.to')} error={errors.to} hint={t('reports.rangeHint', { max: MAX_DAYS })}>
              <input id="report-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} {...described('report-to', errors.to, t('reports.rangeHint', { max: MAX_DAYS }))} />
            </Field>
          )}
        </div>
        <button type="submit" class="primary" id="report-show">{t('reports.show')}</button>
      </form>
      {mode === 'day' && errors.to && <p class="error" role="alert" id="report-to-error">{errors.to}</p>}
      {failure && <p class="error banner" role="alert" id="report-failure">{failure}</p>}
      {busy && <p role="status" id="report-busy">{t('reports.reading')}</p>}
      {report && !busy && (
        <Report report={report} data={data} ctx={ctx} cashier={cashier} place={place} />
      )}
    </OfficePage>
  );
}

function Report({ report, data, ctx, cashier, place }) {
  const s = report.summary;
  const c = ctx.currency;
  const oneDay = ctx.from === ctx.to;
  const period = oneDay ? ctx.from : t('reports.fromTo', { from: ctx.from, to: ctx.to });
  const summaryColumns = [
    { label: t('reports.from'), value: () => ctx.from }, { label: t('reports.to'), value: () => ctx.to },
    { label: t('dash.tickets'), value: (r) => r.count }, { label: t('reports.gross'), value: (r) => r.gross, money: true },
    { label: t('reports.discounts'), value: (r) => r.discounts, money: true }, { label: t('reports.net'), value: (r) => r.net, money: true },
    { label: t('reports.taxable'), value: (r) => r.taxable, money: true }, { label: t('reports.tax'), value: (r) => r.tax, money: true },
    { label: t('reports.total'), value: (r) => r.total, money: true }, { label: t('dash.average'), value: (r) => r.average_ticket, money: true },
  ];
  const hours = report.by_hour ?? [];
  const allHours = [...Array(24).keys()];
  const taxes = report.tax_summary ?? [];
  const totals = taxTotals(taxes);
  const taxColumns = [
    { label: t('reports.rate'), value: (r) => r.rate, show: (r) => (r.total ? t('reports.allRates') : r.rate + ' %') },
    { label: t('reports.cessRate'), value: (r) => r.cess_rate, show: (r) => (r.total ? '' : r.cess_rate + ' %') },
    { label: t('reports.taxable'), value: (r) => r.taxable, money: true }, { label: 'CGST', value: (r) => r.cgst, money: true },
    { label: 'SGST', value: (r) => r.sgst, money: true }, { label: 'IGST', value: (r) => r.igst, money: true },
    { label: t('reports.cess'), value: (r) => r.cess, money: true }, { label: t('reports.tax'), value: (r) => r.tax, money: true },
  ];
  const totalRow = { total: true, rate: t('reports.allRates'), cess_rate: '', ...totals };
  const variances = data.variances.status === 'fulfilled' ? data.variances.value : null;
  const perCashier = variancesByCashier(variances?.sessions);
  const serverNet = Object.fromEntries((variances?.by_cashier ?? []).map((x) => [x.cashier_id, x.variance_total]));
  const terminals = data.tills.status === 'fulfilled' ? byTerminal(data.tills.value.items) : null;
  const off = (v) => v !== null && v !== undefined && Number(v) !== 0;
  return (
    <>
      <nav class="report-sections no-print" aria-label={t('reports.sections')}>
        <a href="#report-sales" onClick={jump('report-sales')}>{t('reports.sales')}</a>
        <a href="#report-gst" onClick={jump('report-gst')}>{t('reports.gst')}</a>
        <a href="#report-tills" onClick={jump('report-tills')}>{t('reports.tills')}</a>
      </nav>
      <p class="period" id="report-period">{(place ? place.code + ' · ' + place.name : t('dash.all'))} · {period}</p>

      <section aria-labelledby="report-sales-title" id="report-sales" tabIndex={-1}>
        <div class="dash-head">
          <h2 id="report-sales-title">{t('reports.sales')}</h2>
          <CsvLink id="summary-csv" name={csvName('summary', ctx.from, ctx.to)} text={tableCsv(summaryColumns, [s], ctx.scale)} title={t('reports.summary')} />
        </div>
        <dl class="figures" id="report-figures">
          <Figure id="figure-count" label={t('dash.tickets')} value={String(s.count)} raw={String(s.count)} />
          <Figure id="figure-gross" label={t('reports.gross')} value={money(s.gross, c)} raw={fixed(s.gross, ctx.scale)} />
          <Figure id="figure-discounts" label={t('reports.discounts')} value={money(s.discounts, c)} raw={fixed(s.discounts, ctx.scale)} />
          <Figure id="figure-net" label={t('dash.net')} value={money(s.net, c)} raw={fixed(s.net, ctx.scale)} />
          <Figure id="figure-tax" label={t('reports.tax')} value={money(s.tax, c)} raw={fixed(s.tax, ctx.scale)} />
          <Figure id="figure-total" label={t('reports.total')} value={money(s.total, c)} raw={fixed(s.total, ctx.scale)} />
          <Figure id="figure-average" label={t('dash.average')} value={money(s.average_ticket, c)} raw={fixed(s.average_ticket, ctx.scale)} />
          <Figure id="figure-returns" label={t('dash.returns', { n: report.returns?.count ?? 0 })} value={money(report.returns?.total ?? 0, c)} raw={fixed(report.returns?.total ?? 0, ctx.scale)} />
          <Figure id="figure-voids" label={t('reports.voids', { n: report.voids?.count ?? 0 })} value={money(report.voids?.total ?? 0, c)} raw={fixed(report.voids?.total ?? 0, ctx.scale)} />
        </dl>
        <div class="panels">
          {!oneDay && (
            <Table id="by-day" title={t('reports.byDay')} ctx={ctx} wide
              rows={report.by_day ?? []}
              before={(report.by_day ?? []).length > 0 && <Bars id="by-day-chart" labels={report.by_day.map((r) => r.date.slice(5))} values={report.by_day.map((r) => r.total)} currency={c} />}
              columns={[
                { label: t('reports.date'), value: (r) => r.date }, { label: t('dash.tickets'), value: (r) => r.sales, num: true },
                { label: t('reports.net'), value: (r) => r.net, money: true }, { label: t('reports.total'), value: (r) => r.total, money: true },
              ]} />
          )}
          <Table id="by-hour" title={t('dash.byHour')} ctx={ctx} wide={oneDay} rows={hours}
            before={hours.length > 0 && <Bars id="by-hour-chart" labels={allHours.map(hourLabel)} values={allHours.map((h) => hours.find((r) => r.hour === h)?.total ?? 0)} currency={c} />}
            columns={[
              { label: t('dash.hour'), value: (r) => r.hour, show: (r) => `${hourLabel(r.hour)}:00–${hourLabel(r.hour)}:59` },
              { label: t('dash.tickets'), value: (r) => r.sales, num: true }, { label: t('reports.total'), value: (r) => r.total, money: true },
            ]} />
          <Table id="by-method" title={t('dash.byMethod')} ctx={ctx} rows={report.by_payment_method ?? []}
            columns={[
              { label: t('tender.method'), value: (r) => r.method, show: (r) => t('method.' + r.method) },
              { label: t('dash.tickets'), value: (r) => r.sales, num: true }, { label: t('dash.amount'), value: (r) => r.amount, money: true },
            ]} />
          <Table id="by-cashier" title={t('dash.byCashier')} ctx={ctx} rows={report.by_cashier ?? []}
            columns={[
              { label: t('dash.cashier'), value: (r) => r.username ?? r.cashier_id },
              { label: t('dash.tickets'), value: (r) => r.sales, num: true }, { label: t('reports.total'), value: (r) => r.total, money: true },
            ]} />
          <Table id="by-terminal" title={t('today.byTerminal')} ctx={ctx} wide rows={terminals ?? []}
            empty={data.tills.status === 'rejected' ? explain(data.tills.reason) : t('reports.noTerminalSales')}
            columns={[
              { label: t('today.terminal'), value: (r) => r.code }, { label: t('reports.sessions'), value: (r) => r.sessions, num: true },
              { label: t('dash.tickets'), value: (r) => r.sales, num: true }, { label: t('today.sold'), value: (r) => r.sold, money: true },
              { label: t('reports.voided'), value: (r) => r.voided, money: true }, { label: t('today.returned'), value: (r) => r.returned, money: true },
              { label: t('today.net'), value: (r) => r.net, money: true },
            ]} />
          <Table id="top-products" title={t('dash.top')} ctx={ctx} wide rows={report.top_products ?? []}
            columns={[
              { label: t('dash.product'), value: (r) => r.name }, { label: t('reports.sku'), value: (r) => r.sku },
              { label: t('dash.quantity'), value: (r) => r.quantity, show: (r) => quantity(r.quantity), num: true },
              { label: t('dash.tickets'), value: (r) => r.sales, num: true },
              { label: t('reports.taxable'), value: (r) => r.net, money: true }, { label: t('reports.total'), value: (r) => r.total, money: true },
            ]} />
          <Table id="by-category" title={t('reports.byCategory')} ctx={ctx} rows={report.by_category ?? []}
            columns={[
              { label: t('reports.category'), value: (r) => r.name ?? t('reports.noCategory') },
              { label: t('dash.quantity'), value: (r) => r.quantity, show: (r) => quantity(r.quantity), num: true },
              { label: t('reports.taxable'), value: (r) => r.net, money: true }, { label: t('reports.total'), value: (r) => r.total, money: true },
            ]} />
          <Table id="refunds" title={t('reports.refunds', { n: report.returns?.count ?? 0 })} ctx={ctx} rows={report.returns?.refunds_by_method ?? []}
            empty={t('reports.noReturns')}
            columns={[
              { label: t('tender.method'), value: (r) => r.method, show: (r) => t('method.' + r.method) },
              { label: t('reports.returnsCount'), value: (r) => r.sales, num: true }, { label: t('dash.amount'), value: (r) => r.amount, money: true },
            ]} />
          <Table id="estimates" title={t('reports.estimates')} ctx={ctx} double rows={report.estimates ? [report.estimates] : []}
            columns={[
              { label: t('reports.created'), value: (r) => r.count, num: true }, { label: t('reports.pending'), value: (r) => r.pending, num: true },
              { label: t('reports.converted'), value: (r) => r.converted, num: true }, { label: t('reports.expired'), value: (r) => r.expired, num: true },
              { label: t('reports.cancelled'), value: (r) => r.cancelled, num: true },
              { label: t('reports.conversion'), value: (r) => r.conversion_rate, show: (r) => Math.round(Number(r.conversion_rate) * 1000) / 10 + ' %', num: true },
            ]} />
        </div>
      </section>

      <section aria-labelledby="report-gst-title" id="report-gst" tabIndex={-1}>
        <h2 id="report-gst-title">{t('reports.gst')}</h2>
        <p class="small">{t('reports.gstNote')}</p>
        <div class="panels">
          <Table id="gst" title={t('reports.gstByRate')} ctx={ctx} wide rows={taxes} csvRows={taxes.length ? [...taxes, totalRow] : []}
            columns={taxColumns}
            foot={<tfoot><tr id="gst-totals"><th scope="row" colSpan={2}>{t('reports.allRates')}</th>
              {['taxable', 'cgst', 'sgst', 'igst', 'cess', 'tax'].map((k) => <td class="num" data-value={fixed(totals[k], ctx.scale)}>{money(totals[k], c)}</td>)}
            </tr></tfoot>} />
        </div>
      </section>

      <section aria-labelledby="report-tills-title" id="report-tills" tabIndex={-1}>
        <h2 id="report-tills-title">{t('reports.tills')}</h2>
        <p class="small">{t('reports.tillsNote')}</p>
        {data.variances.status === 'rejected' && <p class="error" role="alert">{explain(data.variances.reason)}</p>}
        <div class="panels">
          <Table id="variance-cashiers" title={t('reports.varianceByCashier')} ctx={ctx} wide rows={perCashier} empty={t('reports.noSessions')}
            columns={[
              { label: t('dash.cashier'), value: (r) => cashier(r.cashier) }, { label: t('reports.sessions'), value: (r) => r.count, num: true },
              { label: t('reports.short'), value: (r) => r.short, money: true, off: (r) => off(r.short) },
              { label: t('reports.over'), value: (r) => r.over, money: true, off: (r) => off(r.over) },
              { label: t('report.variance'), value: (r) => serverNet[r.cashier] ?? r.net, money: true, off: (r) => off(serverNet[r.cashier] ?? r.net) },
            ]} />
          <Table id="variance-sessions" title={t('reports.varianceSessions')} ctx={ctx} wide rows={variances?.sessions ?? []} empty={t('reports.noSessions')}
            columns={[
              { label: t('reports.closedAt'), value: (r) => r.closed_at, show: (r) => dateTime(r.closed_at, data.zone) },
              { label: t('today.terminal'), value: (r) => r.terminal_code }, { label: t('dash.cashier'), value: (r) => cashier(r.cashier_id) },
              { label: t('report.variance'), value: (r) => r.variance_total, money: true, show: (r) => (r.variance_total == null ? '—' : money(r.variance_total, ctx.currency)), off: (r) => off(r.variance_total) },
              { label: t('reports.accepted'), value: (r) => (r.variance_accepted_by ? cashier(r.variance_accepted_by) : ''), show: (r) => (r.variance_accepted_by ? cashier(r.variance_accepted_by) : '—') },
            ]} />
        </div>
      </section>
    </>
  );
}

/** An in-page link that moves the focus to its section, so the next Tab goes on from there. */
function jump(id) {
  return (e) => {
    e.preventDefault();
    const target = document.getElementById(id);
    target?.scrollIntoView();
    target?.focus();
  };
}

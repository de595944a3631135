// The reports screen's pure parts: the period a person asks for (checked as the report API checks it), the
// tables it shows (one definition serves the table on screen and its CSV), CSV as RFC 4180, and the sums of
// per-session rows, exact in decimal strings (day.js), never in binary floats.
import { nextDay, sum } from './day.js';

/** The longest range the report API answers (Reports.MAX_DAYS). */
export const MAX_DAYS = 366;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether text is a real calendar day YYYY-MM-DD (not 2026-02-30). */
export function isDay(text) {
  if (!DAY.test(text ?? '')) return false;
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Days from..to inclusive, counted in UTC calendar days. */
export function daysBetween(from, to) {
  const [a, b] = [from, to].map((s) => { const [y, m, d] = s.split('-').map(Number); return Date.UTC(y, m - 1, d); });
  return Math.round((b - a) / 86400000) + 1;
}

/** Every day from..to inclusive, as YYYY-MM-DD. */
export function days(from, to) {
  const out = [];
  for (let d = from; d <= to; d = nextDay(d)) out.push(d);
  return out;
}

/**
 * Checks a period: {from, to} of days. Answers {from?: key, to?: key} of message keys for what is wrong (empty
 * when it is fine), as the report API would refuse it: a date, from not after to, at most MAX_DAYS days.
 */
export function checkPeriod(from, to, max = MAX_DAYS) {
  const errors = {};
  if (!from) errors.from = 'reports.err.required';
  else if (!isDay(from)) errors.from = 'reports.err.notDay';
  if (!to) errors.to = 'reports.err.required';
  else if (!isDay(to)) errors.to = 'reports.err.notDay';
  if (errors.from || errors.to) return errors;
  if (from > to) errors.to = 'reports.err.toBeforeFrom';
  else if (daysBetween(from, to) > max) errors.to = 'reports.err.tooLong';
  return errors;
}

/**
 * The report asked for by an address's query ({location, from, to}; a day alone is from=to). Answers the
 * filters with defaults filled in: today for a missing period.
 */
export function filtersOf(params, today) {
  const from = params.from ?? params.day ?? today;
  const to = params.to ?? (params.from ? params.from : params.day ?? today);
  return { location: params.location ?? '', from, to };
}

/** The address of a report: '#/reports?location=…&from=…&to=…', the location left out for all. */
export function addressOf({ location, from, to }) {
  const q = new URLSearchParams();
  if (location) q.set('location', location);
  q.set('from', from);
  q.set('to', to);
  return '#/reports?' + q;
}

/** One CSV cell: quoted when needed; text a spreadsheet would run as a formula kept as text with a leading '. */
export function csvCell(value) {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value !== 'number' && /^[=+\-@]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = "'" + text;
  return /[",\r\n]/.test(text) || text.startsWith("'") ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/** Rows (arrays of cells) as CSV, RFC 4180: CRLF after every row. */
export function csv(rows) {
  return rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}

/** An amount as the server's decimal with the currency's minor digits (JSON turns 354.00 into 354). */
export function fixed(amount, scale = 2) {
  if (amount === null || amount === undefined || amount === '') return '';
  const s = String(amount);
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
  const [whole, frac = ''] = s.split('.');
  if (frac.length >= scale) return s;
  return whole + (scale > 0 ? '.' + frac.padEnd(scale, '0') : '');
}

/**
 * A table's rows for its CSV: the header (column labels), then each row's raw values, amounts with their
 * minor digits. columns are {label, value(row), money?}.
 */
export function tableCsv(columns, rows, scale = 2) {
  return csv([columns.map((c) => c.label), ...rows.map((r) => columns.map((c) => (c.money ? fixed(c.value(r), scale) : c.value(r))))]);
}

/** The till report's per-session rows added up per terminal: tickets, sold, returned, net. */
export function byTerminal(items) {
  const by = new Map();
  for (const r of items ?? []) {
    const x = by.get(r.terminal_id) ?? { code: r.terminal_code, sessions: 0, sales: 0, sold: [], voided: [], returned: [], net: [] };
    x.sessions += 1;
    x.sales += Number(r.sales);
    x.sold.push(r.sold);
    x.voided.push(r.voided ?? 0);
    x.returned.push(r.returned);
    x.net.push(r.net);
    by.set(r.terminal_id, x);
  }
  return [...by.entries()]
    .map(([id, x]) => ({ id, code: x.code, sessions: x.sessions, sales: x.sales, sold: sum(x.sold), voided: sum(x.voided), returned: sum(x.returned), net: sum(x.net) }))
    .sort((a, b) => String(a.code).localeCompare(String(b.code)));
}

/**
 * The variance report's closed sessions per cashier: how many, short (the negative variances added), over
 * (the positive ones) and net, exactly; the sessions of each, by closing time. A session without a variance
 * (not counted) counts as a session only.
 */
export function variancesByCashier(sessions) {
  const by = new Map();
  for (const s of sessions ?? []) {
    const x = by.get(s.cashier_id) ?? { cashier: s.cashier_id, sessions: [], short: [], over: [] };
    x.sessions.push(s);
    const v = s.variance_total;
    if (v !== null && v !== undefined && Number(v) < 0) x.short.push(v);
    if (v !== null && v !== undefined && Number(v) > 0) x.over.push(v);
    by.set(s.cashier_id, x);
  }
  return [...by.values()].map((x) => {
    const short = sum(x.short);
    const over = sum(x.over);
    return { cashier: x.cashier, count: x.sessions.length, short, over, net: sum([short, over]), sessions: x.sessions };
  });
}

/** Column sums of tax rows (taxable, cgst, sgst, igst, cess, tax), exact. */
export function taxTotals(rows) {
  const keys = ['taxable', 'cgst', 'sgst', 'igst', 'cess', 'tax'];
  return Object.fromEntries(keys.map((k) => [k, sum((rows ?? []).map((r) => r[k] ?? 0))]));
}

/** A file name for a table's CSV: report-<table>-<from>[_<to>].csv. */
export function csvName(table, from, to) {
  return `report-${table}-${from}${to && to !== from ? '_' + to : ''}.csv`;
}

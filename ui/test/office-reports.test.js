import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_DAYS, addressOf, byTerminal, checkPeriod, csv, csvCell, csvName, days, daysBetween, filtersOf, fixed, isDay,
  tableCsv, taxTotals, variancesByCashier,
} from '../src/office/reportdata.js';
import { routeParams } from '../src/office/screens.js';

test('a day is a real calendar day', () => {
  assert.equal(isDay('2026-12-07'), true);
  assert.equal(isDay('2028-02-29'), true);
  assert.equal(isDay('2026-02-29'), false);
  assert.equal(isDay('2026-13-01'), false);
  assert.equal(isDay('07-12-2026'), false);
  assert.equal(isDay(''), false);
  assert.equal(isDay(undefined), false);
});

test('a period is checked as the report API checks it: dates, from not after to, at most 366 days', () => {
  assert.deepEqual(checkPeriod('2026-12-01', '2026-12-07'), {});
  assert.deepEqual(checkPeriod('2026-12-07', '2026-12-07'), {});
  assert.deepEqual(checkPeriod('2026-12-08', '2026-12-07'), { to: 'reports.err.toBeforeFrom' });
  assert.deepEqual(checkPeriod('', 'x'), { from: 'reports.err.required', to: 'reports.err.notDay' });
  // 366 days inclusive is the most: 2025-12-07..2026-12-07 is 366 days, one more is too long
  assert.equal(daysBetween('2025-12-07', '2026-12-07'), 366);
  assert.deepEqual(checkPeriod('2025-12-07', '2026-12-07'), {});
  assert.deepEqual(checkPeriod('2025-12-06', '2026-12-07'), { to: 'reports.err.tooLong' });
  assert.equal(MAX_DAYS, 366);
});

test('the days of a range, across a month and a leap day', () => {
  assert.deepEqual(days('2028-02-28', '2028-03-01'), ['2028-02-28', '2028-02-29', '2028-03-01']);
  assert.deepEqual(days('2026-12-07', '2026-12-07'), ['2026-12-07']);
  assert.equal(daysBetween('2026-12-31', '2027-01-01'), 2);
});

test('the address holds the filters, and reads back as them; a day alone is from = to', () => {
  const address = addressOf({ location: 'abc', from: '2026-12-01', to: '2026-12-07' });
  assert.equal(address, '#/reports?location=abc&from=2026-12-01&to=2026-12-07');
  assert.deepEqual(filtersOf(routeParams(address), '2026-12-09'), { location: 'abc', from: '2026-12-01', to: '2026-12-07' });
  assert.equal(addressOf({ location: '', from: '2026-12-07', to: '2026-12-07' }), '#/reports?from=2026-12-07&to=2026-12-07');
  assert.deepEqual(filtersOf({}, '2026-12-09'), { location: '', from: '2026-12-09', to: '2026-12-09' });
  assert.deepEqual(filtersOf({ from: '2026-12-01' }, '2026-12-09'), { location: '', from: '2026-12-01', to: '2026-12-01' });
});

test('CSV is RFC 4180 with CRLF, quoting what needs it, formulas kept as text', () => {
  assert.equal(csv([['a', 'b'], [1, 'x,y']]), 'a,b\r\n1,"x,y"\r\n');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell('=SUM(A1)'), `"'=SUM(A1)"`);
  assert.equal(csvCell('@home'), `"'@home"`);
  assert.equal(csvCell('-2.00'), '-2.00', 'a negative amount stays a number');
  assert.equal(csvCell(-2), '-2');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(0), '0');
});

test('amounts keep the currency minor digits JSON dropped', () => {
  assert.equal(fixed(354, 2), '354.00');
  assert.equal(fixed(354.5, 2), '354.50');
  assert.equal(fixed('-2', 2), '-2.00');
  assert.equal(fixed('1.2345', 2), '1.2345');
  assert.equal(fixed(5, 0), '5');
  assert.equal(fixed(null), '');
});

test('a table as CSV: its column labels, then each row, amounts with minor digits', () => {
  const columns = [{ label: 'Cashier', value: (r) => r.username }, { label: 'Tickets', value: (r) => r.sales }, { label: 'Total', value: (r) => r.total, money: true }];
  const text = tableCsv(columns, [{ username: 'asha', sales: 2, total: 354 }, { username: '=evil', sales: 1, total: 10.5 }], 2);
  assert.equal(text, 'Cashier,Tickets,Total\r\nasha,2,354.00\r\n"\'=evil",1,10.50\r\n');
  assert.equal(csvName('by-cashier', '2026-12-01', '2026-12-07'), 'report-by-cashier-2026-12-01_2026-12-07.csv');
  assert.equal(csvName('gst', '2026-12-07', '2026-12-07'), 'report-gst-2026-12-07.csv');
});

test('per-session till rows add up per terminal exactly', () => {
  const rows = byTerminal([
    { terminal_id: 't2', terminal_code: 'T2', sales: 1, sold: 0.1, voided: 0, returned: 0, net: 0.1 },
    { terminal_id: 't1', terminal_code: 'T1', sales: 2, sold: 0.1, voided: -0.05, returned: -0.05, net: 0 },
    { terminal_id: 't2', terminal_code: 'T2', sales: 3, sold: 0.2, voided: 0, returned: -0.1, net: 0.1 },
  ]);
  assert.deepEqual(rows.map((r) => [r.code, r.sessions, r.sales, r.sold, r.voided, r.returned, r.net]), [
    ['T1', 1, 2, '0.1', '-0.05', '-0.05', '0'],
    ['T2', 2, 4, '0.3', '0', '-0.1', '0.2'],
  ]);
});

test('variances per cashier: short and over apart, net exact, sessions kept', () => {
  const rows = variancesByCashier([
    { session_id: 's1', cashier_id: 'a', variance_total: -2 },
    { session_id: 's2', cashier_id: 'b', variance_total: 0.3 },
    { session_id: 's3', cashier_id: 'a', variance_total: 0.1 },
    { session_id: 's4', cashier_id: 'a', variance_total: null },
    { session_id: 's5', cashier_id: 'a', variance_total: -0.2 },
  ]);
  assert.deepEqual(rows.map((r) => [r.cashier, r.count, r.short, r.over, r.net]), [['a', 4, '-2.2', '0.1', '-2.1'], ['b', 1, '0', '0.3', '0.3']]);
  assert.deepEqual(rows[0].sessions.map((s) => s.session_id), ['s1', 's3', 's4', 's5']);
  assert.deepEqual(variancesByCashier(undefined), []);
});

test('GST totals over the rates, exactly', () => {
  assert.deepEqual(taxTotals([
    { taxable: 100.1, cgst: 2.5, sgst: 2.5, igst: 0, cess: 0, tax: 5 },
    { taxable: 200.2, cgst: 18, sgst: 18, igst: 0, cess: 0.1, tax: 36.1 },
  ]), { taxable: '300.3', cgst: '20.5', sgst: '20.5', igst: '0', cess: '0.1', tax: '41.1' });
  assert.deepEqual(taxTotals([]), { taxable: '0', cgst: '0', sgst: '0', igst: '0', cess: '0', tax: '0' });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gstinCheck, gstinProblem, bankProblems, ibanChecks, validDate, defaultYearCode, yearProblems, formatProblem, renderNumber, normalized } from '../src/office/orgchecks.js';

const key = (p) => p?.key ?? null;

test('a GSTIN is checked as the server checks it: length, shape, state and check character', () => {
  assert.equal(gstinCheck('27AAPFU0939F1Z'), 'V');
  assert.equal(gstinCheck('29AAGCB7383J1Z'), '4');
  assert.equal(gstinProblem('27AAPFU0939F1ZV'), null);
  assert.equal(gstinProblem(normalized(' 27aapfu0939f1zv ')), null);
  assert.equal(key(gstinProblem('29ABCDE1234F1Z')), 'org.gstinLength');
  assert.equal(key(gstinProblem('29ABCDE1234F1X5')), 'org.gstinShape');
  assert.equal(key(gstinProblem('9' + '9ABCDE1234F1Z' + gstinCheck('99ABCDE1234F1Z'))), 'org.gstinState');
  assert.equal(key(gstinProblem('27AAPFU0939F1ZW')), 'org.gstinCheck');
});

test('a bank account: an IFSC with 9 to 18 digits, or an IBAN with its check digits, not both nor neither', () => {
  const empty = { ifsc: '', iban: '', account_number: '' };
  assert.deepEqual(bankProblems({ ...empty, ifsc: 'hdfc0001234', account_number: '50100012345678' }), {});
  assert.equal(key(bankProblems(empty).ifsc), 'bank.eitherOr');
  assert.equal(key(bankProblems({ ...empty, ifsc: 'HDFC1001234', account_number: '50100012345678' }).ifsc), 'bank.badIfsc');
  assert.equal(key(bankProblems({ ...empty, ifsc: 'HDFC0001234' }).account_number), 'bank.numberWithIfsc');
  assert.equal(key(bankProblems({ ...empty, ifsc: 'HDFC0001234', account_number: '1234' }).account_number), 'bank.badNumber');
  assert.ok(ibanChecks('GB82WEST12345698765432'));
  assert.deepEqual(bankProblems({ ...empty, iban: 'gb82 west 1234 5698 7654 32' }), {});
  assert.equal(key(bankProblems({ ...empty, iban: 'GB83WEST12345698765432' }).iban), 'bank.ibanCheck');
  assert.equal(key(bankProblems({ ...empty, iban: 'GB82' }).iban), 'bank.badIban');
  assert.equal(key(bankProblems({ ...empty, ifsc: 'HDFC0001234', iban: 'GB82WEST12345698765432' }).iban), 'bank.eitherOr');
});

test('a financial year: real dates, not reversed, under 18 months, a short code, no overlap', () => {
  assert.ok(validDate('2028-02-29'));
  assert.ok(!validDate('2027-02-29'));
  assert.ok(!validDate('29/02/2028'));
  assert.equal(defaultYearCode('2026-04-01', '2027-03-31'), '2627');
  assert.equal(defaultYearCode('2026-01-01', '2026-12-31'), '2026');
  const ok = { starts_on: '2090-04-01', ends_on: '2091-03-31', code: '' };
  assert.deepEqual(yearProblems(ok, []), {});
  assert.equal(key(yearProblems({ ...ok, starts_on: '' }).starts_on), 'err.required');
  assert.equal(key(yearProblems({ ...ok, ends_on: '2090-03-31' }).ends_on), 'year.reversed');
  assert.equal(key(yearProblems({ ...ok, ends_on: '2091-10-01' }).ends_on), 'year.tooLong');
  assert.deepEqual(yearProblems({ ...ok, ends_on: '2091-09-30' }), {});
  assert.equal(key(yearProblems({ ...ok, code: 'fy-90' }).code), 'year.badCode');
  const other = { code: '9091', starts_on: '2091-01-01', ends_on: '2091-12-31' };
  assert.deepEqual(yearProblems(ok, [other]).starts_on, { key: 'year.overlaps', values: { code: '9091', from: '2091-01-01', to: '2091-12-31' } });
  assert.deepEqual(yearProblems({ ...ok, ends_on: '2090-12-31' }, [other]), {});
});

test('a series format: one {SEQ:n}, known placeholders, India\'s characters and 16 at most', () => {
  assert.equal(formatProblem('{LOC}/{FY}/{SEQ:6}', { locationCode: 'BLR1', yearCode: '2627' }), null);
  assert.equal(renderNumber('{LOC}/{FY}/{SEQ:6}', 'BLR1', '2627', 42), 'BLR1/2627/000042');
  assert.equal(key(formatProblem('{LOC}/{FY}')), 'series.needSeq');
  assert.equal(key(formatProblem('{SEQ:3}{SEQ:3}')), 'series.seqOnce');
  assert.equal(key(formatProblem('{SEQ:13}')), 'series.seqWidth');
  assert.equal(key(formatProblem('{SEQ:0}')), 'series.seqWidth');
  assert.equal(key(formatProblem('{YEAR}{SEQ:4}')), 'series.placeholders');
  assert.equal(key(formatProblem('INV.{SEQ:4}')), 'series.indiaChars');
  assert.equal(formatProblem('INV.{SEQ:4}', { india: false }), null);
  assert.deepEqual(formatProblem('{LOC}/{FY}/{SEQ:8}', { locationCode: 'BLR1', yearCode: '2627' }),
    { key: 'series.tooLong', values: { n: 18, example: 'BLR1/2627/99999999' } });
  assert.equal(key(formatProblem('')), 'series.formatLength');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { askedLines, receiptQuery } from '../src/returning.js';

const lines = [
  { sale_line_id: 'a', unit: 'PIECE', returnable: '2' },
  { sale_line_id: 'b', unit: 'KG', returnable: '1.5' },
];

test('a receipt number is taken as printed; a scanned sale id is taken as an id', () => {
  assert.deepEqual(receiptQuery('  BLR1/2627/000042 '), { number: 'BLR1/2627/000042' });
  assert.deepEqual(receiptQuery('0190F3A2-1111-7222-8333-944455556666'), { id: '0190f3a2-1111-7222-8333-944455556666' });
  assert.deepEqual(receiptQuery('   '), { error: 'err.required' });
  assert.deepEqual(receiptQuery('x'.repeat(65)), { error: 'err.tooLong' });
});

test('only lines with a quantity above zero are asked, in the units they were sold in', () => {
  const { asked, errors } = askedLines(lines, { a: '1', b: '0.250' });
  assert.deepEqual(asked, [{ sale_line_id: 'a', quantity: '1' }, { sale_line_id: 'b', quantity: '0.25' }]);
  assert.deepEqual(errors, {});
  assert.deepEqual(askedLines(lines, { a: '0', b: '' }).asked, []);
});

test('a wrong quantity is named by its line and not asked', () => {
  const { asked, errors } = askedLines(lines, { a: '1.5', b: '2' });
  assert.deepEqual(asked, []);
  assert.match(errors.a, /Line 1 quantity returned must be a whole number/);
  assert.match(errors.b, /Line 2: at most 1.5 may still be returned/);
  assert.match(askedLines(lines, { a: 'two' }).errors.a, /must be a number/);
  assert.match(askedLines(lines, { a: '-1' }).errors.a, /cannot be negative/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { money, parseDecimal, unitDecimals } from '../src/format.js';
import { t } from '../src/messages.js';

test('rupees are grouped by lakh', () => {
  assert.equal(money(123456.5), '₹1,23,456.50');
  assert.equal(money('0'), '₹0.00');
  assert.equal(money(null), '');
});

test('decimals typed by a person are read or refused with a reason', () => {
  assert.deepEqual(parseDecimal('1.250'), { value: '1.25' });
  assert.deepEqual(parseDecimal(' 2 '), { value: '2' });
  assert.deepEqual(parseDecimal(''), { error: 'err.required' });
  assert.deepEqual(parseDecimal('', { required: false }), { value: null });
  assert.deepEqual(parseDecimal('abc'), { error: 'err.number' });
  assert.deepEqual(parseDecimal('1,5'), { error: 'err.number' });
  assert.deepEqual(parseDecimal('1e5'), { error: 'err.number' });
  assert.deepEqual(parseDecimal('-1'), { error: 'err.notNegative' });
  assert.deepEqual(parseDecimal('0'), { error: 'err.positive' });
  assert.deepEqual(parseDecimal('0', { allowZero: true }), { value: '0' });
  assert.deepEqual(parseDecimal('1.2345'), { error: 'err.decimals', n: 3 });
  assert.deepEqual(parseDecimal('1.5', { decimals: 0 }), { error: 'err.whole' });
  assert.deepEqual(parseDecimal('9'.repeat(30)), { error: 'err.tooBig' });
});

test('pieces are whole, weights to the gram', () => {
  assert.equal(unitDecimals('PIECE'), 0);
  assert.equal(unitDecimals('KG'), 3);
});

test('messages fill their placeholders and keep unknown ones visible', () => {
  assert.equal(t('err.tooLong', { field: 'Name', max: 200 }), 'Name may have at most 200 characters.');
  assert.equal(t('err.required', {}), '{field} is required.');
  assert.equal(t('no.such.key'), 'no.such.key');
});

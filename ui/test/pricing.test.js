import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { price, Refused, currencyScale } from '../src/offline/pricing.js';
import { dec, div, round, str } from '../src/offline/decimal.js';

// The very file the server's SharedPricingCasesTests reads: both pricings must give these figures.
const file = JSON.parse(readFileSync(new URL('../../src/test/resources/pricing-cases.json', import.meta.url), 'utf8'));

test('the shared file has its cases', () => {
  assert.ok(file.cases.length >= 10);
  assert.ok(file.cases.some((c) => c.refused));
});

for (const c of file.cases) {
  test('shared case: ' + c.name, () => {
    const run = () => price(c.lines, c.sale_discount ?? null, c.supply, c.scale);
    if (c.refused) {
      assert.throws(run, Refused);
      return;
    }
    const priced = run();
    let checked = 0;
    for (const [field, want] of Object.entries(c.expect)) {
      if (field === 'lines') continue;
      assert.ok(field in priced, `${c.name}: unknown figure ${field}`);
      assert.equal(priced[field], want, `${c.name}: ${field}`);
      checked++;
    }
    (c.expect.lines ?? []).forEach((line, i) => {
      for (const [field, want] of Object.entries(line)) assert.equal(priced.lines[i][field], want, `${c.name} line ${i + 1}: ${field}`);
    });
    assert.ok(checked > 0);
  });
}

test('decimals round half-up away from zero and divide exactly before rounding', () => {
  assert.equal(str(round('0.505', 2)), '0.51');
  assert.equal(str(round('-0.505', 2)), '-0.51');
  assert.equal(str(round('0.5049', 2)), '0.50');
  assert.equal(str(div('1', '3', 4)), '0.3333');
  assert.equal(str(div('2', '3', 2)), '0.67');
  assert.equal(str(dec('007.10')), '7.10');
  assert.throws(() => dec('1e3'));
  assert.throws(() => dec('0.1.2'));
});

test('a sale discount over the net, a negative one and a percentage over 100 are refused', () => {
  const line = { unit_price: '10.00', quantity: '1', discount: '0', price_includes_tax: false, tax_rate: '0', cess_rate: '0' };
  assert.throws(() => price([line], { value: '10.01', percentage: false }, 'PLAIN', 2), (e) => e.field === 'discount');
  assert.throws(() => price([line], { value: '-1', percentage: false }, 'PLAIN', 2), Refused);
  assert.throws(() => price([line], { value: '100.5', percentage: true }, 'PLAIN', 2), Refused);
});

test('the currency scale is the minor unit', () => {
  assert.equal(currencyScale('INR'), 2);
  assert.equal(currencyScale('JPY'), 0);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScanner } from '../src/scanner.js';

function harness() {
  let clock = 0;
  const scans = [];
  const scanner = createScanner({ onScan: (c) => scans.push(c), now: () => clock });
  const press = (key, target = { tagName: 'BODY' }, gap = 5) => {
    clock += gap;
    return scanner.key({ key, target });
  };
  return { press, scans };
}

test('digits and Enter outside a field are a scan, however slow', () => {
  const { press, scans } = harness();
  for (const d of '8901000000028') assert.equal(press(d, undefined, 200), true);
  assert.equal(press('Enter'), true);
  assert.deepEqual(scans, ['8901000000028']);
});

test('a short code is no scan', () => {
  const { press, scans } = harness();
  press('1');
  press('2');
  assert.equal(press('Enter'), false);
  assert.deepEqual(scans, []);
});

test('in a field a fast burst is a scan and its digits are taken out of the field', () => {
  const { press, scans } = harness();
  const field = { tagName: 'INPUT', type: 'text', value: 'ab' };
  for (const d of '12345678') {
    assert.equal(press(d, field), false);
    field.value += d;
  }
  assert.equal(press('Enter', field), true);
  assert.deepEqual(scans, ['12345678']);
  assert.equal(field.value, 'ab');
});

test('in a field a person typing at human speed is no scan', () => {
  const { press, scans } = harness();
  const field = { tagName: 'INPUT', type: 'text', value: '' };
  for (const d of '98450') press(d, field, 120);
  assert.equal(press('Enter', field), false);
  assert.deepEqual(scans, []);
});

test('a modifier or another key breaks a burst', () => {
  const { press, scans } = harness();
  for (const d of '1234') press(d);
  press('Escape');
  for (const d of '56') press(d);
  assert.equal(press('Enter'), false);
  assert.deepEqual(scans, []);
});

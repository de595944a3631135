import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayBounds, nextDay, sum } from '../src/office/day.js';

test('a day in Kolkata starts at 18:30 UTC the day before', () => {
  assert.deepEqual(dayBounds('2026-12-07', 'Asia/Kolkata'), { from: '2026-12-06T18:30:00.000Z', to: '2026-12-07T18:30:00.000Z' });
});

test('a day of a daylight-saving change has its own length', () => {
  const { from, to } = dayBounds('2026-03-29', 'Europe/Berlin');
  assert.equal(from, '2026-03-28T23:00:00.000Z');
  assert.equal(to, '2026-03-29T22:00:00.000Z');
});

test('the day after the last of a month and of a year', () => {
  assert.equal(nextDay('2026-02-28'), '2026-03-01');
  assert.equal(nextDay('2026-12-31'), '2027-01-01');
});

test('amounts add up exactly, where binary floats would not', () => {
  assert.equal(0.1 + 0.2 === 0.3, false);
  assert.equal(sum([0.1, 0.2]), '0.3');
  assert.equal(sum(['118.00', 236, '-59.50']), '294.5');
  assert.equal(sum([]), '0');
  assert.equal(sum(['-0.25', '0.05']), '-0.2');
  assert.throws(() => sum(['1e3']), RangeError);
});

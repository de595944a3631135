import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numberAt } from '../src/offline/numbers.js';

test('a block number is the series format with the value in the sequence digits', () => {
  const block = { first_number: 'DEMO/26-27/000041', last_number: 'DEMO/26-27/000065', first_value: 41, last_value: 65 };
  assert.equal(numberAt(block, 41), 'DEMO/26-27/000041');
  assert.equal(numberAt(block, 47), 'DEMO/26-27/000047');
  assert.equal(numberAt(block, 65), 'DEMO/26-27/000065');
});

test('the sequence is found when the year or the code holds digits too, and for a block of one', () => {
  assert.equal(numberAt({ first_number: 'S2627-0099', last_number: 'S2627-0101', first_value: 99, last_value: 101 }, 100), 'S2627-0100');
  assert.equal(numberAt({ first_number: 'A1/000007', last_number: 'A1/000007', first_value: 7, last_value: 7 }, 7), 'A1/000007');
  assert.equal(numberAt({ first_number: '2627000009', last_number: '2627000012', first_value: 9, last_value: 12 }, 10), '2627000010');
});

test('a block whose numbers do not show its values is refused, not guessed', () => {
  assert.throws(() => numberAt({ first_number: 'X-1', last_number: 'Y-2', first_value: 5, last_value: 6 }, 5));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Problem, explain } from '../src/problems.js';

test('a validation problem names the line and field as the cashier sees them', () => {
  const p = new Problem(400, { code: 'validation_failed', detail: 'x', errors: [{ field: 'lines[1].quantity', message: 'must be a whole number of pieces' }] });
  assert.equal(explain(p), 'Kassa refused: Line 2 quantity: must be a whole number of pieces');
});

test('short stock, a forbidden override and a server failure each read as a sentence', () => {
  assert.match(explain(new Problem(409, { code: 'insufficient_stock', detail: 'BISC: 3 on hand, 4 asked' })), /^Not enough stock: BISC/);
  assert.match(explain(new Problem(403, { code: 'price_override_not_allowed', detail: 'A cashier may lower a price by at most 10%' })), /^Your role may not do this: A cashier/);
  assert.match(explain(new Problem(500, { request_id: 'r-1' })), /request r-1/);
});

test('no answer at all is the network, and the cart is said to be kept', () => {
  assert.match(explain(new TypeError('network')), /cannot be reached.*Nothing in the cart is lost/);
});

test('short stock names the products as the cart does', () => {
  const p = new Problem(409, { code: 'insufficient_stock', detail: 'Not enough stock: p1: requested 4, available 3', shortages: [{ product_id: 'p1', requested: 4, available: 3 }] });
  assert.equal(explain(p, {}, { p1: 'Glucose biscuits' }), 'Not enough stock: Glucose biscuits: 4 asked, 3 in stock. Lower the quantity or remove the line.');
});

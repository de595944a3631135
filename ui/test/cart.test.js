import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as C from '../src/cart.js';

const rice = { id: 'p1', sku: 'RICE', name: 'Rice', unit: 'KG', price: 68, barcodes: ['111'] };
const atta = { id: 'p2', sku: 'ATTA', name: 'Atta', unit: 'PIECE', price: 245, barcodes: [] };

test('a second scan of the same product adds to its line', () => {
  let cart = C.addProduct(C.emptyCart(), atta);
  cart = C.addProduct(cart, atta);
  assert.equal(cart.lines.length, 1);
  assert.equal(cart.lines[0].quantity, '2');
});

test('a product after another starts a new line, and a line with a discount is not added to', () => {
  let cart = C.addProduct(C.emptyCart(), atta);
  cart = C.updateLine(cart, 0, { discount: '5' });
  cart = C.addProduct(cart, atta);
  cart = C.addProduct(cart, rice, '0.250');
  assert.deepEqual(cart.lines.map((l) => [l.product.sku, l.quantity]), [['ATTA', '1'], ['ATTA', '1'], ['RICE', '0.25']]);
});

test('changing a quantity to zero removes the line; decimals are kept to grams', () => {
  let cart = C.addProduct(C.emptyCart(), rice, '0.5');
  cart = C.changeQuantity(cart, 0, 0.255);
  assert.equal(cart.lines[0].quantity, '0.755');
  cart = C.changeQuantity(cart, 0, -1);
  assert.equal(cart.lines.length, 0);
});

test('the request lines carry overrides and discounts only when set', () => {
  let cart = C.addProduct(C.addProduct(C.emptyCart(), atta), rice, '1.25');
  cart = C.updateLine(cart, 1, { unitPrice: '60', discount: '2' });
  assert.deepEqual(C.requestLines(cart), [
    { product_id: 'p2', quantity: '1' },
    { product_id: 'p1', quantity: '1.25', unit_price: '60', discount: '2' },
  ]);
});

test('a split tender: card first, cash handed over beyond the rest is sent as tendered', () => {
  const payments = [{ method: 'CARD', amount: '200', reference: 'X' }, { method: 'CASH', amount: '500' }];
  assert.deepEqual(C.salePayments(payments, '486.00'), [
    { method: 'CARD', amount: '200.00', reference: 'X' },
    { method: 'CASH', amount: '286.00', tendered: '500.00' },
  ]);
  const state = C.tenderState(payments, '486.00');
  assert.equal(state.change, '214.00');
  assert.equal(state.remaining, '0.00');
  assert.equal(state.complete, true);
});

test('card payments beyond the total are not complete, a short tender names what is left', () => {
  assert.equal(C.tenderState([{ method: 'CARD', amount: '500' }], '486').nonCashOver, true);
  const short = C.tenderState([{ method: 'UPI', amount: '100' }], '486.50');
  assert.equal(short.complete, false);
  assert.equal(short.remaining, '386.50');
});

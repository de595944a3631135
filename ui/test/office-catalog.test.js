import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoryTree, within, checkPrice, checkPercent, checkCode, checkBarcodes, productBody, productForm, importProgress, concernsImport } from '../src/office/catalog.js';

const cats = [
  { id: 'c', parent_id: 'a', name: 'Tea' },
  { id: 'a', parent_id: null, name: 'Drinks' },
  { id: 'b', parent_id: 'a', name: 'Coffee' },
  { id: 'd', parent_id: 'c', name: 'Green' },
  { id: 'e', parent_id: null, name: 'Bakery' },
  { id: 'f', parent_id: 'gone', name: 'Orphan' },
];

test('the category tree reads parent before children, siblings by name, each with its path and depth', () => {
  const tree = categoryTree(cats);
  assert.deepEqual(tree.map((c) => c.path), ['Bakery', 'Drinks', 'Drinks / Coffee', 'Drinks / Tea', 'Drinks / Tea / Green', 'Orphan']);
  assert.deepEqual(tree.map((c) => c.depth), [0, 0, 1, 1, 2, 0]);
});

test('a category may not move below itself or its subcategories', () => {
  assert.deepEqual([...within(cats, 'a')].sort(), ['a', 'b', 'c', 'd']);
  assert.deepEqual([...within(cats, 'd')], ['d']);
});

test('a price: at least zero, 2 decimals, 10 digits before the point', () => {
  assert.deepEqual(checkPrice('12.5'), { value: '12.50' });
  assert.deepEqual(checkPrice('0'), { value: '0.00' });
  assert.equal(checkPrice('').error, 'err.required');
  assert.equal(checkPrice('12,50').error, 'err.number');
  assert.equal(checkPrice('1e3').error, 'err.number');
  assert.equal(checkPrice('1.005').error, 'err.decimals');
  assert.equal(checkPrice('-1').error, 'err.notNegative');
  assert.equal(checkPrice('10000000000').error, 'err.tooBig');
  assert.deepEqual(checkPrice('9999999999.99'), { value: '9999999999.99' });
});

test('a percent is signed, not zero, not below -100', () => {
  assert.deepEqual(checkPercent('10'), { value: '10' });
  assert.deepEqual(checkPercent('+2.5'), { value: '2.5' });
  assert.deepEqual(checkPercent('-5.25'), { value: '-5.25' });
  assert.equal(checkPercent('0').error, 'err.positive');
  assert.equal(checkPercent('-150').error, 'catalog.percentBelow');
  assert.equal(checkPercent('1.23456').error, 'err.decimals');
  assert.equal(checkPercent('ten').error, 'err.number');
});

test('SKUs and barcodes are visible ASCII, 64 at most; a barcode repeated in the form is named', () => {
  assert.equal(checkCode('TEA-1'), null);
  assert.equal(checkCode(' '), 'err.required');
  assert.equal(checkCode('TEA 1'), 'catalog.codeShape');
  assert.equal(checkCode('x'.repeat(65)), 'catalog.codeTooLong');
  const { codes, errors } = checkBarcodes(['890100', '', ' 890200 ', '890100', 'bad code']);
  assert.deepEqual(codes, ['890100', '890200', '890100', 'bad code']);
  assert.deepEqual(errors, { 3: 'catalog.barcodeRepeated', 4: 'catalog.codeShape' });
  assert.equal(checkBarcodes(Array.from({ length: 21 }, (_, i) => 'B' + i)).errors.count, 'catalog.tooManyBarcodes');
});

test('the form of a product and the body it sends back', () => {
  const p = { sku: 'T1', name: 'Tea', description: null, category_id: 'a', unit: 'KG', price: 120, price_includes_tax: false,
    tax_class_id: 'g5', hsn_code: '0902', track_stock: true, allow_negative_stock: false, active: true, barcodes: ['1', '2'] };
  const form = productForm(p);
  assert.equal(form.price, '120.00');
  assert.deepEqual(form.barcodes, ['1', '2']);
  assert.deepEqual(productForm().barcodes, ['']);
  assert.deepEqual(productBody({ ...form, name: ' Tea ', hsnCode: '' }, ['1', '2']), {
    sku: 'T1', name: 'Tea', description: null, category_id: 'a', unit: 'KG', price: '120.00', price_includes_tax: false,
    tax_class_id: 'g5', hsn_code: null, track_stock: true, allow_negative_stock: false, barcodes: ['1', '2'],
  });
});

test('an import is as far as its job says, and at the end once it finished', () => {
  assert.deepEqual(importProgress({ status: 'RUNNING', file_size: 1000 }, { done: 250, total: 1000 }), { value: 250, max: 1000, percent: 25, finished: false });
  assert.deepEqual(importProgress({ status: 'QUEUED', file_size: 800 }, null), { value: 0, max: 800, percent: 0, finished: false });
  assert.deepEqual(importProgress({ status: 'COMPLETED', file_size: 800 }, { done: 10, total: 800 }), { value: 800, max: 800, percent: 100, finished: true });
  assert.equal(importProgress({ status: 'RUNNING', file_size: 100 }, { done: 400, total: 100 }).value, 100);
});

test('the stream events of an import: its own and its job\'s, no other', () => {
  const imp = { id: 'i', job_id: 'j' };
  assert.equal(concernsImport({ aggregate_type: 'job', aggregate_id: 'j', type: 'job.progressed' }, imp), true);
  assert.equal(concernsImport({ aggregate_type: 'product_import', aggregate_id: 'i', type: 'catalog.imported' }, imp), true);
  assert.equal(concernsImport({ aggregate_type: 'job', aggregate_id: 'other' }, imp), false);
  assert.equal(concernsImport({ aggregate_type: 'product', aggregate_id: 'i' }, imp), false);
  assert.equal(concernsImport(null, imp), false);
});

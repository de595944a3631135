import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCREENS, mayOpen, mayUseBackOffice, screenOf, routeParams } from '../src/office/screens.js';

const as = (...roles) => ({ roles });

test('an address names its screen, with or without a query; the till and unknown addresses none', () => {
  assert.equal(screenOf('#/stock?location=a&product=b'), 'stock');
  assert.equal(screenOf('#/dashboard'), 'dashboard');
  assert.equal(screenOf('#/'), null);
  assert.equal(screenOf(''), null);
  assert.equal(screenOf('#/nowhere'), null);
});

test('the query of an address', () => {
  assert.deepEqual(routeParams('#/stock?location=a&low=true'), { location: 'a', low: 'true' });
  assert.deepEqual(routeParams('#/stock'), {});
});

test('users is for admins; every other screen (two-step sign-in too) for admins and managers; none for the till roles', () => {
  for (const s of SCREENS) {
    assert.equal(mayOpen(as('ADMIN'), s.route), true, s.route);
    assert.equal(mayOpen(as('MANAGER'), s.route), s.route !== 'users', s.route);
    for (const role of ['CASHIER', 'EMPLOYEE', 'DRIVER']) assert.equal(mayOpen(as(role), s.route), false, role + ' ' + s.route);
  }
  assert.equal(mayOpen(as('CASHIER', 'MANAGER'), 'stock'), true);
  assert.equal(mayOpen(null, 'stock'), false);
  assert.equal(mayOpen(as('ADMIN'), 'nowhere'), false);
  assert.equal(mayUseBackOffice(as('DRIVER')), false);
  assert.equal(mayUseBackOffice(as('MANAGER')), true);
});

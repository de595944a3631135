import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ORDER_STATES, boardHash, groupByState, hoursMinutes, isDay, km, plotData, routeOfOrder } from '../src/office/dispatch.js';
import { routeParams, screenOf } from '../src/office/screens.js';

const order = (id, status) => ({ id, status });
const stop = (seq, id, latitude, longitude) => ({ seq, delivery_order_id: id, latitude, longitude });

test('orders are grouped by state in the board order, every state present, each keeping the order given', () => {
  const groups = groupByState([order('a', 'FAILED'), order('b', 'PENDING'), order('c', 'PENDING'), order('d', 'DELIVERED')]);
  assert.deepEqual(groups.map((g) => g.state), ORDER_STATES);
  assert.deepEqual(groups.find((g) => g.state === 'PENDING').orders.map((o) => o.id), ['b', 'c']);
  assert.deepEqual(groups.find((g) => g.state === 'FAILED').orders.map((o) => o.id), ['a']);
  assert.equal(groups.find((g) => g.state === 'ASSIGNED').orders.length, 0);
});

test('a pending order on a route is planned; off every route, pending', () => {
  const groups = groupByState([{ id: 'a', status: 'PENDING', route_id: 'r1' }, { id: 'b', status: 'PENDING', route_id: null }]);
  assert.deepEqual(groups.find((g) => g.state === 'PLANNED').orders.map((o) => o.id), ['a']);
  assert.deepEqual(groups.find((g) => g.state === 'PENDING').orders.map((o) => o.id), ['b']);
});

test('a state the board does not know is shown last, not lost', () => {
  const groups = groupByState([order('a', 'RETURNED')]);
  assert.equal(groups.at(-1).state, 'RETURNED');
  assert.equal(groups.at(-1).orders.length, 1);
});

test('each order is on its live route with its seq; a cancelled route holds none', () => {
  const by = routeOfOrder([
    { id: 'r1', status: 'PLANNED', stops: [stop(1, 'a', 0, 0), stop(2, 'b', 0, 0)] },
    { id: 'r0', status: 'CANCELLED', stops: [stop(1, 'c', 0, 0)] },
  ]);
  assert.equal(by.a.route.id, 'r1');
  assert.equal(by.b.seq, 2);
  assert.equal(by.c, undefined);
});

test('a day is a real date as YYYY-MM-DD', () => {
  assert.equal(isDay('2026-12-08'), true);
  assert.equal(isDay(' 2028-02-29 '), true);
  assert.equal(isDay('2026-02-29'), false);
  assert.equal(isDay('2026-13-01'), false);
  assert.equal(isDay('08-12-2026'), false);
  assert.equal(isDay('2026-12-8'), false);
  assert.equal(isDay(''), false);
  assert.equal(isDay(undefined), false);
});

test('the board address keeps location, day, plan and job, and reads back as the screen and its query', () => {
  const hash = boardHash({ location: 'L1', day: '2026-12-08', plan: 'P', job: 'J' });
  assert.equal(screenOf(hash), 'deliveries');
  assert.deepEqual(routeParams(hash), { location: 'L1', day: '2026-12-08', plan: 'P', job: 'J' });
  assert.equal(boardHash({ location: 'L1', day: '2026-12-08', plan: null, job: undefined }), '#/deliveries?location=L1&day=2026-12-08');
  assert.equal(boardHash({}), '#/deliveries');
});

test('distances in km and durations in hours and minutes', () => {
  assert.equal(km(12345), '12.3 km');
  assert.equal(km(0), '0.0 km');
  assert.equal(hoursMinutes(3 * 3600 + 5 * 60 + 20), '3 h 05 min');
  assert.equal(hoursMinutes(59), '0 h 01 min');
});

const depot = { latitude: 12.97, longitude: 77.59 };

test('each route goes from the depot through its stops in visiting order and back, then the depot alone', () => {
  const routes = [
    { id: 'r1', status: 'PLANNED', stops: [stop(2, 'b', 12.99, 77.61), stop(1, 'a', 12.98, 77.60)] },
    { id: 'r2', status: 'DISPATCHED', stops: [stop(1, 'c', 12.95, 77.57)] },
  ];
  const { data, kinds } = plotData(depot, routes);
  assert.equal(data[0], null);
  assert.deepEqual(data[1], [[77.59, 77.60, 77.61, 77.59], [12.97, 12.98, 12.99, 12.97]]);
  assert.deepEqual(data[2], [[77.59, 77.57, 77.59], [12.97, 12.95, 12.97]]);
  assert.deepEqual(data[3], [[77.59], [12.97]]);
  assert.deepEqual(kinds.map((k) => k.kind), ['route', 'route', 'depot']);
  assert.deepEqual(kinds.slice(0, 2).map((k) => k.route.id), ['r1', 'r2']);
});

test('cancelled routes are not drawn; drivers\u2019 positions are a series of their own only when there are some', () => {
  const routes = [
    { id: 'r0', status: 'CANCELLED', stops: [stop(1, 'x', 13.5, 78.5)] },
    { id: 'r1', status: 'IN_PROGRESS', stops: [stop(1, 'a', 12.98, 77.60)] },
  ];
  const without = plotData(depot, routes);
  assert.deepEqual(without.kinds.map((k) => k.kind), ['route', 'depot']);
  const withPosition = plotData(depot, routes, { r1: { latitude: 12.975, longitude: 77.595 }, r0: { latitude: 1, longitude: 1 } });
  assert.deepEqual(withPosition.kinds.map((k) => k.kind), ['route', 'depot', 'positions']);
  assert.deepEqual(withPosition.data.at(-1), [[77.595], [12.975]]);
});

test('the ranges hold every point and keep a kilometre east as long as one north on screen', () => {
  const routes = [{ id: 'r1', status: 'PLANNED', stops: [stop(1, 'a', 13.01, 77.70), stop(2, 'b', 12.93, 77.50)] }];
  const width = 600;
  const height = 400;
  const { x, y } = plotData(depot, routes, {}, width, height);
  assert.ok(x[0] < 77.50 && x[1] > 77.70, 'x holds the stops');
  assert.ok(y[0] < 12.93 && y[1] > 13.01, 'y holds the stops');
  const shrink = Math.cos((((y[0] + y[1]) / 2) * Math.PI) / 180);
  const pixelsPerKmEast = width / ((x[1] - x[0]) * shrink);
  const pixelsPerKmNorth = height / (y[1] - y[0]);
  assert.ok(Math.abs(pixelsPerKmEast / pixelsPerKmNorth - 1) < 1e-9);
});

test('without a depot or routes there is nothing to draw, and the ranges are still usable', () => {
  const { data, kinds, x, y } = plotData(null, []);
  assert.deepEqual(data, [null]);
  assert.deepEqual(kinds, []);
  assert.ok(x[0] < x[1] && y[0] < y[1]);
});

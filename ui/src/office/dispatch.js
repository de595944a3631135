// The dispatch board's logic without the page: the day's orders grouped by state, the board's address
// (location, day, plan and job, so that a plan being solved survives leaving the page), the day typed by a
// person, and the plot's series (each route from the depot through its stops in order and back).

/**
 * The states of a delivery order, in the order the board shows them. PLANNED is the board's own: a PENDING order
 * that a planned route holds (it becomes ASSIGNED when the route is dispatched).
 */
export const ORDER_STATES = ['PENDING', 'PLANNED', 'ASSIGNED', 'OUT_FOR_DELIVERY', 'FAILED', 'DELIVERED', 'CANCELLED'];

/** The state the board shows an order in. */
export const boardState = (order) => (order.status === 'PENDING' && order.route_id ? 'PLANNED' : order.status);

/** A route that still holds its orders (a cancelled one gave them back). */
export const liveRoute = (route) => route.status !== 'CANCELLED';

/**
 * The orders grouped by their board state, every state present (in ORDER_STATES order) and the orders of each in the
 * order given; a state the board does not know is put last under its own name.
 */
export function groupByState(orders) {
  const groups = new Map(ORDER_STATES.map((s) => [s, []]));
  for (const o of orders) {
    const state = boardState(o);
    if (!groups.has(state)) groups.set(state, []);
    groups.get(state).push(o);
  }
  return [...groups.entries()].map(([state, list]) => ({ state, orders: list }));
}

/** Each order's live route: delivery order id to {route, seq}. */
export function routeOfOrder(routes) {
  const by = {};
  for (const r of routes.filter(liveRoute)) {
    for (const s of r.stops ?? []) by[s.delivery_order_id] = { route: r, seq: s.seq };
  }
  return by;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a text is a real day as YYYY-MM-DD (2026-02-30 is not). */
export function isDay(text) {
  const m = DAY.exec(String(text ?? '').trim());
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The board's address: '#/deliveries?location=…&day=…' and, while a plan is solved or shown, its plan and job. */
export function boardHash({ location, day, plan, job }) {
  const q = new URLSearchParams();
  if (location) q.set('location', location);
  if (day) q.set('day', day);
  if (plan) q.set('plan', plan);
  if (job) q.set('job', job);
  const s = q.toString();
  return '#/deliveries' + (s ? '?' + s : '');
}

/** Metres as km to one decimal, seconds as h:mm. */
export function km(metres) {
  return (Number(metres ?? 0) / 1000).toFixed(1) + ' km';
}

export function hoursMinutes(seconds) {
  const m = Math.round(Number(seconds ?? 0) / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The range [lo, hi] widened around its middle to the span given. */
function widen([lo, hi], span) {
  const mid = (lo + hi) / 2;
  return [mid - span / 2, mid + span / 2];
}

/**
 * What the plot draws: uPlot's data in its xy mode (mode 2: [null, [xs, ys], ...], x the longitude and y the
 * latitude), one series per live route with stops going depot → stops in visiting order → depot, then the depot
 * and the drivers' last positions when there are any; `kinds` names each series (`route` with its route and
 * colour index, `depot`, `positions`); and the scales' ranges, padded and widened so that a kilometre east is as
 * long on screen as a kilometre north in a plot of width × height pixels.
 *
 * @param depot {latitude, longitude} or null
 * @param routes routes with their stops (cancelled ones are left out)
 * @param positions route id to {latitude, longitude}
 */
export function plotData(depot, routes, positions = {}, width = 600, height = 400) {
  const data = [null];
  const kinds = [];
  const xs = [];
  const ys = [];
  routes.filter(liveRoute).forEach((r, index) => {
    const stops = [...(r.stops ?? [])].sort((a, b) => a.seq - b.seq);
    if (!stops.length) return;
    const lon = stops.map((s) => s.longitude);
    const lat = stops.map((s) => s.latitude);
    if (depot) {
      lon.unshift(depot.longitude); lat.unshift(depot.latitude);
      lon.push(depot.longitude); lat.push(depot.latitude);
    }
    xs.push(...lon); ys.push(...lat);
    data.push([lon, lat]);
    kinds.push({ kind: 'route', route: r, index });
  });
  if (depot) {
    xs.push(depot.longitude); ys.push(depot.latitude);
    data.push([[depot.longitude], [depot.latitude]]);
    kinds.push({ kind: 'depot' });
  }
  const here = routes.filter(liveRoute).map((r) => positions[r.id]).filter(Boolean);
  if (here.length) {
    here.forEach((p) => { xs.push(p.longitude); ys.push(p.latitude); });
    data.push([here.map((p) => p.longitude), here.map((p) => p.latitude)]);
    kinds.push({ kind: 'positions' });
  }
  if (!xs.length) return { data, kinds, x: [-1, 1], y: [-1, 1] };
  let x = [Math.min(...xs), Math.max(...xs)];
  let y = [Math.min(...ys), Math.max(...ys)];
  // a degree of longitude is shorter than one of latitude by the cosine of the latitude
  const shrink = Math.cos(((y[0] + y[1]) / 2) * Math.PI / 180) || 1;
  const pad = 1.15;
  let xSpan = Math.max((x[1] - x[0]) * shrink, 0.002) * pad;
  let ySpan = Math.max(y[1] - y[0], 0.002) * pad;
  if (xSpan / ySpan > width / height) ySpan = xSpan * height / width;
  else xSpan = ySpan * width / height;
  x = widen(x, xSpan / shrink);
  y = widen(y, ySpan);
  return { data, kinds, x, y };
}

/** How many distinct route colours the board has (office.css .route-0 … .route-7, and the plot's strokes). */
export const ROUTE_COLOURS = ['#0b5cab', '#b3261e', '#1b7f3b', '#8a4f00', '#6a1b9a', '#00695c', '#ad1457', '#37474f'];

export const colourOf = (i) => ROUTE_COLOURS[i % ROUTE_COLOURS.length];

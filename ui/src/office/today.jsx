// The dashboard's panels besides the sales report: the tills (open sessions, and the variance of those
// closed today), sales by terminal, low stock and the day's deliveries by state. Each reads its own
// endpoints and reads them again when the stream says its topic changed (the `tick` it is given); an
// answer older than the last question is dropped, so a slow read never replaces a newer one.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../messages.js';
import { money, quantity, dateTime } from '../format.js';
import { explain } from '../problems.js';
import { dayBounds, sum } from './day.js';
import { productNames } from './names.js';

/** Reads with `read()` whenever a dependency changes; keeps only the newest answer. */
function useRead(read, deps) {
  const [state, setState] = useState({ data: null, failure: null });
  const asked = useRef(0);
  useEffect(() => {
    const n = ++asked.current;
    read().then((data) => { if (n === asked.current) setState({ data, failure: null }); },
      (err) => { if (n === asked.current) setState((s) => ({ data: s.data, failure: explain(err) })); });
  }, deps);
  return state;
}

function Panel({ id, title, failure, wide, double, children }) {
  return (
    <section class={'panel' + (wide ? ' wide-panel' : '') + (double ? ' double-panel' : '')} aria-labelledby={id + '-title'} id={id}>
      <h2 id={id + '-title'}>{title}</h2>
      {failure && <p class="error" role="alert">{failure}</p>}
      {children}
    </section>
  );
}

const where = (locationId) => (locationId ? `&location_id=${encodeURIComponent(locationId)}` : '');

async function readTills(locationId, day, timeZone) {
  const { from, to } = dayBounds(day, timeZone);
  const [terminals, open, closing, closed] = await Promise.all([
    api.get('/api/v1/terminals?limit=200' + where(locationId)),
    api.get('/api/v1/till-sessions?state=OPEN&limit=200' + where(locationId)),
    api.get('/api/v1/till-sessions?state=CLOSING&limit=200' + where(locationId)),
    api.get(`/api/v1/till-reports/variances?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` + where(locationId)),
  ]);
  const codes = Object.fromEntries((terminals.items ?? []).map((x) => [x.id, x.code + ' · ' + x.name]));
  const rows = [...(open.items ?? []), ...(closing.items ?? [])].map((s) => ({
    id: s.id, terminal: codes[s.terminal_id] ?? '—', cashier: s.cashier_id, state: s.state, at: s.opened_at,
    variance: s.variance_total, review: s.review_required,
  }));
  for (const s of closed.sessions ?? []) {
    rows.push({ id: s.session_id, terminal: codes[s.terminal_id] ?? s.terminal_code, cashier: s.cashier_id, state: 'CLOSED', at: s.closed_at, variance: s.variance_total });
  }
  return rows;
}

export function TillsPanel({ locationId, day, timeZone, tick, cashierNames, currency }) {
  const { data, failure } = useRead(() => readTills(locationId, day, timeZone), [locationId, day, timeZone, tick]);
  return (
    <Panel id="tills" title={t('today.tills')} failure={failure} wide>
      <table class="data" id="tills-table">
        <thead><tr>
          <th scope="col">{t('today.terminal')}</th><th scope="col">{t('dash.cashier')}</th><th scope="col">{t('today.state')}</th>
          <th scope="col">{t('today.since')}</th><th scope="col" class="num">{t('report.variance')}</th>
        </tr></thead>
        <tbody>
          {(data ?? []).map((r) => (
            <tr data-session={r.id} data-state={r.state} data-variance={r.variance ?? ''}>
              <th scope="row">{r.terminal}</th>
              <td>{cashierNames[r.cashier] ?? t('today.someone')}</td>
              <td>{t('today.session.' + r.state)}{r.review ? ' ' + t('today.review') : ''}</td>
              <td>{dateTime(r.at, timeZone)}</td>
              <td class={'num' + (r.variance != null && Number(r.variance) !== 0 ? ' off' : '')}>{r.variance == null ? '—' : money(r.variance, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && !data.length && <p class="empty">{t('today.noTills')}</p>}
    </Panel>
  );
}

async function readTerminals(locationId, day, timeZone) {
  const { from, to } = dayBounds(day, timeZone);
  const answer = await api.get(`/api/v1/till-reports/sales?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` + where(locationId));
  const by = new Map();
  for (const r of answer.items ?? []) {
    const x = by.get(r.terminal_id) ?? { code: r.terminal_code, sales: 0, sold: [], returned: [], net: [] };
    x.sales += Number(r.sales);
    x.sold.push(r.sold);
    x.returned.push(r.returned);
    x.net.push(r.net);
    by.set(r.terminal_id, x);
  }
  return [...by.entries()].map(([id, x]) => ({ id, code: x.code, sales: x.sales, sold: sum(x.sold), returned: sum(x.returned), net: sum(x.net) }));
}

export function TerminalsPanel({ locationId, day, timeZone, tick, currency }) {
  const { data, failure } = useRead(() => readTerminals(locationId, day, timeZone), [locationId, day, timeZone, tick]);
  return (
    <Panel id="by-terminal" title={t('today.byTerminal')} failure={failure} double>
      <table class="data" id="by-terminal-table">
        <thead><tr>
          <th scope="col">{t('today.terminal')}</th><th scope="col" class="num">{t('dash.tickets')}</th>
          <th scope="col" class="num">{t('today.sold')}</th><th scope="col" class="num">{t('today.returned')}</th><th scope="col" class="num">{t('today.net')}</th>
        </tr></thead>
        <tbody>
          {(data ?? []).map((r) => (
            <tr data-terminal={r.id} data-net={r.net}>
              <th scope="row">{r.code}</th><td class="num">{r.sales}</td><td class="num">{money(r.sold, currency)}</td>
              <td class="num">{money(r.returned, currency)}</td><td class="num">{money(r.net, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && !data.length && <p class="empty">{t('today.noTerminalSales')}</p>}
    </Panel>
  );
}

async function readLowStock(locationId, locations) {
  const page = await api.get('/api/v1/stock?low=true&limit=50' + where(locationId));
  const items = page.items ?? [];
  const names = await productNames(items.map((x) => x.product_id));
  const codes = Object.fromEntries(locations.map((l) => [l.id, l.code]));
  return { more: !!page.next_cursor, rows: items.map((x) => ({ ...x, product: names[x.product_id], location: codes[x.location_id] ?? '' })) };
}

export function LowStockPanel({ locationId, locations, tick }) {
  const { data, failure } = useRead(() => readLowStock(locationId, locations), [locationId, tick]);
  return (
    <Panel id="low-stock" title={t('today.lowStock')} failure={failure}>
      <table class="data" id="low-stock-table">
        <thead><tr>
          <th scope="col">{t('dash.product')}</th>{!locationId && <th scope="col">{t('dash.location')}</th>}
          <th scope="col" class="num">{t('stock.available')}</th><th scope="col" class="num">{t('stock.threshold')}</th>
        </tr></thead>
        <tbody>
          {(data?.rows ?? []).map((r) => (
            <tr data-product={r.product_id}>
              <th scope="row"><a href={`#/stock?location=${r.location_id}&product=${r.product_id}`}>{r.product?.name ?? r.product_id}</a></th>
              {!locationId && <td>{r.location}</td>}
              <td class="num">{quantity(r.available)}</td><td class="num">{quantity(r.low_stock_threshold)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && !data.rows.length && <p class="empty">{t('today.noLowStock')}</p>}
      {data?.more && <p class="small"><a href="#/stock?low=true">{t('today.moreLowStock')}</a></p>}
    </Panel>
  );
}

const STATES = ['PENDING', 'ASSIGNED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'FAILED', 'CANCELLED'];

async function readDeliveries(locationId, day) {
  const pages = await Promise.all(STATES.map((s) => api.get(`/api/v1/delivery-orders?date=${day}&status=${s}&limit=200` + where(locationId))));
  return STATES.map((s, i) => ({ state: s, count: (pages[i].items ?? []).length, more: !!pages[i].next_cursor }));
}

export function DeliveriesPanel({ locationId, day, tick }) {
  const { data, failure } = useRead(() => readDeliveries(locationId, day), [locationId, day, tick]);
  return (
    <Panel id="deliveries" title={t('today.deliveries')} failure={failure}>
      <table class="data" id="deliveries-table">
        <thead><tr><th scope="col">{t('today.state')}</th><th scope="col" class="num">{t('today.orders')}</th></tr></thead>
        <tbody>
          {(data ?? []).map((r) => (
            <tr data-state={r.state} data-count={r.count}><th scope="row">{t('delivery.' + r.state)}</th><td class="num">{r.count}{r.more ? '+' : ''}</td></tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

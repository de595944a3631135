// The live dashboard of the back office (ADMIN and MANAGER): today's figures of a location or of all,
// read from the report endpoints and read again whenever the event stream says a sale, a void or a return
// happened. The stream resumes after its last seq (Last-Event-ID, or after= on a fresh connection), and the
// figures are the report's own, read after each (re)subscription, so a disconnect never loses a sale.
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import * as api from './api.js';
import * as live from './live.js';
import { t } from './messages.js';
import { money, quantity } from './format.js';
import { explain } from './problems.js';
import { BackOfficeBar } from './office/layout.jsx';
import { TillsPanel, TerminalsPanel, LowStockPanel, DeliveriesPanel } from './office/today.jsx';


/** Today's date (YYYY-MM-DD) in a time zone. */
export function today(timeZone) {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

async function readReport(locationId, locations) {
  if (locationId) return api.get(`/api/v1/reports/daily?location_id=${encodeURIComponent(locationId)}&top=10`);
  const day = today(locations[0]?.time_zone);
  return api.get(`/api/v1/reports/range?from=${day}&to=${day}&top=10`);
}

/** The topics the dashboard follows; an event of any of them reads again the panels that show it. */
const TOPICS = ['sales', 'tills', 'stock', 'deliveries'];

/**
 * Follows the dashboard's topics (live.js). Calls onChange(null) after each (re)subscription (everything may
 * have changed meanwhile) and onChange(topics) after each batch of events; reports 'connecting', 'live' or
 * 'offline', and a reconnection keeps saying it is disconnected until the stream is live again.
 */
function useLiveStream(onChange, setState) {
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => {
    let timer = null;
    let pending = new Set();
    const soon = (topic) => {
      pending.add(topic);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const topics = pending;
        pending = new Set();
        changed.current(topics);
      }, 150);
    };
    const stream = live.follow({
      topics: TOPICS,
      onState: (state) => setState((now) => (state === 'connecting' && now === 'offline' ? 'offline' : state)),
      onResync: () => changed.current(null),
      // an event that cannot be read still says something changed
      onEvent: (event) => soon(event?.topic ?? 'sales'),
    });
    return () => {
      clearTimeout(timer);
      stream.stop();
    };
  }, []);
}

function HourChart({ hours, currency }) {
  const ref = useRef(null);
  const plot = useRef(null);
  useEffect(() => {
    const xs = [...Array(24).keys()];
    const ys = xs.map((h) => Number(hours.find((r) => r.hour === h)?.total ?? 0));
    const width = Math.max(280, Math.min(720, ref.current.clientWidth || 600));
    const opts = {
      width,
      height: 220,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, 23.5] } },
      axes: [
        { values: (u, vals) => vals.map((v) => (Number.isInteger(v) ? String(v).padStart(2, '0') : '')) },
        { size: 70, values: (u, vals) => vals.map((v) => money(v, currency).replace(/\.00$/, '')) },
      ],
      series: [{}, { label: t('dash.total'), stroke: '#0b5cab', fill: 'rgba(11,92,171,.55)', width: 1, paths: uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false } }],
    };
    if (plot.current) plot.current.destroy();
    plot.current = new uPlot(opts, [xs, ys], ref.current);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [JSON.stringify(hours), currency]);
  return <div class="chart" ref={ref} aria-hidden="true" id="hour-chart" />;
}

function Figure({ id, label, value, raw }) {
  return (
    <div class="figure">
      <dt>{label}</dt>
      <dd id={id} data-value={raw ?? ''}>{value}</dd>
    </div>
  );
}

export function Dashboard({ me, onSignOut, onTill }) {
  const [locations, setLocations] = useState(null);
  const [locationId, setLocationId] = useState('');
  const [report, setReport] = useState(null);
  const [state, setState] = useState('connecting');
  const [failure, setFailure] = useState(null);
  const [updated, setUpdated] = useState(null);
  const chosen = useRef({ locationId: '', locations: null });
  const reading = useRef(Promise.resolve());

  useEffect(() => {
    api.get('/api/v1/locations?limit=200').then((page) => {
      const list = (page.items ?? []).filter((l) => l.active);
      chosen.current.locations = list;
      setLocations(list);
    }, (err) => setFailure(explain(err)));
  }, []);

  function reload() {
    const { locationId: id, locations: list } = chosen.current;
    if (list === null) return;
    // one read at a time, in order, so an older answer never overwrites a newer one
    reading.current = reading.current.then(() => readReport(id, list).then((r) => {
      if (chosen.current.locationId !== id) return;
      setReport(r);
      setFailure(null);
      setUpdated(new Date());
    }, (err) => setFailure(explain(err))));
  }

  useEffect(() => {
    chosen.current.locationId = locationId;
    if (locations) reload();
  }, [locationId, locations]);

  const [ticks, setTicks] = useState({ tills: 0, stock: 0, deliveries: 0, sales: 0 });
  useLiveStream((topics) => {
    if (!topics || topics.has('sales')) reload();
    // a sale moves stock and a till's takings; a till's session changes its panel only
    setTicks((x) => ({
      sales: x.sales + (!topics || topics.has('sales') ? 1 : 0),
      tills: x.tills + (!topics || topics.has('tills') || topics.has('sales') ? 1 : 0),
      stock: x.stock + (!topics || topics.has('stock') || topics.has('sales') ? 1 : 0),
      deliveries: x.deliveries + (!topics || topics.has('deliveries') ? 1 : 0),
    }));
  }, setState);

  useEffect(() => {
    document.title = t('dash.title') + ' · Kassa';
    return () => { document.title = t('app.title'); };
  }, []);

  const c = report?.period?.currency ?? 'INR';
  const zone = (locations ?? []).find((l) => l.id === locationId)?.time_zone ?? locations?.[0]?.time_zone ?? 'UTC';
  const day = today(zone);
  const cashierNames = Object.fromEntries([[me.id, me.username], ...(report?.by_cashier ?? []).map((x) => [x.cashier_id, x.username])]);
  const s = report?.summary;
  return (
    <div class="backoffice">
      <BackOfficeBar me={me} current="dashboard" onSignOut={onSignOut} onTill={onTill} />
      <main id="dashboard" class="dashboard">
        <div class="dash-head">
          <h1>{t('dash.today')}</h1>
          {locations && (
            <div class="dash-location">
              <label for="dash-location">{t('dash.location')}</label>
              <select id="dash-location" value={locationId} onChange={(e) => setLocationId(e.currentTarget.value)}>
                <option value="">{t('dash.all')}</option>
                {locations.map((l) => <option value={l.id}>{l.code} · {l.name}</option>)}
              </select>
            </div>
          )}
          <p id="live-status" class={'live state-' + state} role="status">
            {t('dash.state.' + state)}
            {updated && state === 'live' && <span class="small"> · {t('dash.updated', { time: updated.toLocaleTimeString('en-IN') })}</span>}
          </p>
        </div>
        {failure && <p class="error banner" role="alert" id="dash-failure">{failure}</p>}
        {!report && !failure && <p role="status">{t('dash.loading')}</p>}
        {report && (
          <>
            <p class="small period">{report.period.from === report.period.to ? report.period.from : `${report.period.from} – ${report.period.to}`}</p>
            <dl class="figures" id="figures">
              <Figure id="figure-net" label={t('dash.net')} value={money(s.net, c)} raw={String(s.net)} />
              <Figure id="figure-tickets" label={t('dash.tickets')} value={String(s.count)} raw={String(s.count)} />
              <Figure id="figure-average" label={t('dash.average')} value={money(s.average_ticket, c)} raw={String(s.average_ticket)} />
              <Figure id="figure-returns" label={t('dash.returns', { n: report.returns?.count ?? 0 })} value={money(report.returns?.total ?? 0, c)} raw={String(report.returns?.total ?? 0)} />
            </dl>
            <div class="panels">
              <section class="panel wide-panel" aria-labelledby="by-hour-title">
                <h2 id="by-hour-title">{t('dash.byHour')}</h2>
                <HourChart hours={report.by_hour ?? []} currency={c} />
                <table class="sr-only print-table" id="by-hour-table">
                  <caption>{t('dash.byHour')}</caption>
                  <thead><tr><th scope="col">{t('dash.hour')}</th><th scope="col">{t('dash.tickets')}</th><th scope="col">{t('dash.total')}</th></tr></thead>
                  <tbody>
                    {(report.by_hour ?? []).map((h) => <tr><th scope="row">{String(h.hour).padStart(2, '0')}:00–{String(h.hour).padStart(2, '0')}:59</th><td>{h.sales}</td><td>{money(h.total, c)}</td></tr>)}
                  </tbody>
                </table>
                {!(report.by_hour ?? []).length && <p class="empty">{t('dash.noSales')}</p>}
              </section>
              <section class="panel" aria-labelledby="by-method-title">
                <h2 id="by-method-title">{t('dash.byMethod')}</h2>
                <table class="data" id="by-method">
                  <thead><tr><th scope="col">{t('tender.method')}</th><th scope="col" class="num">{t('dash.tickets')}</th><th scope="col" class="num">{t('dash.amount')}</th></tr></thead>
                  <tbody>
                    {(report.by_payment_method ?? []).map((m) => <tr><th scope="row">{t('method.' + m.method)}</th><td class="num">{m.sales}</td><td class="num">{money(m.amount, c)}</td></tr>)}
                  </tbody>
                </table>
                {!(report.by_payment_method ?? []).length && <p class="empty">{t('dash.noSales')}</p>}
              </section>
              <section class="panel" aria-labelledby="by-cashier-title">
                <h2 id="by-cashier-title">{t('dash.byCashier')}</h2>
                <table class="data" id="by-cashier">
                  <thead><tr><th scope="col">{t('dash.cashier')}</th><th scope="col" class="num">{t('dash.tickets')}</th><th scope="col" class="num">{t('dash.total')}</th></tr></thead>
                  <tbody>
                    {(report.by_cashier ?? []).map((x) => <tr><th scope="row">{x.username ?? '—'}</th><td class="num">{x.sales}</td><td class="num">{money(x.total, c)}</td></tr>)}
                  </tbody>
                </table>
                {!(report.by_cashier ?? []).length && <p class="empty">{t('dash.noSales')}</p>}
              </section>
              <section class="panel" aria-labelledby="top-title">
                <h2 id="top-title">{t('dash.top')}</h2>
                <table class="data" id="top-products">
                  <thead><tr><th scope="col">{t('dash.product')}</th><th scope="col" class="num">{t('dash.quantity')}</th><th scope="col" class="num">{t('dash.total')}</th></tr></thead>
                  <tbody>
                    {(report.top_products ?? []).map((p) => <tr><th scope="row">{p.name} <span class="small">{p.sku}</span></th><td class="num">{quantity(p.quantity)}</td><td class="num">{money(p.total, c)}</td></tr>)}
                  </tbody>
                </table>
                {!(report.top_products ?? []).length && <p class="empty">{t('dash.noSales')}</p>}
              </section>
            </div>
          </>
        )}
        {locations && (
          <div class="panels today-panels" id="today-panels">
            <TillsPanel locationId={locationId} day={day} timeZone={zone} tick={ticks.tills} cashierNames={cashierNames} currency={c} />
            <TerminalsPanel locationId={locationId} day={day} timeZone={zone} tick={ticks.tills} currency={c} />
            <LowStockPanel locationId={locationId} locations={locations} tick={ticks.stock} />
            <DeliveriesPanel locationId={locationId} day={day} tick={ticks.deliveries} />
          </div>
        )}
      </main>
    </div>
  );
}

export { BackOfficeBar, Refused, mayUseBackOffice } from './office/layout.jsx';

// The dispatch board (ADMIN and MANAGER): a location's day of deliveries. The orders by state, the drivers and
// vehicles, planning the routes (inline, or a background job whose progress is shown and whose plan and job stay
// in the address, so the page can be left and come back to), each route's stops in visiting order with their ETAs
// and on a plot of their coordinates, dispatching a route and rescheduling a failed order. It follows the
// `deliveries` topic and reads the board again on each change; the drivers' positions come from the stream.
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import * as api from '../api.js';
import * as live from '../live.js';
import { t } from '../messages.js';
import { Problem, explain } from '../problems.js';
import { today } from '../dashboard.jsx';
import { nextDay } from './day.js';
import { OfficePage } from './layout.jsx';
import { Field, described, serverErrors } from './form.jsx';
import { boardHash, colourOf, groupByState, hoursMinutes, isDay, km, liveRoute, plotData, routeOfOrder } from './dispatch.js';

const q = encodeURIComponent;

async function all(path) {
  const items = [];
  let cursor = null;
  for (let n = 0; n < 10; n++) {
    const page = await api.get(path + (cursor ? '&cursor=' + q(cursor) : ''));
    items.push(...(page.items ?? []));
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return items;
}

async function readBoard(location, day) {
  const [orders, routes, drivers, vehicles, depot] = await Promise.all([
    all(`/api/v1/delivery-orders?location_id=${q(location)}&date=${day}&limit=200`),
    all(`/api/v1/routes?location_id=${q(location)}&date=${day}&limit=200`),
    all(`/api/v1/drivers?location_id=${q(location)}&active=true&limit=200`),
    all(`/api/v1/vehicles?location_id=${q(location)}&active=true&limit=200`),
    api.get('/api/v1/delivery/depots/' + q(location)).catch((err) => {
      if (err instanceof Problem && err.status === 404) return null;
      throw err;
    }),
  ]);
  return { orders, routes, drivers, vehicles, depot };
}

const time = (iso, zone) => {
  try {
    return new Intl.DateTimeFormat('en-IN', { timeStyle: 'short', timeZone: zone }).format(new Date(iso));
  } catch {
    return iso;
  }
};

function setAddress(state) {
  const hash = boardHash(state);
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

export function DeliveriesScreen({ me, params, onSignOut, onTill }) {
  const [locations, setLocations] = useState(null);
  const [where, setWhere] = useState({ location: params.location ?? '', day: '' });
  const [dayText, setDayText] = useState(params.day ?? '');
  const [dayError, setDayError] = useState(null);
  const [board, setBoard] = useState(null);
  const [failure, setFailure] = useState(null);
  const [notice, setNotice] = useState(null);
  const [stream, setStream] = useState('connecting');
  const [positions, setPositions] = useState({});
  const [plan, setPlan] = useState({ id: params.plan ?? null, job: params.job ?? null, answer: null, progress: null });
  const asked = useRef(0);
  const current = useRef(where);
  current.current = where;

  const zone = (locations ?? []).find((l) => l.id === where.location)?.time_zone ?? 'Asia/Kolkata';

  useEffect(() => {
    api.get('/api/v1/locations?limit=200').then((page) => {
      const list = (page.items ?? []).filter((l) => l.active);
      setLocations(list);
      const chosen = list.find((l) => l.id === params.location) ?? list[0];
      if (!chosen) return;
      const day = params.day ?? today(chosen.time_zone);
      setDayText(day);
      if (isDay(day)) setWhere({ location: chosen.id, day });
      else {
        setWhere({ location: chosen.id, day: '' });
        setDayError(t('dispatch.badDay', { day }));
      }
    }, (err) => setFailure(explain(err)));
  }, []);

  function reload() {
    const { location: loc, day } = current.current;
    if (!loc || !day) return;
    const n = ++asked.current;
    readBoard(loc, day).then((b) => {
      if (n !== asked.current) return;
      setBoard(b);
      setFailure(null);
    }, (err) => { if (n === asked.current) setFailure(explain(err)); });
  }

  useEffect(() => {
    setBoard(null);
    if (where.location && where.day) {
      setAddress({ ...where, plan: plan.id, job: plan.job });
      reload();
    }
  }, [where.location, where.day]);

  // the deliveries topic: a batch of changes reads the board again once; a position is kept as it comes
  useEffect(() => {
    let timer = null;
    const soon = () => { clearTimeout(timer); timer = setTimeout(reload, 150); };
    const follower = live.follow({
      topics: ['deliveries'],
      onState: (s) => setStream((now) => (s === 'connecting' && now === 'offline' ? 'offline' : s)),
      onResync: () => reload(),
      onEvent: (event) => {
        if (event?.location_id && event.location_id !== current.current.location) return;
        if (event?.type === 'route.position' && event.payload) {
          const p = event.payload;
          setPositions((x) => ({ ...x, [p.route_id ?? event.aggregate_id]: { latitude: p.latitude, longitude: p.longitude, at: p.at } }));
        }
        soon();
      },
    });
    return () => { clearTimeout(timer); follower.stop(); };
  }, []);

  // a plan solved in the background: its job's progress until it ends, then its answer
  useEffect(() => {
    if (!plan.job) return undefined;
    let stopped = false;
    let timer = null;
    const poll = async () => {
      try {
        const job = await api.get('/api/v1/jobs/' + q(plan.job));
        if (stopped) return;
        if (job.state === 'SUCCEEDED' || job.state === 'FAILED') {
          const answer = plan.id ? await api.get('/api/v1/route-plans/' + q(plan.id)) : null;
          if (stopped) return;
          setPlan({ id: plan.id, job: null, answer, progress: null });
          setAddress({ ...current.current, plan: plan.id });
          if (answer?.status === 'FAILED' || job.state === 'FAILED') setFailure(t('dispatch.planFailed', { reason: answer?.failure ?? job.state }));
          else setNotice(t('dispatch.planned', { n: answer?.routes?.length ?? 0 }));
          reload();
          return;
        }
        setPlan((p) => ({ ...p, progress: { state: job.state, done: job.done, total: job.total } }));
      } catch (err) {
        if (stopped) return;
        setFailure(explain(err));
      }
      timer = setTimeout(poll, 600);
    };
    poll();
    return () => { stopped = true; clearTimeout(timer); };
  }, [plan.job]);

  // a plan named in the address (the page left and come back to): its left-out orders are shown again
  useEffect(() => {
    if (plan.id && !plan.job && !plan.answer) {
      api.get('/api/v1/route-plans/' + q(plan.id)).then((answer) => setPlan((p) => ({ ...p, answer })), () => null);
    }
  }, []);

  function show(e) {
    e.preventDefault();
    const day = dayText.trim();
    if (!isDay(day)) {
      setDayError(t('dispatch.badDay', { day }));
      return;
    }
    setDayError(null);
    setPlan({ id: null, job: null, answer: null, progress: null });
    setWhere({ ...where, day });
    setAddress({ ...where, day });
  }

  function pickLocation(id) {
    setPositions({});
    setPlan({ id: null, job: null, answer: null, progress: null });
    setWhere({ ...where, location: id });
  }

  const said = (text) => { setNotice(text); setFailure(null); };
  const refused = (err) => { setNotice(null); setFailure(explain(err)); };

  async function dispatchRoute(route) {
    try {
      await api.post(`/api/v1/routes/${q(route.id)}/dispatch`, undefined);
      said(t('dispatch.dispatched', { vehicle: route.vehicle_registration, driver: route.driver_name }));
    } catch (err) {
      refused(err);
    }
    reload();
  }

  const routes = (board?.routes ?? []).filter(liveRoute);
  const onRoute = routeOfOrder(board?.routes ?? []);
  const colours = Object.fromEntries(routes.map((r, i) => [r.id, i]));
  const names = Object.fromEntries((board?.orders ?? []).map((o) => [o.id, o.recipient_name]));
  const tools = locations && (
    <form class="inline-form dispatch-where" onSubmit={show} noValidate>
      <div class="field">
        <label for="dispatch-location">{t('dash.location')}</label>
        <select id="dispatch-location" value={where.location} onChange={(e) => pickLocation(e.currentTarget.value)}>
          {locations.map((l) => <option value={l.id}>{l.code} · {l.name}</option>)}
        </select>
      </div>
      <Field id="dispatch-day" label={t('dispatch.day')} error={dayError} hint={t('dispatch.dayHint')}>
        <input id="dispatch-day" value={dayText} inputmode="numeric" autocomplete="off" onInput={(e) => setDayText(e.currentTarget.value)}
          {...described('dispatch-day', dayError, t('dispatch.dayHint'))} />
      </Field>
      <button type="submit" id="dispatch-show">{t('dispatch.show')}</button>
      <p id="live-status" class={'live state-' + stream} role="status">{t('dash.state.' + stream)}</p>
    </form>
  );
  return (
    <OfficePage me={me} current="deliveries" title={t('dispatch.title')} id="dispatch-board" onSignOut={onSignOut} onTill={onTill} tools={tools}>
      {failure && <p class="error banner" role="alert" id="dispatch-failure">{failure}</p>}
      <p role="status" id="dispatch-notice" class="notice">{notice ?? ''}</p>
      {locations && !locations.length && <p class="empty">{t('terminal.none')}</p>}
      {board && !board.depot && <p class="error banner" id="dispatch-no-depot">{t('dispatch.noDepot')}</p>}
      {!board && where.day && !failure && <p role="status">{t('dash.loading')}</p>}
      {board && (
        <div class="panels">
          <PlanPanel board={board} where={where} plan={plan} names={names}
            onPlanned={(answer, status) => {
              if (status === 202) {
                setPlan({ id: answer.id, job: answer.job_id, answer: null, progress: { state: 'QUEUED', done: 0, total: null } });
                setAddress({ ...where, plan: answer.id, job: answer.job_id });
                said(t('dispatch.queued'));
              } else {
                setPlan({ id: answer.id, job: null, answer, progress: null });
                setAddress({ ...where, plan: answer.id });
                said(t('dispatch.planned', { n: answer.routes?.length ?? 0 }));
              }
              reload();
            }}
            onRefused={(text, again) => { setNotice(null); setFailure(text); if (again) reload(); }} />
          <PlotPanel depot={board.depot} routes={routes} colours={colours} positions={positions} names={names} />
          <RoutesPanel routes={routes} colours={colours} zone={zone} onDispatch={dispatchRoute} />
          <OrdersPanel orders={board.orders} onRoute={onRoute} zone={zone} day={where.day}
            onRescheduled={(o, day) => { said(t('dispatch.rescheduled', { name: o.recipient_name, day })); reload(); }} />
        </div>
      )}
    </OfficePage>
  );
}

function Panel({ id, title, wide, children }) {
  return (
    <section class={'panel' + (wide ? ' wide-panel' : '')} aria-labelledby={id + '-title'} id={id}>
      <h2 id={id + '-title'}>{title}</h2>
      {children}
    </section>
  );
}

/** The vehicles to plan with, each with its driver (paired in order by default), and the working hours. */
function PlanPanel({ board, where, plan, names, onPlanned, onRefused }) {
  const { vehicles, drivers } = board;
  const [use, setUse] = useState({});
  const [driverOf, setDriverOf] = useState({});
  const [hours, setHours] = useState({ start: '', end: '' });
  const [errors, setErrors] = useState({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setUse((u) => Object.fromEntries(vehicles.map((v, i) => [v.id, u[v.id] ?? i < drivers.length])));
    setDriverOf((d) => Object.fromEntries(vehicles.map((v, i) => [v.id, d[v.id] ?? drivers[i % Math.max(drivers.length, 1)]?.id ?? ''])));
  }, [vehicles.map((v) => v.id).join(), drivers.map((d) => d.id).join()]);

  async function submit(e) {
    e.preventDefault();
    const chosen = vehicles.filter((v) => use[v.id]);
    const body = { location_id: where.location, date: where.day, vehicles: chosen.map((v) => ({ vehicle_id: v.id, driver_id: driverOf[v.id] || null })) };
    if (hours.start) body.start_time = hours.start;
    if (hours.end) body.end_time = hours.end;
    setBusy(true);
    setErrors({});
    try {
      const answer = await api.call('POST', '/api/v1/routes/plan', body, { idempotent: true });
      onPlanned(answer, answer?.status === 'QUEUED' ? 202 : 201);
    } catch (err) {
      const fields = { date: { key: 'day', label: t('dispatch.day') }, start_time: { key: 'start', label: t('dispatch.start') }, end_time: { key: 'end', label: t('dispatch.end') } };
      chosen.forEach((v, i) => {
        fields[`vehicles[${i}].driver_id`] = { key: 'driver-' + v.id, label: t('dispatch.driverOf', { vehicle: v.registration_number }) };
        fields[`vehicles[${i}].vehicle_id`] = { key: 'use-' + v.id, label: v.registration_number };
      });
      fields.vehicles = { key: 'vehicles', label: t('dispatch.vehicles') };
      const { byField, rest } = serverErrors(err, fields);
      if (byField.vehicles) byField.vehicles = t('dispatch.chooseVehicle');
      setErrors(byField);
      const known = { no_orders: t('dispatch.noOrders', { day: where.day }), depot_not_set: t('dispatch.noDepot'), orders_taken: t('dispatch.ordersTaken') };
      const fieldless = Object.keys(byField).length && !rest;
      onRefused(known[err?.code] ?? (fieldless ? t('dispatch.seeFields') : rest), err?.code === 'orders_taken');
    } finally {
      setBusy(false);
    }
  }

  const solving = plan.job && plan.progress;
  const left = plan.answer?.unassigned ?? [];
  return (
    <Panel id="plan" title={t('dispatch.plan')} wide>
      <form onSubmit={submit} noValidate>
        <fieldset class={'fleet' + (errors.vehicles ? ' invalid' : '')} aria-describedby={errors.vehicles ? 'fleet-error' : undefined}>
          <legend>{t('dispatch.vehicles')}</legend>
          {!vehicles.length && <p class="empty" id="no-vehicles">{t('dispatch.noVehicles')}</p>}
          {!drivers.length && <p class="empty" id="no-drivers">{t('dispatch.noDrivers')}</p>}
          {vehicles.length > 0 && (
            <table class="data" id="fleet">
              <thead><tr><th scope="col">{t('dispatch.vehicle')}</th><th scope="col">{t('dispatch.driver')}</th></tr></thead>
              <tbody>
                {vehicles.map((v) => (
                  <tr data-vehicle={v.id}>
                    <td>
                      <label class="check" for={'use-' + v.id}>
                        <input type="checkbox" id={'use-' + v.id} checked={!!use[v.id]} onChange={(e) => setUse({ ...use, [v.id]: e.currentTarget.checked })} />
                        {t('dispatch.vehicleLabel', { registration: v.registration_number, n: v.capacity_cylinders })}
                      </label>
                      {errors['use-' + v.id] && <p class="error" role="alert">{errors['use-' + v.id]}</p>}
                    </td>
                    <td>
                      <label class="sr-only" for={'driver-' + v.id}>{t('dispatch.driverOf', { vehicle: v.registration_number })}</label>
                      <select id={'driver-' + v.id} value={driverOf[v.id] ?? ''} disabled={!use[v.id]} onChange={(e) => setDriverOf({ ...driverOf, [v.id]: e.currentTarget.value })}
                        {...described('driver-' + v.id, errors['driver-' + v.id])}>
                        <option value="">{t('dispatch.noDriver')}</option>
                        {drivers.map((d) => <option value={d.id}>{d.name}</option>)}
                      </select>
                      {errors['driver-' + v.id] && <p class="error" id={'driver-' + v.id + '-error'} role="alert">{errors['driver-' + v.id]}</p>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {errors.vehicles && <p class="error" id="fleet-error" role="alert">{errors.vehicles}</p>}
        </fieldset>
        <div class="inline-form">
          <Field id="plan-start" label={t('dispatch.start')} error={errors.start} hint={t('dispatch.hoursHint')}>
            <input id="plan-start" type="time" value={hours.start} onInput={(e) => setHours({ ...hours, start: e.currentTarget.value })} {...described('plan-start', errors.start, t('dispatch.hoursHint'))} />
          </Field>
          <Field id="plan-end" label={t('dispatch.end')} error={errors.end}>
            <input id="plan-end" type="time" value={hours.end} onInput={(e) => setHours({ ...hours, end: e.currentTarget.value })} {...described('plan-end', errors.end)} />
          </Field>
          <button type="submit" class="primary" id="plan-routes" disabled={busy || !!plan.job}>{t('dispatch.planRoutes')}</button>
        </div>
        {errors.day && <p class="error" role="alert" id="plan-day-error">{errors.day}</p>}
      </form>
      {solving && (
        <div id="plan-progress">
          <label for="plan-progress-bar">{t('dispatch.solving', { state: t('dispatch.job.' + plan.progress.state) })}</label>
          <progress id="plan-progress-bar" max={plan.progress.total || 1} value={plan.progress.total ? plan.progress.done : undefined} />
          <span class="small">{plan.progress.total ? t('dispatch.iterations', { done: plan.progress.done, total: plan.progress.total }) : ''}</span>
        </div>
      )}
      {left.length > 0 && (
        <div id="plan-unassigned">
          <h3>{t('dispatch.leftOut', { n: left.length })}</h3>
          <ul>{left.map((u) => <li data-order={u.delivery_order_id}>{names[u.delivery_order_id] ?? u.delivery_order_id}: {u.reason}</li>)}</ul>
        </div>
      )}
    </Panel>
  );
}

function RoutesPanel({ routes, colours, zone, onDispatch }) {
  return (
    <Panel id="routes" title={t('dispatch.routes')} wide>
      {!routes.length && <p class="empty">{t('dispatch.noRoutes')}</p>}
      {routes.map((r) => (
        <section class="route-card" aria-labelledby={'route-' + r.id + '-title'} data-route={r.id} data-status={r.status}>
          <div class="dash-head">
            <h3 id={'route-' + r.id + '-title'}>
              <span class={'swatch route-' + (colours[r.id] % 8)} aria-hidden="true" />
              {r.vehicle_registration} · {r.driver_name} · <span class="route-status">{t('dispatch.route.' + r.status)}</span>
            </h3>
            {r.status === 'PLANNED' && (
              <button type="button" class="primary dispatch-route" onClick={() => onDispatch(r)}
                aria-label={t('dispatch.dispatchOne', { vehicle: r.vehicle_registration, driver: r.driver_name })}>{t('dispatch.dispatch')}</button>
            )}
          </div>
          <p class="small route-figures">
            {t('dispatch.figures', { distance: km(r.distance_m), duration: hoursMinutes(r.duration_s), n: r.cylinders, from: time(r.starts_at, zone), to: time(r.ends_at, zone) })}
            {r.distances_estimated ? ' ' + t('dispatch.estimated') : ''}
          </p>
          <table class="data stops">
            <caption class="sr-only">{t('dispatch.stopsOf', { vehicle: r.vehicle_registration })}</caption>
            <thead><tr>
              <th scope="col" class="num">#</th><th scope="col">{t('dispatch.recipient')}</th><th scope="col">{t('dispatch.address')}</th>
              <th scope="col" class="num">{t('dispatch.cylinders')}</th><th scope="col">{t('dispatch.eta')}</th><th scope="col">{t('today.state')}</th>
            </tr></thead>
            <tbody>
              {[...r.stops].sort((a, b) => a.seq - b.seq).map((s) => (
                <tr data-order={s.delivery_order_id} data-seq={s.seq} data-status={s.status} class={s.status === 'FAILED' ? 'failed' : ''}>
                  <td class="num">{s.seq}</td><th scope="row">{s.recipient_name}</th><td>{s.address}</td><td class="num">{s.cylinders}</td>
                  <td>{time(s.arrives_at, zone)}</td><td class="stop-status">{t('dispatch.stop.' + s.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Panel>
  );
}

/** The stops on their coordinates (uPlot, xy mode), hidden from screen readers, which read the table after it. */
function PlotPanel({ depot, routes, colours, positions, names }) {
  const ref = useRef(null);
  const plot = useRef(null);
  const key = JSON.stringify([depot, routes.map((r) => [r.id, r.stops.map((s) => [s.seq, s.latitude, s.longitude])]), positions]);
  useEffect(() => {
    const width = Math.max(300, Math.min(880, ref.current.clientWidth || 640));
    const height = Math.round(width * 0.62);
    const { data, kinds, x, y } = plotData(depot, routes, positions, width, height);
    // uPlot's xy mode draws points only for the indices a filter names: every point of the series
    const every = (u, si) => u.data[si][0].map((_, i) => i);
    const series = [{}, ...kinds.map((k) => {
      const facets = [{ scale: 'x', auto: false }, { scale: 'y', auto: false }];
      if (k.kind === 'route') {
        const c = colourOf(colours[k.route.id] ?? k.index);
        return { label: k.route.vehicle_registration, stroke: c, width: 2, facets, points: { show: true, filter: every, size: 9, fill: c, stroke: c } };
      }
      const c = k.kind === 'depot' ? '#1a1a1a' : '#ff9e1b';
      return { label: k.kind, stroke: c, width: 0, facets, paths: () => null, points: { show: true, filter: every, size: k.kind === 'depot' ? 16 : 14, fill: c, stroke: '#1a1a1a', width: 2 } };
    })];
    // as many decimals as the ticks' step needs, so that neighbouring ticks never read the same
    const degrees = (u, vals, axis, space, step) => vals.map((v) => v.toFixed(Math.min(6, Math.max(0, Math.ceil(-Math.log10(step || 1))))));
    // each stop's number in the visiting order, beside its point
    const numbers = (u) => {
      const ctx = u.ctx;
      const ratio = uPlot.pxRatio ?? 1;
      ctx.save();
      ctx.font = `600 ${Math.round(12 * ratio)}px system-ui, sans-serif`;
      ctx.fillStyle = '#1a1a1a';
      kinds.forEach((k, i) => {
        if (k.kind !== 'route') return;
        const [xs, ys] = u.data[i + 1];
        const first = depot ? 1 : 0;
        for (let j = first; j < xs.length - first; j++) {
          ctx.fillText(String(j - first + 1), u.valToPos(xs[j], 'x', true) + 6 * ratio, u.valToPos(ys[j], 'y', true) - 6 * ratio);
        }
      });
      ctx.restore();
    };
    const opts = {
      mode: 2, width, height, legend: { show: false }, cursor: { show: false },
      scales: { x: { time: false, auto: false, range: () => x }, y: { auto: false, range: () => y } },
      axes: [{ values: degrees, label: t('dispatch.longitude') }, { values: degrees, size: 80, label: t('dispatch.latitude') }],
      series,
      hooks: { draw: [numbers] },
    };
    plot.current?.destroy();
    plot.current = data.length > 1 ? new uPlot(opts, data, ref.current) : null;
    return () => { plot.current?.destroy(); plot.current = null; };
  }, [key]);
  const moving = routes.filter((r) => positions[r.id]);
  return (
    <Panel id="plot" title={t('dispatch.map')} wide>
      <div class="chart" ref={ref} aria-hidden="true" id="route-plot" />
      <ul class="legend" id="plot-legend">
        {depot && <li><span class="swatch depot" aria-hidden="true" />{t('dispatch.depot')}</li>}
        {routes.map((r) => <li data-route={r.id}><span class={'swatch route-' + (colours[r.id] % 8)} aria-hidden="true" />{r.vehicle_registration} · {r.driver_name} ({r.stops.length})</li>)}
        {moving.length > 0 && <li><span class="swatch position" aria-hidden="true" />{t('dispatch.positions')}</li>}
      </ul>
      <table class="sr-only print-table" id="plot-table">
        <caption>{t('dispatch.mapTable')}</caption>
        <thead><tr><th scope="col">{t('dispatch.vehicle')}</th><th scope="col">#</th><th scope="col">{t('dispatch.recipient')}</th><th scope="col">{t('dispatch.latitude')}</th><th scope="col">{t('dispatch.longitude')}</th></tr></thead>
        <tbody>
          {depot && <tr><th scope="row">{t('dispatch.depot')}</th><td>0</td><td>—</td><td>{depot.latitude}</td><td>{depot.longitude}</td></tr>}
          {routes.flatMap((r) => [...r.stops].sort((a, b) => a.seq - b.seq).map((s) => (
            <tr data-order={s.delivery_order_id}><th scope="row">{r.vehicle_registration}</th><td>{s.seq}</td><td>{names[s.delivery_order_id] ?? s.recipient_name}</td><td>{s.latitude}</td><td>{s.longitude}</td></tr>
          )))}
          {moving.map((r) => <tr><th scope="row">{r.vehicle_registration}</th><td>{t('dispatch.position')}</td><td>{r.driver_name}</td><td>{positions[r.id].latitude}</td><td>{positions[r.id].longitude}</td></tr>)}
        </tbody>
      </table>
    </Panel>
  );
}

function OrdersPanel({ orders, onRoute, zone, day, onRescheduled }) {
  return (
    <Panel id="orders" title={t('dispatch.orders', { n: orders.length })} wide>
      {!orders.length && <p class="empty">{t('dispatch.noOrdersToday')}</p>}
      {groupByState(orders).filter((g) => g.orders.length).map((g) => (
        <section class="order-group" aria-labelledby={'orders-' + g.state + '-title'} id={'orders-' + g.state} data-count={g.orders.length}>
          <h3 id={'orders-' + g.state + '-title'}>{t('delivery.' + g.state)} ({g.orders.length})</h3>
          <table class="data">
            <thead><tr>
              <th scope="col">{t('dispatch.recipient')}</th><th scope="col">{t('dispatch.address')}</th><th scope="col" class="num">{t('dispatch.cylinders')}</th>
              <th scope="col">{t('dispatch.window')}</th><th scope="col">{t('dispatch.onRoute')}</th>
              {g.state === 'FAILED' && <th scope="col">{t('dispatch.reschedule')}</th>}
            </tr></thead>
            <tbody>
              {g.orders.map((o) => (
                <tr data-order={o.id} data-status={o.status}>
                  <th scope="row">{o.recipient_name}</th><td>{o.address}</td><td class="num">{o.cylinders}</td>
                  <td>{o.window_from ? `${time(o.window_from, zone)}–${time(o.window_to, zone)}` : t('dispatch.anyTime')}</td>
                  <td>{onRoute[o.id] ? `${onRoute[o.id].route.vehicle_registration} #${onRoute[o.id].seq}` : '—'}
                    {o.failure_reason && <span class="small"> {t('dispatch.failedBecause', { reason: o.failure_reason })}</span>}</td>
                  {g.state === 'FAILED' && <td><Reschedule order={o} day={day} onDone={onRescheduled} /></td>}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Panel>
  );
}

/** Another attempt at a failed order, on another day (the next by default). */
function Reschedule({ order, day, onDone }) {
  const [text, setText] = useState(nextDay(day));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const id = 'reschedule-' + order.id;
  async function submit(e) {
    e.preventDefault();
    const to = text.trim();
    if (!isDay(to)) {
      setError(t('dispatch.badDay', { day: to }));
      return;
    }
    setBusy(true);
    try {
      await api.post(`/api/v1/delivery-orders/${q(order.id)}/reschedule`, { delivery_date: to });
      setError(null);
      onDone(order, to);
    } catch (err) {
      const { byField, rest } = serverErrors(err, { delivery_date: { key: 'day', label: t('dispatch.newDay') } });
      setError(byField.day ?? rest);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="inline-form reschedule" onSubmit={submit} noValidate>
      <Field id={id} label={t('dispatch.newDayOf', { name: order.recipient_name })} error={error}>
        <input id={id} value={text} inputmode="numeric" autocomplete="off" onInput={(e) => setText(e.currentTarget.value)} {...described(id, error)} />
      </Field>
      <button type="submit" disabled={busy} id={id + '-submit'}>{t('dispatch.reschedule')}</button>
    </form>
  );
}

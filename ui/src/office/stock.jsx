// Stock (ADMIN and MANAGER): levels per location with their low-stock thresholds, a product's movement
// ledger, and the three changes a manager makes by hand: a threshold, an adjustment with its reason (by a
// change or to a counted quantity) and a transfer to another location. Every write is the API's; the
// screen checks what it can first and shows the server's refusal next to the field it names.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t, messages } from '../messages.js';
import { quantity, dateTime } from '../format.js';
import { explain } from '../problems.js';
import { OfficePage } from './layout.jsx';
import { Field, described, checkText, checkQuantity, serverErrors } from './form.jsx';
import { productNames, remember } from './names.js';

const PAGE = 25;

/** A code's words when the catalogue has them, else the code itself (a kind added later still shows). */
const named = (prefix, code) => (messages[prefix + code] ? t(prefix + code) : code);

/** Cursor paging of one list: the page shown, back and forth. */
function usePages(read, deps) {
  const [page, setPage] = useState(null);
  const [cursors, setCursors] = useState([null]);
  const [failure, setFailure] = useState(null);
  const asked = useRef(0);
  async function load(cursor) {
    const n = ++asked.current;
    try {
      const answer = await read(cursor);
      if (n === asked.current) { setPage(answer); setFailure(null); }
    } catch (err) {
      if (n === asked.current) setFailure(explain(err));
    }
  }
  useEffect(() => { setCursors([null]); load(null); }, deps);
  return {
    page, failure,
    number: cursors.length,
    reload: () => load(cursors[cursors.length - 1]),
    next: () => { setCursors([...cursors, page.next_cursor]); load(page.next_cursor); },
    previous: () => { const back = cursors.slice(0, -1); setCursors(back); load(back[back.length - 1]); },
    hasPrevious: cursors.length > 1,
    hasNext: !!page?.next_cursor,
  };
}

function Pager({ id, pages }) {
  return (
    <div class="buttons pager">
      <button type="button" id={id + '-previous'} disabled={!pages.hasPrevious} onClick={pages.previous}>{t('products.previous')}</button>
      <button type="button" id={id + '-next'} disabled={!pages.hasNext} onClick={pages.next}>{t('products.next')}</button>
    </div>
  );
}

export function StockScreen({ me, params, onSignOut, onTill }) {
  const [locations, setLocations] = useState(null);
  const [locationId, setLocationId] = useState(params.location ?? '');
  const [low, setLow] = useState(params.low === 'true');
  const [productId, setProductId] = useState(params.product ?? null);
  const [failure, setFailure] = useState(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    api.get('/api/v1/locations?limit=200').then((page) => {
      const list = (page.items ?? []).filter((l) => l.active);
      setLocations(list);
      if (!list.some((l) => l.id === locationId)) setLocationId(list[0]?.id ?? '');
    }, (err) => setFailure(explain(err)));
  }, []);

  const tools = locations && (
    <form class="dash-location" onSubmit={(e) => e.preventDefault()}>
      <label for="stock-location">{t('dash.location')}</label>
      <select id="stock-location" value={locationId} onChange={(e) => { setLocationId(e.currentTarget.value); setProductId(null); }}>
        {locations.map((l) => <option value={l.id}>{l.code} · {l.name}</option>)}
      </select>
      <label class="check"><input type="checkbox" id="stock-low" checked={low} onChange={(e) => setLow(e.currentTarget.checked)} /> {t('stock.lowOnly')}</label>
    </form>
  );
  return (
    <OfficePage me={me} current="stock" title={t('stock.title')} id="stock" onSignOut={onSignOut} onTill={onTill} tools={tools}>
      {failure && <p class="error banner" role="alert">{failure}</p>}
      {locations && !locations.length && <p class="empty">{t('terminal.none')}</p>}
      {locations && locationId && (
        <>
          <Levels locationId={locationId} low={low} version={version} onOpen={setProductId} />
          <ProductFinder onOpen={setProductId} />
          {productId && (
            <ProductStock key={locationId + productId} locationId={locationId} productId={productId} locations={locations}
              onChanged={() => setVersion((v) => v + 1)} onClose={() => setProductId(null)} />
          )}
        </>
      )}
    </OfficePage>
  );
}

function Levels({ locationId, low, version, onOpen }) {
  const [names, setNames] = useState({});
  const pages = usePages(async (cursor) => {
    const q = new URLSearchParams({ location_id: locationId, limit: String(PAGE) });
    if (low) q.set('low', 'true');
    if (cursor) q.set('cursor', cursor);
    const page = await api.get('/api/v1/stock?' + q);
    setNames(await productNames((page.items ?? []).map((x) => x.product_id)));
    return page;
  }, [locationId, low, version]);
  const items = pages.page?.items ?? [];
  return (
    <section class="panel" aria-labelledby="levels-title">
      <h2 id="levels-title">{t('stock.levels')}</h2>
      {pages.failure && <p class="error" role="alert">{pages.failure}</p>}
      <table class="data" id="stock-levels">
        <thead><tr>
          <th scope="col">{t('products.sku')}</th><th scope="col">{t('dash.product')}</th>
          <th scope="col" class="num">{t('stock.onHand')}</th><th scope="col" class="num">{t('stock.reserved')}</th>
          <th scope="col" class="num">{t('stock.available')}</th><th scope="col" class="num">{t('stock.threshold')}</th>
          <th scope="col"><span class="sr-only">{t('stock.open')}</span></th>
        </tr></thead>
        <tbody>
          {items.map((x) => {
            const p = names[x.product_id];
            return (
              <tr data-product={x.product_id} class={x.low ? 'low' : ''}>
                <td>{p?.sku ?? ''}</td>
                <th scope="row">{p?.name ?? x.product_id}{x.low && <span class="tag-low"> {t('stock.low')}</span>}</th>
                <td class="num">{quantity(x.on_hand)}</td><td class="num">{quantity(x.reserved)}</td>
                <td class="num">{quantity(x.available)}</td>
                <td class="num">{x.low_stock_threshold == null ? '—' : quantity(x.low_stock_threshold)}</td>
                <td><button type="button" class="small" onClick={() => onOpen(x.product_id)} aria-label={t('stock.openOne', { name: p?.name ?? '' })}>{t('stock.open')}</button></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pages.page && !items.length && <p class="empty" id="stock-none">{t(low ? 'stock.noneLow' : 'stock.none')}</p>}
      <Pager id="levels" pages={pages} />
    </section>
  );
}

/** Finds a product by name to open its stock, also one that has no stock row at this location yet. */
function ProductFinder({ onOpen }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState(null);
  const [failure, setFailure] = useState(null);
  async function submit(e) {
    e.preventDefault();
    const error = checkText(q, t('stock.find'), 100);
    setFailure(error);
    if (error) return;
    try {
      const page = await api.get('/api/v1/products?limit=8&q=' + encodeURIComponent(q.trim()));
      (page.items ?? []).forEach(remember);
      setFound(page.items ?? []);
    } catch (err) {
      setFailure(explain(err));
    }
  }
  return (
    <section class="panel" aria-labelledby="finder-title">
      <h2 id="finder-title">{t('stock.findTitle')}</h2>
      <form role="search" class="inline-form" onSubmit={submit} novalidate>
        <Field id="stock-find" label={t('stock.find')} error={failure}>
          <input id="stock-find" type="search" value={q} maxLength={200} onInput={(e) => setQ(e.currentTarget.value)} {...described('stock-find', failure)} />
        </Field>
        <button type="submit" id="stock-find-button">{t('customer.find')}</button>
      </form>
      {found && !found.length && <p class="empty">{t('products.none')}</p>}
      {found && found.length > 0 && (
        <ul class="found" id="stock-found">
          {found.map((p) => <li><button type="button" class="link" data-product={p.id} onClick={() => onOpen(p.id)}>{p.name} <span class="small">{p.sku}</span></button></li>)}
        </ul>
      )}
    </section>
  );
}

function ProductStock({ locationId, productId, locations, onChanged, onClose }) {
  const [level, setLevel] = useState(null);
  const [product, setProduct] = useState(null);
  const [failure, setFailure] = useState(null);
  const [notice, setNotice] = useState(null);
  const [version, setVersion] = useState(0);
  const heading = useRef(null);

  useEffect(() => {
    productNames([productId]).then((n) => setProduct(n[productId] ?? null));
    api.get(`/api/v1/stock/${locationId}/${productId}`).then(setLevel, (err) => setFailure(explain(err)));
  }, [version]);
  useEffect(() => heading.current?.focus(), []);

  const changed = (text) => { setNotice(text); setVersion((v) => v + 1); onChanged(); };
  const here = locations.find((l) => l.id === locationId);
  return (
    <section class="panel wide-panel" aria-labelledby="product-stock-title" id="product-stock">
      <div class="dash-head">
        <h2 id="product-stock-title" tabIndex={-1} ref={heading}>{t('stock.of', { name: product?.name ?? '…', location: here?.code ?? '' })}</h2>
        <button type="button" onClick={onClose}>{t('close')}</button>
      </div>
      {failure && <p class="error banner" role="alert">{failure}</p>}
      <p role="status" id="stock-notice" class="notice">{notice ?? ''}</p>
      {level && (
        <dl class="figures small-figures" id="stock-figures">
          <div class="figure"><dt>{t('stock.onHand')}</dt><dd id="stock-on-hand" data-value={String(level.on_hand)}>{quantity(level.on_hand)}</dd></div>
          <div class="figure"><dt>{t('stock.reserved')}</dt><dd>{quantity(level.reserved)}</dd></div>
          <div class="figure"><dt>{t('stock.available')}</dt><dd>{quantity(level.available)}</dd></div>
          <div class="figure"><dt>{t('stock.threshold')}</dt><dd id="stock-threshold-now">{level.low_stock_threshold == null ? '—' : quantity(level.low_stock_threshold)}</dd></div>
        </dl>
      )}
      <div class="forms">
        <AdjustForm locationId={locationId} productId={productId} onDone={changed} />
        <TransferForm locationId={locationId} productId={productId} locations={locations} onDone={changed} />
        <ThresholdForm locationId={locationId} productId={productId} current={level?.low_stock_threshold} onDone={changed} />
      </div>
      <Ledger locationId={locationId} productId={productId} version={version} />
    </section>
  );
}

function AdjustForm({ locationId, productId, onDone }) {
  const [mode, setMode] = useState('change');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const amountLabel = t(mode === 'change' ? 'stock.change' : 'stock.counted');

  async function submit(e) {
    e.preventDefault();
    const found = {};
    const q = checkQuantity(amount, amountLabel, { signed: mode === 'change', allowZero: mode === 'counted' });
    if (q.error) found.amount = q.error;
    const r = checkText(reason, t('stock.reason'), 500);
    if (r) found.reason = r;
    setErrors(found);
    setFailure(null);
    if (found.amount || found.reason) return;
    setBusy(true);
    try {
      const body = { location_id: locationId, product_id: productId, reason: reason.trim() };
      body[mode === 'change' ? 'quantity_change' : 'counted_quantity'] = q.value;
      const level = await api.post('/api/v1/stock/adjustments', body, { idempotent: true });
      setAmount('');
      setReason('');
      onDone(t('stock.adjusted', { quantity: quantity(level.on_hand) }));
    } catch (err) {
      const { byField, rest } = serverErrors(err, {
        quantity_change: { key: 'amount', label: amountLabel }, counted_quantity: { key: 'amount', label: amountLabel },
        reason: { key: 'reason', label: t('stock.reason') },
      });
      setErrors(byField);
      setFailure(rest);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form id="adjust-form" class="subform" onSubmit={submit} novalidate aria-labelledby="adjust-title">
      <h3 id="adjust-title">{t('stock.adjust')}</h3>
      {failure && <p class="error banner" role="alert" id="adjust-failure">{failure}</p>}
      <fieldset class="choice">
        <legend>{t('stock.how')}</legend>
        <label><input type="radio" name="adjust-mode" id="adjust-by-change" checked={mode === 'change'} onChange={() => setMode('change')} /> {t('stock.byChange')}</label>
        <label><input type="radio" name="adjust-mode" id="adjust-by-count" checked={mode === 'counted'} onChange={() => setMode('counted')} /> {t('stock.byCount')}</label>
      </fieldset>
      <Field id="adjust-amount" label={amountLabel} error={errors.amount} hint={mode === 'change' ? t('stock.changeHint') : null}>
        <input id="adjust-amount" inputMode="decimal" value={amount} maxLength={40} onInput={(e) => setAmount(e.currentTarget.value)} {...described('adjust-amount', errors.amount, mode === 'change' ? t('stock.changeHint') : null)} />
      </Field>
      <Field id="adjust-reason" label={t('stock.reason')} error={errors.reason}>
        <input id="adjust-reason" value={reason} maxLength={1000} onInput={(e) => setReason(e.currentTarget.value)} {...described('adjust-reason', errors.reason)} />
      </Field>
      <button type="submit" class="primary" disabled={busy}>{t('stock.adjustSubmit')}</button>
    </form>
  );
}

function TransferForm({ locationId, productId, locations, onDone }) {
  const others = locations.filter((l) => l.id !== locationId);
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    const found = {};
    if (!to) found.to = t('err.required', { field: t('stock.to') });
    const q = checkQuantity(amount, t('dash.quantity'));
    if (q.error) found.amount = q.error;
    const n = checkText(note, t('stock.note'), 500, false);
    if (n) found.note = n;
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.post('/api/v1/stock/transfers', {
        from_location_id: locationId, to_location_id: to, lines: [{ product_id: productId, quantity: q.value }], note: note.trim() || undefined,
      }, { idempotent: true });
      const where = others.find((l) => l.id === to);
      setAmount('');
      setNote('');
      onDone(t('stock.transferred', { quantity: quantity(q.value), to: where?.code ?? '' }));
    } catch (err) {
      if (err?.code === 'insufficient_stock') {
        setErrors({ amount: explain(err, {}, { [productId]: t('stock.thisProduct') }) });
        return;
      }
      const { byField, rest } = serverErrors(err, {
        to_location_id: { key: 'to', label: t('stock.to') }, 'lines[].quantity': { key: 'amount', label: t('dash.quantity') },
        lines: { key: 'amount', label: t('dash.quantity') }, note: { key: 'note', label: t('stock.note') },
      });
      setErrors(byField);
      setFailure(rest);
    } finally {
      setBusy(false);
    }
  }
  if (!others.length) return null;
  return (
    <form id="transfer-form" class="subform" onSubmit={submit} novalidate aria-labelledby="transfer-title">
      <h3 id="transfer-title">{t('stock.transfer')}</h3>
      {failure && <p class="error banner" role="alert" id="transfer-failure">{failure}</p>}
      <Field id="transfer-to" label={t('stock.to')} error={errors.to}>
        <select id="transfer-to" value={to} onChange={(e) => setTo(e.currentTarget.value)} {...described('transfer-to', errors.to)}>
          <option value="">{t('stock.choose')}</option>
          {others.map((l) => <option value={l.id}>{l.code} · {l.name}</option>)}
        </select>
      </Field>
      <Field id="transfer-amount" label={t('dash.quantity')} error={errors.amount}>
        <input id="transfer-amount" inputMode="decimal" value={amount} maxLength={40} onInput={(e) => setAmount(e.currentTarget.value)} {...described('transfer-amount', errors.amount)} />
      </Field>
      <Field id="transfer-note" label={t('stock.note')} error={errors.note}>
        <input id="transfer-note" value={note} maxLength={1000} onInput={(e) => setNote(e.currentTarget.value)} {...described('transfer-note', errors.note)} />
      </Field>
      <button type="submit" class="primary" disabled={busy}>{t('stock.transferSubmit')}</button>
    </form>
  );
}

function ThresholdForm({ locationId, productId, current, onDone }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState(null);
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setValue(current == null ? '' : String(current)), [current]);

  async function submit(e) {
    e.preventDefault();
    const q = checkQuantity(value, t('stock.threshold'), { allowZero: true, required: false });
    setError(q.error ?? null);
    setFailure(null);
    if (q.error) return;
    setBusy(true);
    try {
      const level = await api.put(`/api/v1/stock/${locationId}/${productId}/threshold`, { low_stock_threshold: q.value });
      onDone(level.low_stock_threshold == null ? t('stock.thresholdCleared') : t('stock.thresholdSet', { quantity: quantity(level.low_stock_threshold) }));
    } catch (err) {
      const { byField, rest } = serverErrors(err, { low_stock_threshold: { key: 'value', label: t('stock.threshold') } });
      setError(byField.value ?? null);
      setFailure(rest);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form id="threshold-form" class="subform" onSubmit={submit} novalidate aria-labelledby="threshold-title">
      <h3 id="threshold-title">{t('stock.thresholdTitle')}</h3>
      {failure && <p class="error banner" role="alert" id="threshold-failure">{failure}</p>}
      <Field id="threshold-value" label={t('stock.threshold')} error={error} hint={t('stock.thresholdHint')}>
        <input id="threshold-value" inputMode="decimal" value={value} maxLength={40} onInput={(e) => setValue(e.currentTarget.value)} {...described('threshold-value', error, t('stock.thresholdHint'))} />
      </Field>
      <button type="submit" class="primary" disabled={busy}>{t('stock.thresholdSubmit')}</button>
    </form>
  );
}

function Ledger({ locationId, productId, version }) {
  const pages = usePages((cursor) => api.get(`/api/v1/stock/${locationId}/${productId}/movements?limit=${PAGE}` + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '')),
    [locationId, productId, version]);
  const items = pages.page?.items ?? [];
  return (
    <div class="ledger">
      <h3 id="ledger-title">{t('stock.ledger')}</h3>
      {pages.failure && <p class="error" role="alert">{pages.failure}</p>}
      <table class="data" id="stock-ledger" aria-labelledby="ledger-title">
        <thead><tr>
          <th scope="col">{t('stock.when')}</th><th scope="col">{t('stock.kind')}</th><th scope="col" class="num">{t('dash.quantity')}</th>
          <th scope="col">{t('stock.reason')}</th><th scope="col">{t('stock.document')}</th>
        </tr></thead>
        <tbody>
          {items.map((m) => (
            <tr data-kind={m.kind}>
              <td>{dateTime(m.created_at)}</td><td>{named('movement.', m.kind)}</td>
              <td class="num">{Number(m.quantity) > 0 ? '+' : ''}{quantity(m.quantity)}</td>
              <td>{m.reason ?? ''}</td><td>{m.document_type ? named('document.', m.document_type) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages.page && !items.length && <p class="empty">{t('stock.noMovements')}</p>}
      <Pager id="ledger" pages={pages} />
    </div>
  );
}

// The back office's catalog at '#/products': the product list (search by name, contains, folding case and
// accents on the server; filter by state and category; pages by the API's cursors), with products selected to
// activate or deactivate together, the export, and a category's prices changed by a percent; a product's page
// ('?product=<id>' or 'new'), the category tree ('?view=categories') and the CSV import ('?view=import').
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from './api.js';
import { newKey } from './cart.js';
import { t } from './messages.js';
import { money } from './format.js';
import { explain } from './problems.js';
import { OfficePage } from './office/layout.jsx';
import { Field, described, serverErrors } from './office/form.jsx';
import { csv } from './office/download.js';
import { categoryTree, checkPercent } from './office/catalog.js';
import { ProductPage } from './office/product.jsx';
import { CategoriesView } from './office/categories.jsx';
import { ImportView } from './office/imports.jsx';

const PAGE = 25;

/** Every page of a list, by its cursors (the category tree and the tax classes are read whole). */
export async function allPages(path) {
  const items = [];
  let cursor = null;
  do {
    const page = await api.get(path + (path.includes('?') ? '&' : '?') + 'limit=200' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

/** The categories as a tree and the tax classes, read once and again after a change. */
function useCatalogRefs() {
  const [refs, setRefs] = useState({ tree: null, categories: [], taxClasses: [], failure: null });
  const reload = async () => {
    try {
      const [categories, taxClasses] = await Promise.all([allPages('/api/v1/categories'), allPages('/api/v1/tax-classes')]);
      setRefs({ tree: categoryTree(categories), categories, taxClasses, failure: null });
    } catch (err) {
      setRefs((r) => ({ ...r, failure: explain(err) }));
    }
  };
  useEffect(() => { reload(); }, []);
  return { ...refs, reload };
}

export function Products({ me, onSignOut, onTill, currency = 'INR', params = {} }) {
  const refs = useCatalogRefs();
  const view = params.product ? 'product' : params.view === 'categories' ? 'categories' : params.view === 'import' ? 'import' : 'list';
  const title = view === 'categories' ? t('catalog.categories') : view === 'import' ? t('catalog.import') : t('products.title');
  const tabs = (
    <nav class="tabs" aria-label={t('catalog.sections')}>
      <a href="#/products" id="tab-products" aria-current={view === 'list' || view === 'product' ? 'page' : undefined}>{t('products.title')}</a>
      <a href="#/products?view=categories" id="tab-categories" aria-current={view === 'categories' ? 'page' : undefined}>{t('catalog.categories')}</a>
      <a href="#/products?view=import" id="tab-import" aria-current={view === 'import' ? 'page' : undefined}>{t('catalog.import')}</a>
    </nav>
  );
  return (
    <OfficePage me={me} current="products" title={title} id="products" onSignOut={onSignOut} onTill={onTill} tools={tabs}>
      {refs.failure && <p class="error banner" role="alert">{refs.failure}</p>}
      {view === 'list' && <ProductList refs={refs} currency={currency} />}
      {view === 'product' && <ProductPage key={params.product} id={params.product} refs={refs} currency={currency} />}
      {view === 'categories' && <CategoriesView refs={refs} />}
      {view === 'import' && <ImportView key={params.import ?? ''} importId={params.import} />}
    </OfficePage>
  );
}

function ProductList({ refs, currency }) {
  const [q, setQ] = useState('');
  const [active, setActive] = useState('true');
  const [category, setCategory] = useState('');
  const [page, setPage] = useState(null);
  const [cursors, setCursors] = useState([null]);
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState(() => new Map());
  const [notice, setNotice] = useState(null);
  const [exported, setExported] = useState(null);
  const asked = useRef(0);

  async function load(cursor) {
    const n = ++asked.current;
    const params = new URLSearchParams({ limit: String(PAGE) });
    if (q.trim()) params.set('q', q.trim().slice(0, 100));
    if (active) params.set('active', active);
    if (category) params.set('category_id', category);
    if (cursor) params.set('cursor', cursor);
    setBusy(true);
    try {
      const answer = await api.get('/api/v1/products?' + params);
      if (n !== asked.current) return;
      setPage(answer);
      setFailure(null);
    } catch (err) {
      if (n === asked.current) setFailure(explain(err, { q: t('products.search') + ':' }));
    } finally {
      if (n === asked.current) setBusy(false);
    }
  }

  useEffect(() => {
    const timer = setTimeout(() => {
      setCursors([null]);
      load(null);
    }, 250);
    return () => clearTimeout(timer);
  }, [q, active, category]);

  const next = () => {
    setCursors([...cursors, page.next_cursor]);
    load(page.next_cursor);
  };
  const previous = () => {
    const back = cursors.slice(0, -1);
    setCursors(back);
    load(back[back.length - 1]);
  };
  const items = page?.items ?? [];
  const pathOf = new Map((refs.tree ?? []).map((c) => [c.id, c.path]));
  const toggle = (p) => {
    const m = new Map(selected);
    if (m.has(p.id)) m.delete(p.id);
    else m.set(p.id, p.name);
    setSelected(m);
  };
  const allHere = items.length > 0 && items.every((p) => selected.has(p.id));
  const toggleAll = () => {
    const m = new Map(selected);
    for (const p of items) {
      if (allHere) m.delete(p.id);
      else m.set(p.id, p.name);
    }
    setSelected(m);
  };

  async function bulk(activate) {
    setNotice(null);
    setFailure(null);
    try {
      const r = await api.post('/api/v1/products/bulk/' + (activate ? 'activate' : 'deactivate'), { ids: [...selected.keys()] });
      setNotice(t(activate ? 'catalog.activated' : 'catalog.deactivated', { matched: r.matched, changed: r.changed }));
      setSelected(new Map());
      load(cursors[cursors.length - 1]);
    } catch (err) {
      setFailure(explain(err));
    }
  }

  async function exportCsv() {
    setExported(null);
    setFailure(null);
    const params = new URLSearchParams();
    if (active) params.set('active', active);
    if (category) params.set('category_id', category);
    try {
      setExported(await csv('/api/v1/products/export.csv?' + params, 'products.csv'));
    } catch (err) {
      setFailure(explain(err));
    }
  }

  return (
    <>
      <form class="dash-location" role="search" onSubmit={(e) => { e.preventDefault(); load(null); }}>
        <label for="product-search">{t('products.search')}</label>
        <input id="product-search" type="search" value={q} maxLength={100} onInput={(e) => setQ(e.currentTarget.value)} />
        <label for="product-state">{t('products.state')}</label>
        <select id="product-state" value={active} onChange={(e) => setActive(e.currentTarget.value)}>
          <option value="true">{t('products.active')}</option>
          <option value="false">{t('products.inactive')}</option>
          <option value="">{t('products.any')}</option>
        </select>
        <label for="product-category">{t('catalog.category')}</label>
        <select id="product-category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
          <option value="">{t('catalog.allCategories')}</option>
          {(refs.tree ?? []).map((c) => <option value={c.id}>{c.path}</option>)}
        </select>
      </form>
      <p role="status" class="live" id="products-status">{busy ? t('products.loading') : page ? t('products.shown', { n: items.length, page: cursors.length }) : ''}</p>
      {failure && <p class="error banner" role="alert" id="products-failure">{failure}</p>}
      <p role="status" id="products-notice" class="notice">{notice ?? ''}</p>
      <section class="panel" aria-labelledby="product-list-title">
        <div class="dash-head">
          <h2 id="product-list-title">{t('catalog.list')}</h2>
          <a class="button" href="#/products?product=new" id="product-new">{t('catalog.new')}</a>
        </div>
        <table class="data" id="product-list">
          <thead><tr>
            <th scope="col"><label class="check"><input type="checkbox" id="select-page" checked={allHere} onChange={toggleAll} disabled={!items.length} /><span class="sr-only">{t('catalog.selectPage')}</span></label></th>
            <th scope="col">{t('products.sku')}</th><th scope="col">{t('dash.product')}</th><th scope="col">{t('catalog.category')}</th>
            <th scope="col">{t('products.unit')}</th><th scope="col" class="num">{t('products.price')}</th><th scope="col">{t('products.state')}</th>
          </tr></thead>
          <tbody>
            {items.map((p) => (
              <tr data-product={p.id} data-sku={p.sku}>
                <td><label class="check"><input type="checkbox" class="select-product" checked={selected.has(p.id)} onChange={() => toggle(p)} /><span class="sr-only">{t('catalog.selectOne', { name: p.name })}</span></label></td>
                <td>{p.sku}</td>
                <th scope="row"><a href={'#/products?product=' + p.id}>{p.name}</a></th>
                <td>{p.category_id ? pathOf.get(p.category_id) ?? '' : ''}</td>
                <td>{t('unit.' + p.unit)}</td>
                <td class="num">{money(p.price, currency)}{p.price_includes_tax ? '' : ' ' + t('products.plusTax')}</td>
                <td>{p.active ? t('products.activeOne') : t('products.inactiveOne')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && !items.length && <p class="empty" id="products-none">{t('products.none')}</p>}
        <div class="buttons pager">
          <button type="button" id="products-previous" disabled={cursors.length < 2 || busy} onClick={previous}>{t('products.previous')}</button>
          <button type="button" id="products-next" disabled={!page?.next_cursor || busy} onClick={next}>{t('products.next')}</button>
        </div>
        <div class="buttons" role="group" aria-label={t('catalog.selection')}>
          <span id="selected-count">{t('catalog.selected', { n: selected.size })}</span>
          <button type="button" id="bulk-activate" disabled={!selected.size} onClick={() => bulk(true)}>{t('catalog.activateSelected')}</button>
          <button type="button" id="bulk-deactivate" disabled={!selected.size} onClick={() => bulk(false)}>{t('catalog.deactivateSelected')}</button>
          <button type="button" id="selection-clear" disabled={!selected.size} onClick={() => setSelected(new Map())}>{t('catalog.clearSelection')}</button>
        </div>
        <div class="buttons">
          <button type="button" id="export" onClick={exportCsv}>{t('catalog.export')}</button>
          {exported && <a id="export-file" href={exported.url} download={exported.name} data-bytes={exported.bytes}>{t('sales.save', { name: exported.name, kb: Math.max(1, Math.round(exported.bytes / 1024)) })}</a>}
        </div>
      </section>
      <PriceChange tree={refs.tree ?? []} onDone={() => load(cursors[cursors.length - 1])} />
    </>
  );
}

/** A category's prices (with its subcategories) up or down by a percent: POST .../bulk/price-change. */
function PriceChange({ tree, onDone }) {
  const [category, setCategory] = useState('');
  const [percent, setPercent] = useState('');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [done, setDone] = useState(null);
  const [busy, setBusy] = useState(false);
  // one key per change asked for: a repeat after a lost answer is the same change, not a second one
  const key = useRef(null);
  const labels = { category_id: t('catalog.category'), percent: t('catalog.percent') };

  const edit = (f) => (e) => { key.current = null; f(e.currentTarget.value); };
  async function submit(e) {
    e.preventDefault();
    const p = checkPercent(percent);
    const found = {
      category_id: category ? null : t('err.required', { field: labels.category_id }),
      percent: p.error ? t(p.error, { field: labels.percent, n: p.n }) : null,
    };
    setErrors(found);
    setFailure(null);
    setDone(null);
    if (Object.values(found).some(Boolean)) return;
    key.current = key.current ?? newKey();
    setBusy(true);
    try {
      const r = await api.post('/api/v1/products/bulk/price-change', { category_id: category, percent: p.value }, { idempotent: true, key: key.current });
      key.current = null;
      setDone(t('catalog.pricesChanged', { matched: r.matched, changed: r.changed }));
      onDone();
    } catch (err) {
      const { byField, rest } = serverErrors(err, { category_id: { key: 'category_id', label: labels.category_id }, percent: { key: 'percent', label: labels.percent } });
      setErrors(byField);
      setFailure(rest);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="panel" aria-labelledby="price-change-title">
      <h2 id="price-change-title">{t('catalog.priceChange')}</h2>
      <p class="hint">{t('catalog.priceChangeHint')}</p>
      <form id="price-change-form" class="inline-form" onSubmit={submit} novalidate>
        <Field id="price-change-category" label={labels.category_id} error={errors.category_id}>
          <select id="price-change-category" value={category} onChange={edit(setCategory)} {...described('price-change-category', errors.category_id)}>
            <option value="">{t('catalog.chooseCategory')}</option>
            {tree.map((c) => <option value={c.id}>{c.path}</option>)}
          </select>
        </Field>
        <Field id="price-change-percent" label={labels.percent} error={errors.percent} hint={t('catalog.percentHint')}>
          <input id="price-change-percent" inputMode="decimal" value={percent} maxLength={20} onInput={edit(setPercent)} {...described('price-change-percent', errors.percent, t('catalog.percentHint'))} />
        </Field>
        <button type="submit" disabled={busy}>{t('catalog.applyPrices')}</button>
      </form>
      {failure && <p class="error" role="alert" id="price-change-failure">{failure}</p>}
      <p role="status" class="notice" id="price-change-done">{done ?? ''}</p>
    </section>
  );
}

// The back office's product list: search by name (contains, folding case and accents on the server),
// filter by state, pages by the API's cursors.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from './api.js';
import { t } from './messages.js';
import { money } from './format.js';
import { explain } from './problems.js';
import { BackOfficeBar } from './office/layout.jsx';

const PAGE = 25;

export function Products({ me, onSignOut, onTill, currency = 'INR' }) {
  const [q, setQ] = useState('');
  const [active, setActive] = useState('true');
  const [page, setPage] = useState(null);
  const [cursors, setCursors] = useState([null]);
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const asked = useRef(0);

  async function load(cursor) {
    const n = ++asked.current;
    const params = new URLSearchParams({ limit: String(PAGE) });
    if (q.trim()) params.set('q', q.trim().slice(0, 100));
    if (active) params.set('active', active);
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
  }, [q, active]);

  useEffect(() => {
    document.title = t('products.title') + ' · Kassa';
  }, []);

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
  return (
    <div class="backoffice">
      <BackOfficeBar me={me} current="products" onSignOut={onSignOut} onTill={onTill} />
      <main id="products" class="dashboard">
        <div class="dash-head">
          <h1>{t('products.title')}</h1>
          <form class="dash-location" role="search" onSubmit={(e) => { e.preventDefault(); load(null); }}>
            <label for="product-search">{t('products.search')}</label>
            <input id="product-search" type="search" value={q} maxLength={100} onInput={(e) => setQ(e.currentTarget.value)} />
            <label for="product-state">{t('products.state')}</label>
            <select id="product-state" value={active} onChange={(e) => setActive(e.currentTarget.value)}>
              <option value="true">{t('products.active')}</option>
              <option value="false">{t('products.inactive')}</option>
              <option value="">{t('products.any')}</option>
            </select>
          </form>
          <p role="status" class="live" id="products-status">{busy ? t('products.loading') : page ? t('products.shown', { n: items.length, page: cursors.length }) : ''}</p>
        </div>
        {failure && <p class="error banner" role="alert" id="products-failure">{failure}</p>}
        <section class="panel">
          <table class="data" id="product-list">
            <caption class="sr-only">{t('products.title')}</caption>
            <thead><tr>
              <th scope="col">{t('products.sku')}</th><th scope="col">{t('dash.product')}</th><th scope="col">{t('products.unit')}</th>
              <th scope="col" class="num">{t('products.price')}</th><th scope="col">{t('products.state')}</th>
            </tr></thead>
            <tbody>
              {items.map((p) => (
                <tr>
                  <td>{p.sku}</td>
                  <th scope="row">{p.name}</th>
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
        </section>
      </main>
    </div>
  );
}

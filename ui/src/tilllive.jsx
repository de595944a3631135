// The open till kept up to date without a reload: a price changed in the back office reaches the cart, the
// favourites and the scanner's memory (and the cart is priced again by Kassa); stock moved anywhere at this
// shop (a receipt, an adjustment, a sale at another till) is read again for the products on screen. A lost
// connection is shown in the top bar and resumed from the last event seen (live.js).
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from './api.js';
import { t } from './messages.js';
import { quantity } from './format.js';
import { follow } from './live.js';

/**
 * @param locationId the till's shop
 * @param onProduct called with a product read again after its catalog event
 * @param onScreen the product ids whose stock is shown (the favourites and the cart); read when they change
 * @returns {{state: string, stock: Map}} the stream's state and the available stock by product id
 */
export function useLiveTill(locationId, onProduct, onScreen) {
  const [state, setState] = useState('connecting');
  const [stock, setStock] = useState(() => new Map());
  const product = useRef(onProduct);
  product.current = onProduct;
  const screen = useRef(onScreen);
  screen.current = onScreen;
  const read = useRef(() => {});
  const shown = [...onScreen].sort().join(',');
  useEffect(() => {
    read.current(screen.current);
  }, [shown]);
  useEffect(() => {
    let timer = null;
    const wanted = new Set();
    const readStock = (ids) => {
      for (const id of ids) wanted.add(id);
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const ids = [...wanted];
        wanted.clear();
        const read = await Promise.all(ids.map((id) => api.get(`/api/v1/stock/${locationId}/${id}`).then((s) => [id, s.available], () => null)));
        setStock((m) => {
          const next = new Map(m);
          for (const r of read) if (r) next.set(r[0], r[1]);
          return next;
        });
      }, 150);
    };
    read.current = readStock;
    readStock(screen.current);
    const stream = follow({
      topics: ['catalog', 'stock', 'sales'],
      onState: setState,
      onResync: () => readStock(screen.current),
      onEvent: (event) => {
        if (!event) return;
        if (event.aggregate_type === 'product' && event.aggregate_id) {
          api.get('/api/v1/products/' + encodeURIComponent(event.aggregate_id)).then((p) => product.current(p), () => null);
          return;
        }
        const here = !event.location_id || event.location_id === locationId;
        if (here && ['stock', 'sales'].includes(event.topic ?? topicOf(event.aggregate_type))) readStock(screen.current);
      },
    });
    return () => {
      read.current = () => {};
      clearTimeout(timer);
      stream.stop();
    };
  }, [locationId]);
  return { state, stock };
}

function topicOf(aggregateType) {
  if (['sale', 'return', 'credit_note', 'payment'].includes(aggregateType)) return 'sales';
  if (String(aggregateType).startsWith('stock')) return 'stock';
  return 'catalog';
}

/** The stream's state for the top bar: nothing while live, a notice while connecting or away. */
export function LiveState({ state }) {
  if (state === 'live') return <span class="live ok" id="till-live" data-state="live">{t('till.live')}</span>;
  return <span class={'live ' + (state === 'offline' ? 'error' : '')} id="till-live" role="status" data-state={state}>{t('till.' + state)}</span>;
}

/** The available stock of a product on a tile, once read. */
export function StockNote({ stock, id }) {
  if (!stock.has(id)) return null;
  return <span class="tile-stock">{t('sale.inStock', { n: quantity(stock.get(id)) })}</span>;
}

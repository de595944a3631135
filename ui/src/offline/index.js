// The offline till, as main.jsx sees it: start() after sign-in (catalog into IndexedDB and followed on the
// stream, number blocks topped up, outbox drained), the fall-backs main.jsx calls when Kassa does not
// answer (quote, sell, byBarcode, search, favourites), and the check before a session is closed. The bar
// at the top of every screen (bar.jsx) shows whether Kassa is reachable and how many sales wait.
import './texts.js';
import { t } from '../messages.js';
import * as api from '../api.js';
import * as catalog from './catalog.js';
import * as db from './db.js';
import * as numbers from './numbers.js';
import * as outbox from './outbox.js';
import * as sell from './sell.js';
import { status } from './status.js';
import { mount } from './bar.jsx';

export { unreachable } from './sell.js';
export { keepCustomer } from './catalog.js';

let context = { org: null, terminal: null, me: null };
let stopStream = null;

/** After sign-in on the sale screen: the catalog, the numbers and the outbox get going. */
export function start({ org, terminal, me }) {
  context = { org, terminal, me };
  status.set({ signedIn: true });
  stopStream?.();
  stopStream = catalog.follow((state) => {
    if (state === 'live') {
      status.set({ reachable: true });
      outbox.schedule(0);
      numbers.topUp(terminal?.terminalId).catch(() => null).finally(refreshNumbers);
    }
  });
  catalog.loadProducts().catch(() => null);
  outbox.schedule(0);
}

async function refreshNumbers() {
  if (context.terminal?.terminalId) status.set({ numbersLeft: await numbers.left(context.terminal.terminalId) });
}

outbox.whenUnreachable(() => status.set({ reachable: false }));
outbox.afterPass(() => {
  status.set({ reachable: true });
  numbers.topUp(context.terminal?.terminalId).catch(() => null).finally(refreshNumbers);
});

function offlineNow(err) {
  if (sell.unreachable(err)) status.set({ reachable: false });
  return sell.unreachable(err);
}

/** The cart priced here, for useQuote when Kassa does not answer. */
export function quote(request) {
  return sell.quote(request, context.org);
}

/** The sale completed here, for the payment dialog when posting it found no Kassa. */
export async function sellOffline(body, key) {
  const receipt = await sell.sell({ body, key, org: context.org, cashier: context.me?.id });
  refreshNumbers();
  return receipt;
}

/** Calls fetch(); when Kassa does not answer, answers fallback() instead (null when it has nothing). */
async function orLocal(fetch, fallback) {
  try {
    const answer = await fetch();
    status.set({ reachable: true });
    return answer;
  } catch (err) {
    if (!offlineNow(err)) throw err;
    const local = await fallback();
    if (local == null) throw err;
    return local;
  }
}

export const byBarcode = (fetch, code) => orLocal(fetch, () => catalog.productByBarcode(code));
export const search = (fetch, text) => orLocal(fetch, async () => ({ items: await catalog.searchProducts(text) }));
export const favourites = (fetch) => orLocal(fetch, async () => ({ items: await catalog.favourites() }));
export const customers = (fetch, phone) => orLocal(fetch, async () => ({ items: await catalog.customersByPhone(phone) }));

/** Before the close dialog: null when the outbox is empty, else why the session cannot be closed yet. */
export async function beforeClose() {
  const why = await outbox.flush();
  if (!why) return null;
  return why.reason === 'refused' ? t('offline.closeRefused', { n: why.count }) : t('offline.closeWaits', { n: why.count });
}

/** After the close: the server handed this terminal's blocks back, so they are forgotten here. */
export async function closed(terminalId) {
  await numbers.forget(terminalId);
  refreshNumbers();
}

export function stop() {
  stopStream?.();
  stopStream = null;
  status.set({ signedIn: false });
}

// the browser test reads the outbox and the numbers through this, as a support engineer would in DevTools
window.kassaOffline = {
  outbox, numbers, status, drain: () => outbox.drain(), signedIn: () => api.signedIn(),
  product: (id) => db.get('products', id),
  products: () => db.count('products'),
  /** Posts the entries again with their own keys, as a second tab or a lost answer would. */
  replay: (entries) => Promise.all(entries.map((e) => api.post('/api/v1/sales', e.body, { idempotent: true, key: e.key })
    .then((sale) => sale.id, (err) => 'refused:' + (err.code ?? err.status ?? err.message)))),
};

/** Whether Kassa answers at all (signed in or not): /health, which the service worker never answers. */
async function probe() {
  try {
    const response = await fetch('/health', { cache: 'no-store' });
    status.set({ reachable: response.status < 500 });
  } catch {
    status.set({ reachable: false });
  }
}
status.subscribe((v) => {
  if (v.reachable && v.signedIn) outbox.schedule(0);
});

mount();
probe();
setInterval(() => {
  if (!status.get().reachable) probe();
}, 5000);
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => null);
}

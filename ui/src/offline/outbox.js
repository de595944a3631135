// Sales made while Kassa could not be reached, in IndexedDB in the order they were made, each with its
// Idempotency-Key, block number and made_at. One tab at a time drains it (Web Locks: the lock
// 'kassa-outbox'), oldest first, with back-off while Kassa stays away; a replay is harmless anyway (the
// same key answers the first sale; the same number under another user's key is recognised by reading the
// sale with that number). A sale Kassa refuses for a reason (4xx) is kept, marked REFUSED with Kassa's
// words, shown on the till and never dropped silently; the others go on.
import * as api from '../api.js';
import * as db from './db.js';
import { cmp } from './decimal.js';

const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('kassa-outbox') : null;
const listeners = new Set();

function changed() {
  for (const f of listeners) f();
  channel?.postMessage('changed');
}
if (channel) channel.onmessage = () => { for (const f of listeners) f(); };

/** Calls f whenever the outbox changes here or in another tab; answers the unsubscribe. */
export function onChange(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}

export async function entries() {
  return db.all('outbox');
}

export async function counts() {
  const list = await entries();
  return { pending: list.filter((e) => e.state === 'PENDING').length, refused: list.filter((e) => e.state === 'REFUSED') };
}

/** Queues a sale made offline; answers its entry. */
export async function add(entry) {
  await db.tx('outbox', 'readwrite', (s) => {
    s.outbox.add({ ...entry, state: 'PENDING', attempts: 0, queued_at: new Date().toISOString() });
  });
  changed();
  schedule(0);
}

/** Drops a refused sale the cashier has dealt with (after a manager decided). */
export async function dismiss(order) {
  await db.remove('outbox', order);
  changed();
}

/** Sends a refused sale once more (after its cause was fixed on the server). */
export async function retry(order) {
  const e = await db.get('outbox', order);
  if (e) await db.put('outbox', { ...e, state: 'PENDING', error: null });
  changed();
  schedule(0);
}

// no answer, a 5xx, a rate limit, or no valid sign-in (the next cashier signing in sends it): try later
const transient = (err) => !(err?.status >= 400 && err.status < 500) || [401, 408, 429].includes(err.status);

async function alreadyThere(entry) {
  try {
    const sale = await api.get('/api/v1/sales/by-number?number=' + encodeURIComponent(entry.number));
    return sale && cmp(String(sale.total), String(entry.body.total)) === 0 ? sale : null;
  } catch {
    return null;
  }
}

async function sendOne(entry) {
  try {
    await api.post('/api/v1/sales', entry.body, { idempotent: true, key: entry.key });
    return 'sent';
  } catch (err) {
    if (transient(err)) return 'later';
    if (err.status === 409 && err.code === 'number_already_used' && await alreadyThere(entry)) return 'sent';
    // the key is taken by a different request: the online attempt this sale started as reached Kassa
    // (its answer was lost), so the sale exists under this key already
    if (err.code === 'idempotency_key_reused') return 'sent';
    return { status: err.status, code: err.code ?? null, detail: err.detail ?? err.message ?? String(err),
      errors: err.errors ?? [] };
  }
}

let timer = null;
let delay = 1000;
export const MAX_DELAY = 30000;
let draining = null;

export function schedule(ms = delay) {
  clearTimeout(timer);
  timer = setTimeout(() => { drain(); }, ms);
}

/** One pass over the outbox; only ever run by the tab holding the lock. */
async function pass() {
  if (!api.signedIn()) return 0;
  let sent = 0;
  for (const entry of await entries()) {
    if (entry.state !== 'PENDING') continue;
    const outcome = await sendOne(entry);
    if (outcome === 'sent') {
      await db.remove('outbox', entry.order);
      sent++;
      changed();
    } else if (outcome === 'later') {
      await db.put('outbox', { ...entry, attempts: entry.attempts + 1, last_try: new Date().toISOString() });
      delay = Math.min(delay * 2, MAX_DELAY);
      schedule();
      onUnreachable();
      return sent;
    } else {
      await db.put('outbox', { ...entry, state: 'REFUSED', error: outcome, attempts: entry.attempts + 1 });
      changed();
    }
  }
  delay = 1000;
  onSent(sent);
  return sent;
}

let onSent = () => {};
let onUnreachable = () => {};
/** Called when a pass stops because Kassa did not answer. */
export function whenUnreachable(f) {
  onUnreachable = f;
}
/** Called after each full pass (Kassa answered every pending sale), with how many were sent. */
export function afterPass(f) {
  onSent = f;
}

/** One pass by this tab when no other tab is draining; answers how many were sent. */
export function drain() {
  if (draining) return draining;
  if (!api.signedIn()) return Promise.resolve(0);
  const locked = navigator.locks?.request
    ? navigator.locks.request('kassa-outbox', { ifAvailable: true }, (lock) => (lock ? pass() : 0))
    : pass();
  draining = locked.finally(() => { draining = null; });
  return draining;
}

/**
 * Drains until nothing is pending, for closing the session: answers null when empty, else why not
 * ({reason: 'unreachable'|'refused', count}).
 */
export async function flush() {
  await drain();
  // another tab may hold the lock: wait for it to finish its pass
  if (navigator.locks?.request) await navigator.locks.request('kassa-outbox', () => pass());
  const c = await counts();
  if (c.refused.length) return { reason: 'refused', count: c.refused.length };
  if (c.pending) return { reason: 'unreachable', count: c.pending };
  return null;
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => schedule(0));
}

// The terminal's reserved sale numbers (POST /api/v1/terminals/{id}/number-blocks), kept in IndexedDB so an
// offline receipt carries its final number. A number is taken in one IndexedDB transaction, so two tabs
// never print the same one; a new block is reserved while online once fewer than LOW numbers are left,
// under an Idempotency-Key stored before asking, so a lost answer never reserves twice.
import * as api from '../api.js';
import { newKey } from '../cart.js';
import * as db from './db.js';

export const BLOCK_SIZE = 25;
export const LOW = 10;

const blocksKey = (terminalId) => 'blocks:' + terminalId;

/** The block's number for a value: the SEQ digits of first_number, found by comparing with last_number. */
export function numberAt(block, value) {
  const first = block.first_number;
  const last = block.last_number;
  const fv = BigInt(block.first_value);
  const lv = BigInt(block.last_value);
  let best = null;
  if (first.length === last.length) {
    for (let w = first.length; w >= 1 && !best; w--) {
      for (let i = first.length - w; i >= 0; i--) {
        const a = first.slice(i, i + w);
        const b = last.slice(i, i + w);
        if (/^\d+$/.test(a) && /^\d+$/.test(b) && BigInt(a) === fv && BigInt(b) === lv
          && first.slice(0, i) === last.slice(0, i) && first.slice(i + w) === last.slice(i + w)) {
          best = { i, w };
          break;
        }
      }
    }
  }
  if (!best) throw new Error('cannot read the sequence of block ' + first + '..' + last);
  const digits = String(value).padStart(best.w, '0');
  if (digits.length > best.w) throw new Error('value beyond the block');
  return first.slice(0, best.i) + digits + first.slice(best.i + best.w);
}

export async function blocks(terminalId) {
  return (await db.kv.get(blocksKey(terminalId))) ?? [];
}

export async function left(terminalId) {
  return (await blocks(terminalId)).reduce((n, b) => n + (Number(b.last_value) - Number(b.next_value) + 1), 0);
}

/** Takes the next free number, or null when every reserved number is used. */
export function take(terminalId) {
  return db.tx('kv', 'readwrite', async (s, done) => {
    const list = (await done(s.kv.get(blocksKey(terminalId)))) ?? [];
    const block = list.find((b) => Number(b.next_value) <= Number(b.last_value));
    if (!block) return null;
    const value = Number(block.next_value);
    block.next_value = value + 1;
    s.kv.put(list.filter((b) => Number(b.next_value) <= Number(b.last_value)), blocksKey(terminalId));
    return { number: numberAt(block, value), block_id: block.id };
  });
}

let reserving = null;

/**
 * Keeps at least LOW numbers in hand: reserves a block when fewer are left, and drops local blocks the
 * server no longer has open (handed back by a session close). Quiet when Kassa cannot be reached.
 */
export function topUp(terminalId) {
  if (!terminalId) return Promise.resolve();
  if (!reserving) {
    reserving = (async () => {
      const open = await api.get(`/api/v1/terminals/${encodeURIComponent(terminalId)}/number-blocks?state=OPEN`);
      const openIds = new Set((open.items ?? open ?? []).map((b) => b.id));
      await db.tx('kv', 'readwrite', async (s, done) => {
        const list = (await done(s.kv.get(blocksKey(terminalId)))) ?? [];
        s.kv.put(list.filter((b) => openIds.has(b.id)), blocksKey(terminalId));
      });
      if (await left(terminalId) >= LOW) return;
      const pendingKey = 'reserve:' + terminalId;
      let key = await db.kv.get(pendingKey);
      if (!key) {
        key = newKey();
        await db.kv.set(pendingKey, key);
      }
      let block;
      try {
        block = await api.post(`/api/v1/terminals/${encodeURIComponent(terminalId)}/number-blocks`, { size: BLOCK_SIZE }, { idempotent: true, key });
      } catch (e) {
        // a refusal (no open year, a deactivated terminal) is final for this key: the next try asks afresh
        if (e?.status >= 400 && e.status < 500 && e.status !== 429) await db.kv.set(pendingKey, null);
        throw e;
      }
      await db.tx('kv', 'readwrite', async (s, done) => {
        const list = (await done(s.kv.get(blocksKey(terminalId)))) ?? [];
        if (!list.some((b) => b.id === block.id)) {
          list.push({ id: block.id, first_number: block.first_number, last_number: block.last_number,
            first_value: block.first_value, last_value: block.last_value, next_value: block.first_value });
        }
        s.kv.put(list, blocksKey(terminalId));
        s.kv.delete(pendingKey);
      });
    })().finally(() => {
      reserving = null;
    });
  }
  return reserving;
}

/** After the session closed (which hands the blocks back on the server). */
export function forget(terminalId) {
  return db.kv.set(blocksKey(terminalId), []);
}

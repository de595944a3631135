// Follows Kassa's live event stream (Server-Sent Events at /api/v1/events/stream) for every screen: the
// till's prices and stock, the offline catalog in IndexedDB, the back office's figures. The one follower, so
// that resuming, refreshing the token and backing off are written once. The stream resumes after the last
// seq delivered: the browser sends Last-Event-ID on its own reconnects, and a fresh connection (after the
// token expired, an overflow, a refused reconnect or a failed handler) asks after=seq with a fresh token,
// backing off from 1 s to 30 s. Each (re)subscription calls onResync, since what was missed while away is
// read again by the screen.
import * as api from './api.js';

/**
 * @param topics the topics to follow, e.g. ['catalog', 'stock']
 * @param onEvent called with each event (its JSON: type, topic, aggregate_type, aggregate_id, location_id,
 *   payload; null when it could not be read) and its seq. A handler that answers a promise is waited for
 *   before the next event, in order; one that fails restarts the stream after the last event handled.
 * @param onResync called after each (re)subscription with the stream's starting seq ("after" of its
 *   subscribed message) and whether it resumed after a known seq; a promise it answers is waited for too
 * @param onState called with 'connecting', 'live' or 'offline'
 * @param resumeFrom where to resume when (re)opening: a function answering (or promising) the last seq
 *   applied, or null/undefined for "from now". By default the last event this follower handled, so a screen
 *   that keeps its own (the offline catalog keeps it in IndexedDB, across restarts) passes its own.
 * @returns {{stop: function, last: function}}
 */
export function follow({ topics, onEvent = () => {}, onResync = () => {}, onState = () => {}, resumeFrom = null }) {
  let source = null;
  let last = null;
  let retry = null;
  let stopped = false;
  let delay = 1000;
  let chain = Promise.resolve();
  let generation = 0;

  // handlers run one after another; a failure restarts the stream after the last event handled, and what
  // the old connection had queued is dropped, since the new one delivers it again
  const then = (work) => {
    const g = generation;
    chain = chain.then(() => (g === generation ? work() : null)).catch(() => {
      if (g === generation) restart();
    });
  };

  function restart() {
    if (stopped) return;
    generation += 1;
    source?.close();
    source = null;
    onState('offline');
    clearTimeout(retry);
    retry = setTimeout(() => api.refresh().catch(() => null).finally(open), delay);
    delay = Math.min(delay * 2, 30000);
  }

  async function open() {
    if (stopped) return;
    onState('connecting');
    let after = last;
    if (resumeFrom) {
      try {
        after = (await resumeFrom()) ?? null;
      } catch {
        after = null;
      }
      if (stopped) return;
    }
    const q = new URLSearchParams({ topics: topics.join(','), access_token: api.accessToken() ?? '' });
    if (after !== null) q.set('after', String(after));
    const mine = new EventSource('/api/v1/events/stream?' + q);
    source = mine;
    mine.addEventListener('subscribed', (e) => {
      let from = null;
      try {
        from = JSON.parse(e.data).after;
      } catch {
        // the screen reads again either way
      }
      delay = 1000;
      onState('live');
      const resumed = after !== null;
      then(async () => {
        await onResync(typeof from === 'number' ? from : null, resumed);
        if (last === null && typeof from === 'number') last = from;
      });
    });
    mine.onmessage = (e) => {
      const seq = e.lastEventId ? Number(e.lastEventId) : null;
      let event = null;
      try {
        event = JSON.parse(e.data);
      } catch {
        event = null;
      }
      then(async () => {
        await onEvent(event, seq);
        if (seq !== null) last = seq;
      });
    };
    mine.addEventListener('expired', restart);
    mine.addEventListener('overflow', restart);
    // while the stream is CONNECTING the browser reconnects by itself (with Last-Event-ID); a refused
    // reconnection (401 once the token expired) closes it, and a fresh one is opened here
    mine.onerror = () => {
      if (source !== mine) return;
      if (mine.readyState === EventSource.CLOSED) restart();
      else onState('offline');
    };
  }

  open();
  return {
    stop() {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    },
    last: () => last,
  };
}

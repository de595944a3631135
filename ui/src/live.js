// Follows Kassa's live event stream (Server-Sent Events at /api/v1/events/stream) for any screen: the till's
// catalog and stock, the back office's figures. The stream resumes after the last seq it delivered: the
// browser sends Last-Event-ID on its own reconnects, and a fresh connection (after the token expired, an
// overflow or a refused reconnect) asks after=seq with a fresh token, backing off from 1 s to 30 s. Each
// (re)subscription calls onResync, since what was missed while away is read again by the screen.
import * as api from './api.js';

/**
 * @param topics the topics to follow, e.g. ['catalog', 'stock']
 * @param onEvent called with each event (its JSON: type, aggregate_type, aggregate_id, location_id, payload)
 * @param onResync called after each (re)subscription
 * @param onState called with 'connecting', 'live' or 'offline'
 * @returns {{stop: function, last: function}}
 */
export function follow({ topics, onEvent, onResync = () => {}, onState = () => {} }) {
  let source = null;
  let last = null;
  let retry = null;
  let stopped = false;
  let delay = 1000;

  function open() {
    if (stopped) return;
    onState('connecting');
    const q = new URLSearchParams({ topics: topics.join(','), access_token: api.accessToken() ?? '' });
    if (last !== null) q.set('after', String(last));
    source = new EventSource('/api/v1/events/stream?' + q);
    source.addEventListener('subscribed', (e) => {
      try {
        const after = JSON.parse(e.data).after;
        if (last === null && typeof after === 'number') last = after;
      } catch {
        // the screen reads again either way
      }
      delay = 1000;
      onState('live');
      onResync();
    });
    source.onmessage = (e) => {
      if (e.lastEventId) last = Number(e.lastEventId);
      let event = null;
      try {
        event = JSON.parse(e.data);
      } catch {
        event = null;
      }
      onEvent(event);
    };
    const restart = () => {
      source?.close();
      source = null;
      onState('offline');
      clearTimeout(retry);
      retry = setTimeout(() => api.refresh().catch(() => null).finally(open), delay);
      delay = Math.min(delay * 2, 30000);
    };
    source.addEventListener('expired', restart);
    source.addEventListener('overflow', restart);
    // while the stream is CONNECTING the browser reconnects by itself (with Last-Event-ID); a refused
    // reconnection (401 once the token expired) closes it, and a fresh one is opened here
    source.onerror = () => {
      if (source?.readyState === EventSource.CLOSED) restart();
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

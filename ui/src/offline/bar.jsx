// The bar above every screen: whether Kassa is reachable, how many sales wait in the outbox (also in
// other tabs, and after a restart before anyone signs in), the offline numbers left, and each sale Kassa
// refused with its reason, kept until someone sends it again or removes it.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../messages.js';
import { money } from '../format.js';
import * as outbox from './outbox.js';
import { status } from './status.js';

function OfflineBar() {
  const [state, setState] = useState(status.get());
  const [counts, setCounts] = useState({ pending: 0, refused: [] });
  useEffect(() => {
    const off = status.subscribe(setState);
    // what changed between the first render and this subscription
    setState(status.get());
    return off;
  }, []);
  useEffect(() => {
    let live = true;
    const read = () => outbox.counts().then((c) => live && setCounts(c), () => null);
    read();
    const off = outbox.onChange(read);
    return () => {
      live = false;
      off();
    };
  }, []);
  const { pending, refused } = counts;
  const offline = !state.reachable;
  if (!offline && !pending && !refused.length && !state.signedIn) return null;
  return (
    <section class={'offline-bar' + (offline ? ' is-offline' : '') + (refused.length ? ' has-refused' : '')} id="offline-bar" aria-label={t('offline.online')}>
      <p role="status" aria-live="polite">
        <strong id="offline-state">{offline ? t('offline.offline') : t('offline.online')}</strong>
        {' · '}<span id="offline-pending" data-count={pending}>{pending === 1 ? t('offline.pending1') : pending ? t('offline.pending', { n: pending }) : t('offline.none')}</span>
        {state.numbersLeft != null && <>{' · '}<span id="offline-numbers">{t('offline.numbersLeft', { n: state.numbersLeft })}</span></>}
        {pending > 0 && !offline && state.signedIn && <button type="button" class="small" id="offline-send" onClick={() => outbox.drain()}>{t('offline.send')}</button>}
      </p>
      {refused.length > 0 && (
        <ul class="offline-refused" id="offline-refused" role="alert">
          {refused.map((e) => (
            <li data-number={e.number}>
              {t('offline.refusedItem', { number: e.number, total: money(e.body.total, e.receipt?.currency ?? 'INR'), detail: e.error?.detail ?? e.error?.code ?? '' })}
              {' '}<button type="button" class="small" onClick={() => outbox.retry(e.order)}>{t('offline.retry')}</button>
              {' '}<button type="button" class="small danger" onClick={() => {
                if (window.confirm(t('offline.dismissConfirm', { number: e.number }))) outbox.dismiss(e.order);
              }}>{t('offline.dismiss')}</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function mount() {
  let el = document.getElementById('offline-root');
  if (!el) {
    el = document.createElement('div');
    el.id = 'offline-root';
    document.body.prepend(el);
  }
  render(<OfflineBar />, el);
}

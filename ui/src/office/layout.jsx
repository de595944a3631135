// The back office's frame: one top bar with the screens the signed-in user's roles may use (as the
// permission matrix in docs/permissions.md allows them; the server still decides every request), and the
// refusal shown at an address the role may not use.
import { useEffect } from 'preact/hooks';
import { t } from '../messages.js';
import { SCREENS, mayOpen } from './screens.js';

export { SCREENS, mayOpen, mayUseBackOffice, screenOf, routeParams } from './screens.js';

/** The back office's top bar: its screens this user may open, the till, the user. */
export function BackOfficeBar({ me, current, onSignOut, onTill }) {
  return (
    <header class="topbar">
      <span class="brand">Kassa</span>
      <nav class="where" aria-label={t('dash.nav')}>
        {SCREENS.filter((s) => mayOpen(me, s.route)).map((s) => (
          <a href={'#/' + s.route} class="nav-link" id={'nav-' + s.route} aria-current={current === s.route ? 'page' : undefined}>{t(s.label)}</a>
        ))}
        <a href="#/" class="nav-link" onClick={onTill}>{t('dash.till')}</a>
      </nav>
      <span class="who">{me.display_name}</span>
      <button type="button" class="link" id="sign-out" onClick={onSignOut}>{t('signout')}</button>
    </header>
  );
}

/** A back-office page: the bar, then the screen's main region with its heading. */
export function OfficePage({ me, current, title, onSignOut, onTill, id, tools, children }) {
  useEffect(() => {
    document.title = title + ' · Kassa';
    return () => { document.title = t('app.title'); };
  }, [title]);
  return (
    <div class="backoffice">
      <BackOfficeBar me={me} current={current} onSignOut={onSignOut} onTill={onTill} />
      <main id={id} class="dashboard">
        <div class="dash-head">
          <h1>{title}</h1>
          {tools}
        </div>
        {children}
      </main>
    </div>
  );
}

/** What a user whose roles may not open a back-office screen sees at its address. */
export function Refused({ onTill, admin }) {
  return (
    <main class="centered" id="refused">
      <div class="card">
        <h1>{t('dash.refusedTitle')}</h1>
        <p role="alert">{t(admin ? 'office.adminOnly' : 'dash.refused')}</p>
        <a href="#/" class="button" onClick={onTill}>{t('dash.till')}</a>
      </div>
    </main>
  );
}

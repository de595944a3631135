// The back office's settings at '#/settings' (ADMIN and MANAGER), in tabs: the locations and their tills,
// the organization (its profile, GST registrations and bank accounts, '?view=organization'), the financial
// years ('?view=years') and the document series ('?view=series'). What a role may change follows the
// permission matrix (docs/permissions.md): a manager sees the organization and its years but changes neither.
import { t } from '../messages.js';
import { OfficePage } from './layout.jsx';
import { LocationsView } from './locations.jsx';
import { OrganizationView } from './organization.jsx';
import { YearsView } from './years.jsx';
import { SeriesView } from './series.jsx';

const VIEWS = ['locations', 'organization', 'years', 'series'];

export function SettingsScreen({ me, org, onSignOut, onTill, onOrgChanged, params = {} }) {
  const view = VIEWS.includes(params.view) ? params.view : 'locations';
  const admin = me.roles.includes('ADMIN');
  const tabs = (
    <nav class="tabs" aria-label={t('settings.sections')}>
      {VIEWS.map((v) => (
        <a href={v === 'locations' ? '#/settings' : '#/settings?view=' + v} id={'tab-' + v} aria-current={view === v ? 'page' : undefined}>{t('settings.tab.' + v)}</a>
      ))}
    </nav>
  );
  return (
    <OfficePage me={me} current="settings" title={t('settings.title')} id="settings" onSignOut={onSignOut} onTill={onTill} tools={tabs}>
      {view === 'locations' && <LocationsView org={org} />}
      {view === 'organization' && <OrganizationView admin={admin} onOrgChanged={onOrgChanged} />}
      {view === 'years' && <YearsView admin={admin} />}
      {view === 'series' && <SeriesView india={(org?.country ?? 'IN') === 'IN'} />}
    </OfficePage>
  );
}

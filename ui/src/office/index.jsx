// The back office's screens by address: '#/dashboard', '#/products', '#/stock', '#/customers', '#/sales', '#/settings', '#/audit', '#/users', '#/two-step', '#/deliveries'. A user whose
// roles may not open the screen gets the refusal (the API would refuse every read anyway).
import { Dashboard } from '../dashboard.jsx';
import { Products } from '../products.jsx';
import { StockScreen } from './stock.jsx';
import { UsersScreen } from './users.jsx';
import { CustomersScreen } from './customers.jsx';
import { SalesScreen } from './sales.jsx';
import { AuditScreen } from './audit.jsx';
import { SettingsScreen } from './settings.jsx';
import { TwoStepScreen } from './twostep.jsx';
import { ReportsScreen } from './reports.jsx';
import { DeliveriesScreen } from './deliveries.jsx';
import { Refused, mayOpen, routeParams, screenOf } from './layout.jsx';

export { screenOf };

export function BackOffice({ route, me, org, onOrgChanged, onSignOut, onTill }) {
  const screen = screenOf(route);
  if (!mayOpen(me, screen)) return <Refused onTill={onTill} admin={screen === 'users' && me?.roles?.includes('MANAGER')} />;
  const props = { me, onSignOut, onTill };
  if (screen === 'products') return <Products {...props} currency={org?.currency ?? 'INR'} params={routeParams(route)} />;
  if (screen === 'stock') return <StockScreen key={route} {...props} params={routeParams(route)} />;
  if (screen === 'users') return <UsersScreen {...props} />;
  if (screen === 'reports') return <ReportsScreen key={route} {...props} org={org} params={routeParams(route)} />;
  if (screen === 'two-step') return <TwoStepScreen {...props} />;
  if (screen === 'deliveries') return <DeliveriesScreen {...props} params={routeParams(route)} />;
  if (screen === 'settings') return <SettingsScreen {...props} org={org} onOrgChanged={onOrgChanged} params={routeParams(route)} />;
  if (screen === 'audit') return <AuditScreen {...props} />;
  if (screen === 'sales') return <SalesScreen {...props} timeZone={org?.time_zone ?? 'UTC'} />;
  if (screen === 'customers') return <CustomersScreen {...props} currency={org?.currency ?? 'INR'} />;
  return <Dashboard {...props} />;
}

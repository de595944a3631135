// The back office's screens, their addresses and the roles that may open them, as the permission matrix
// (docs/permissions.md) allows their endpoints; the server still decides every request.
const BACK_OFFICE = ['ADMIN', 'MANAGER'];

/** The back-office screens, their address and the roles that may open them. */
export const SCREENS = [
  { route: 'dashboard', label: 'dash.title', roles: BACK_OFFICE },
  { route: 'reports', label: 'reports.title', roles: BACK_OFFICE },
  { route: 'products', label: 'products.title', roles: BACK_OFFICE },
  { route: 'stock', label: 'stock.title', roles: BACK_OFFICE },
  { route: 'customers', label: 'customers.title', roles: BACK_OFFICE },
  { route: 'sales', label: 'sales.title', roles: BACK_OFFICE },
  { route: 'settings', label: 'settings.title', roles: BACK_OFFICE },
  { route: 'audit', label: 'audit.title', roles: BACK_OFFICE },
  { route: 'users', label: 'users.title', roles: ['ADMIN'] },
  { route: 'two-step', label: 'totp.title', roles: BACK_OFFICE },
];

export const mayUseBackOffice = (me) => !!me && me.roles.some((r) => BACK_OFFICE.includes(r));

/** The screen an address names ('#/stock?location=...' names 'stock'), or null when it is not the back office's. */
export function screenOf(hash) {
  const m = /^#\/([a-z-]+)/.exec(hash ?? '');
  return m && SCREENS.some((s) => s.route === m[1]) ? m[1] : null;
}

export function mayOpen(me, route) {
  const screen = SCREENS.find((s) => s.route === route);
  return !!me && !!screen && me.roles.some((r) => screen.roles.includes(r));
}

/** The query of a back-office address: '#/stock?location=a' gives {location: 'a'}. */
export function routeParams(hash) {
  const i = (hash ?? '').indexOf('?');
  return i < 0 ? {} : Object.fromEntries(new URLSearchParams(hash.slice(i + 1)));
}


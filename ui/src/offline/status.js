// What the offline bar shows, shared by the offline modules: a tiny observable.
const listeners = new Set();
let value = { reachable: navigator.onLine !== false, signedIn: false, numbersLeft: null };

export const status = {
  get: () => value,
  set(changes) {
    const next = { ...value, ...changes };
    if (Object.keys(changes).every((k) => next[k] === value[k])) return;
    value = next;
    for (const f of listeners) f(value);
  },
  subscribe(f) {
    listeners.add(f);
    return () => listeners.delete(f);
  },
};

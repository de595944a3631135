// The offline till's texts, added to the one catalogue (messages.js) when the offline module loads.
import { messages } from '../messages.js';

Object.assign(messages, {
  'offline.online': 'Kassa reachable',
  'offline.offline': 'Offline: Kassa cannot be reached. Sales are priced here, numbered from this till’s reserved numbers and sent when Kassa is back.',
  'offline.pending': '{n} sales waiting to be sent',
  'offline.pending1': '1 sale waiting to be sent',
  'offline.none': 'No sale waiting',
  'offline.refused': '{n} refused by Kassa: see below',
  'offline.refusedItem': 'Sale {number} ({total}) refused: {detail}',
  'offline.retry': 'Send again',
  'offline.dismiss': 'Remove',
  'offline.dismissConfirm': 'Remove the refused sale {number} from this till? Kassa has no record of it; a manager must settle it.',
  'offline.send': 'Send now',
  'offline.numbersLeft': '{n} offline numbers left',
  'offline.noNumbers': 'No reserved sale number is left on this till: the sale cannot be made offline. Reconnect to Kassa.',
  'offline.notInCatalog': 'A product of the cart is not in this till’s offline catalog, so it cannot be priced offline.',
  'offline.badQuantity': 'Line {n} quantity: must be a whole number of pieces',
  'offline.receipt': 'Made offline: sent to Kassa when the connection is back.',
  'offline.closeWaits': 'The session cannot be closed yet: sales made offline still wait to be sent ({n}) and Kassa cannot be reached. Reconnect and try again.',
  'offline.closeRefused': 'The session cannot be closed yet: sales made offline were refused by Kassa ({n}, listed at the top). A manager settles them first.',
});

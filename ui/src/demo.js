// The demo shop: what a newcomer needs to sell within a minute, made through the same API as any
// client (so an admin only; each step skipped when it exists already).
import { get, post, put } from './api.js';
import { Problem } from './problems.js';

export const DEMO_PRODUCTS = [
  { sku: 'RICE-SONA-1KG', name: 'Sona Masoori rice', unit: 'KG', price: 68, gst: 5, barcode: '8901000000011', stock: 200 },
  { sku: 'ATTA-5KG', name: 'Whole wheat atta 5 kg', unit: 'PIECE', price: 245, gst: 5, barcode: '8901000000028', stock: 50 },
  { sku: 'DAL-TOOR-1KG', name: 'Toor dal 1 kg', unit: 'PIECE', price: 156, gst: 5, barcode: '8901000000035', stock: 80 },
  { sku: 'TEA-ASSAM-250', name: 'Assam tea 250 g', unit: 'PIECE', price: 120, gst: 5, barcode: '8901000000042', stock: 100 },
  { sku: 'SUGAR-1KG', name: 'Sugar', unit: 'KG', price: 46, gst: 5, barcode: '8901000000059', stock: 150 },
  { sku: 'OIL-SUN-1L', name: 'Sunflower oil 1 L', unit: 'PIECE', price: 165, gst: 5, barcode: '8901000000066', stock: 60 },
  { sku: 'SOAP-NEEM', name: 'Neem soap', unit: 'PIECE', price: 40, gst: 18, barcode: '8901000000073', stock: 120 },
  { sku: 'BISC-GLUCO', name: 'Glucose biscuits', unit: 'PIECE', price: 10, gst: 18, barcode: '8901000000080', stock: 3 },
];

async function exists(path) {
  try {
    return await get(path);
  } catch (e) {
    if (e instanceof Problem && (e.status === 404 || e.status === 409)) return null;
    throw e;
  }
}

export async function loadDemoShop(progress = () => {}) {
  progress('organization');
  const org = await exists('/api/v1/organization');
  if (!org || !org.currency) {
    await put('/api/v1/organization', { legal_name: 'Kassa Demo Shop', country: 'IN', currency: 'INR', time_zone: 'Asia/Kolkata' });
  }
  progress('financial year');
  const years = (await get('/api/v1/organization/financial-years')).items ?? [];
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(new Date());
  if (!years.some((y) => y.starts_on <= today && today <= y.ends_on)) {
    const [y, m] = today.split('-').map(Number);
    const start = m >= 4 ? y : y - 1;
    await post('/api/v1/organization/financial-years', { starts_on: `${start}-04-01`, ends_on: `${start + 1}-03-31` }, { idempotent: true });
  }
  progress('tax classes');
  const classes = (await get('/api/v1/tax-classes?limit=100')).items ?? [];
  const byRate = {};
  for (const rate of [5, 18]) {
    let found = classes.find((c) => c.kind === 'GST' && Number(c.rate) === rate && c.active);
    if (!found) {
      found = await post('/api/v1/tax-classes', { code: `GST${rate}`, name: `GST ${rate}%`, kind: 'GST', rate }, { idempotent: true });
    }
    byRate[rate] = found.id;
  }
  progress('store');
  const locations = (await get('/api/v1/locations')).items ?? [];
  let store = locations.find((l) => l.active && l.state_code);
  if (!store) {
    store = await post('/api/v1/locations', { code: 'DEMO', name: 'Demo Store', type: 'STORE', state_code: '29', time_zone: 'Asia/Kolkata' }, { idempotent: true });
  }
  progress('products');
  const lines = [];
  for (const p of DEMO_PRODUCTS) {
    let product = await exists(`/api/v1/products/by-sku/${encodeURIComponent(p.sku)}`);
    if (!product) {
      product = await post('/api/v1/products', {
        sku: p.sku, name: p.name, unit: p.unit, price: p.price, price_includes_tax: true, tax_class_id: byRate[p.gst],
        hsn_code: p.gst === 5 ? '1006' : '3401', track_stock: true, allow_negative_stock: false, barcodes: [p.barcode],
      }, { idempotent: true });
      lines.push({ product_id: product.id, quantity: p.stock });
    }
  }
  progress('stock');
  if (lines.length) {
    await post('/api/v1/stock/receipts', { location_id: store.id, lines, note: 'demo shop' }, { idempotent: true });
  }
  return store;
}

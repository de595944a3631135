/** Documents: receipts, GST tax invoices, credit notes and quotations as PDF, one at a time or in batches. */
@NullMarked
package dev.kassa.documents;

import org.jspecify.annotations.NullMarked;

/** Documents: receipts, GST tax invoices, credit notes and quotations as PDF, one at a time or in batches. */
@ApplicationModule(allowedDependencies = {"platform", "platform::gst", "events::log", "identity", "jobs", "notifications", "organization", "customers", "sales", "tills"})
@NullMarked
package dev.kassa.documents;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

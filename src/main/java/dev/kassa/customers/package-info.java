/** Customers: contact details, addresses, GSTIN, tags, and the purchase figures sales keep on them. */
@NullMarked
package dev.kassa.customers;

import org.jspecify.annotations.NullMarked;

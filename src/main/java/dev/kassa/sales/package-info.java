/** Sales and orders: pricing, payments, voids, returns and credit notes, estimates and their conversion. */
@NullMarked
package dev.kassa.sales;

import org.jspecify.annotations.NullMarked;

/** Stock per location and product, changed only through a ledger of movements. */
@NullMarked
package dev.kassa.inventory;

import org.jspecify.annotations.NullMarked;

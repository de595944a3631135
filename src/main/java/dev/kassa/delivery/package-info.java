/** Gas and parcel delivery: drivers, vehicles, delivery orders, and routes planned with jsprit and driven. */
@NullMarked
package dev.kassa.delivery;

import org.jspecify.annotations.NullMarked;

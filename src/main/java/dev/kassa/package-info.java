/** Kassa: a point-of-sale and order backend. */
@NullMarked
package dev.kassa;

import org.jspecify.annotations.NullMarked;

/** Document series and their gapless numbers, per document type, location and financial year. */
@NullMarked
package dev.kassa.numbering;

import org.jspecify.annotations.NullMarked;

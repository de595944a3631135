/**
 * India's GST identifiers as value types: the GSTIN with its full check, and the state codes that a GSTIN, a
 * location and a place of supply are given in. A named interface of platform, so that a module that uses them
 * says so ({@code platform::gst}) and nothing else of platform comes with it.
 */
@NamedInterface("gst")
@NullMarked
package dev.kassa.platform.gst;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;

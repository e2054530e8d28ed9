/**
 * Canonical model parameters: one documented layout per layer kind, which every engine adapter translates to
 * and from. Identical initial weights and the parity checks rely on it.
 */
package dev.jmlbench.core.params;

/**
 * The reference engine: plain Java, no native code. Its forward pass defines what "identical" means for the
 * parity checks, and it is the third contender in every comparison. Readable first: each layer states the
 * formula it computes.
 */
package dev.jmlbench.reference;

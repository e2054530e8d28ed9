/** The user's catalogue: `jmlbench check`, which validates task specs and dataset manifests before anything runs. */
package dev.jmlbench.suites.catalogue;

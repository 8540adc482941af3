/** The ext_proc cost driver: Sluice's ext_proc server against a do-nothing one, each in its own process. */
package dev.sluice.bench.extproc;

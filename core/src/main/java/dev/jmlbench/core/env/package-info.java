/** The environment block recorded with every run: machine, JVM, thread settings, git commit, time. */
package dev.jmlbench.core.env;

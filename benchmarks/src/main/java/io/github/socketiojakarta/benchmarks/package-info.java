/**
 * The benchmarks' tooling: {@link io.github.socketiojakarta.benchmarks.Report} turns the result
 * files of a {@code benchmarks/run.sh} run into the table of {@code benchmarks/README.md}. The
 * subpackages hold the JMH benchmarks ({@code codec}), the bench servers ({@code server}) and the
 * load driver ({@code driver}).
 *
 * <p>May import: the JDK. Not part of the library; nothing imports this module.
 */
package io.github.socketiojakarta.benchmarks;

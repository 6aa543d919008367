/**
 * The comparison runner: starts each peer's server and client in separate JVMs, collects their {@code RESULT}
 * lines, and writes the raw results, the Markdown report and its SVG charts.
 */
package io.ferryrpc.benchmark.runner;

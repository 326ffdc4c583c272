/**
 * Mapping of event arguments between Java types and JSON: the only package that uses JSON-B and
 * JSON-P.
 *
 * <p>May import: {@code jakarta.json} and {@code jakarta.json.bind} (optional at run time: plain
 * values map without them, only mapping an object needs them) and {@code protocol}'s JSON
 * values. No other package of ours touches {@code jakarta.json}.
 */
package io.github.socketiojakarta.json;

/**
 * Mapping of event arguments between Java types and JSON: the only package that uses JSON-B and
 * JSON-P.
 */
package io.github.socketiojakarta.json;

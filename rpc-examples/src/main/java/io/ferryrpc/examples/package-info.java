/** Ferry's examples, written against the public API only. */
package io.ferryrpc.examples;

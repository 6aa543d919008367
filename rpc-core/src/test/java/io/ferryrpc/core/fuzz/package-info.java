/** The fuzz test of Ferry's decoders: a seeded mutator over valid frames, bounded in time. */
package io.ferryrpc.core.fuzz;

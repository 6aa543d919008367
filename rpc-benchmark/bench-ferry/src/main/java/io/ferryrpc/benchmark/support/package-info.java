/** What the peers of this module share: reading and checking their {@code --option key=value} settings. */
package io.ferryrpc.benchmark.support;

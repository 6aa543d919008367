/** The load driver shared by every peer: the peer SPI, the closed-loop driver, and the server and client mains. */
package io.ferryrpc.benchmark.driver;

/** The shop's service interfaces and their value types: all a consumer needs to depend on. */
package io.ferryrpc.examples.shop.api;

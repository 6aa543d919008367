/** JSON text written without a JSON library. */
package io.ferryrpc.core.internal.json;

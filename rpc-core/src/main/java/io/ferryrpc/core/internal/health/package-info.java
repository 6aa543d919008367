/** The HTTP probe endpoint a process supervisor asks whether a provider is live and ready. */
package io.ferryrpc.core.internal.health;

/** What the commands share: the registry session, the failure type, and table output. */
package io.ferryrpc.cli.internal;

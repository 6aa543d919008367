package io.ferryrpc.core.internal.health;

/**
 * The request line of a probe, {@code METHOD /path[?query] HTTP/1.x}: the method and the path without its query.
 *
 * @param method the method token as sent (HTTP methods are case-sensitive)
 * @param path the request target up to a {@code ?}
 */
record ProbeRequest(String method, String path) {

    /** Returns the request a line asks for, or null if it is not a well-formed HTTP/1.x request line. */
    static ProbeRequest parse(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || !isOriginForm(parts[1]) || !isHttp1(parts[2])) {
            return null;
        }
        int query = parts[1].indexOf('?');
        return new ProbeRequest(parts[0], query < 0 ? parts[1] : parts[1].substring(0, query));
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alphanumeric = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** An absolute path with an optional query: visible ASCII, starting with a slash. */
    private static boolean isOriginForm(String s) {
        if (!s.startsWith("/")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHttp1(String s) {
        return s.length() == 8 && s.startsWith("HTTP/1.") && s.charAt(7) >= '0' && s.charAt(7) <= '9';
    }
}

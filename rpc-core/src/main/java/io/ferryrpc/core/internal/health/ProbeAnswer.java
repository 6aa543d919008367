package io.ferryrpc.core.internal.health;

import io.ferryrpc.core.RpcServer;
import io.ferryrpc.core.internal.json.JsonWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One HTTP/1.1 answer of the probe endpoint: a status, a small JSON body, and the headers every answer carries
 * ({@code Connection: close}, since every connection carries exactly one request).
 *
 * @param status the status code
 * @param reason the reason phrase
 * @param body the JSON body
 * @param allow the value of an {@code Allow} header, or null for none
 */
record ProbeAnswer(int status, String reason, String body, String allow) {

    static final ProbeAnswer BAD_REQUEST = error(400, "Bad Request", "BAD_REQUEST", null);
    static final ProbeAnswer NOT_FOUND = error(404, "Not Found", "NOT_FOUND", null);
    static final ProbeAnswer METHOD_NOT_ALLOWED = error(405, "Method Not Allowed", "METHOD_NOT_ALLOWED", "GET, HEAD");
    static final ProbeAnswer TOO_LARGE = error(431, "Request Header Fields Too Large",
            "REQUEST_HEADER_FIELDS_TOO_LARGE", null);

    private static ProbeAnswer error(int status, String reason, String name, String allow) {
        return new ProbeAnswer(status, reason, new JsonWriter().beginObject().name("status").value(name).endObject()
                .toString(), allow);
    }

    /** Returns 200 {@code {"status":"UP"}}, or 503 {@code {"status":"DOWN","reasons":[...]}}. */
    static ProbeAnswer health(boolean up, List<String> reasons) {
        JsonWriter json = new JsonWriter().beginObject().name("status").value(up ? "UP" : "DOWN");
        if (!up) {
            json.name("reasons").beginArray();
            reasons.forEach(json::value);
            json.endArray();
        }
        String body = json.endObject().toString();
        return up ? new ProbeAnswer(200, "OK", body, null) : new ProbeAnswer(503, "Service Unavailable", body, null);
    }

    /** Returns the answer as bytes: status line, headers, and the body unless it answers a {@code HEAD}. */
    ByteBuf encode(ByteBufAllocator alloc, boolean head) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder headers = new StringBuilder(160)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n")
                .append("Cache-Control: no-store\r\n")
                .append("Connection: close\r\n");
        if (allow != null) {
            headers.append("Allow: ").append(allow).append("\r\n");
        }
        headers.append("\r\n");
        ByteBuf out = alloc.buffer(headers.length() + (head ? 0 : content.length));
        out.writeCharSequence(headers, StandardCharsets.US_ASCII);
        if (!head) {
            out.writeBytes(content);
        }
        return out;
    }
}

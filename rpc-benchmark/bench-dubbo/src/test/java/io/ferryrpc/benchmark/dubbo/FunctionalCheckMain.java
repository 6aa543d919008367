package io.ferryrpc.benchmark.dubbo;

import io.ferryrpc.benchmark.driver.Peer;
import io.ferryrpc.benchmark.driver.PeerSettings;
import io.ferryrpc.benchmark.workload.Operation;
import io.ferryrpc.benchmark.workload.Page;
import io.ferryrpc.benchmark.workload.User;
import io.ferryrpc.benchmark.workload.UserServiceImpl;
import io.ferryrpc.benchmark.workload.Workload;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Calls each of the five operations once through the Dubbo peer's client and checks what comes back, field by field,
 * against what {@link UserServiceImpl} builds; prints {@code OK} and exits 0, or names the first mismatch and exits 1.
 * Run by {@link DubboPeerInNamespaceTest} in the server's network namespace: {@code --port P}.
 */
public final class FunctionalCheckMain {

    static final int PAYLOAD_SIZE = 4096;

    private FunctionalCheckMain() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--port")) {
            throw new IllegalArgumentException("usage: FunctionalCheckMain --port P");
        }
        int port = Integer.parseInt(args[1]);
        PeerSettings settings = new PeerSettings(Duration.ofSeconds(5), PAYLOAD_SIZE, Map.of());
        int status = 0;
        try (Peer.Client client = new DubboPeer().connect("127.0.0.1", port, settings)) {
            check(client);
            System.out.println("OK");
        } catch (AssertionError e) {
            System.out.println("FAILED " + e.getMessage());
            status = 1;
        }
        System.out.flush();
        // Whatever Dubbo left running must not keep this JVM alive.
        System.exit(status);
    }

    private static void check(Peer.Client client) throws Exception {
        User user = (User) client.call(Operation.GET_USER, 7);
        expectUser("getUser(7)", user, UserServiceImpl.user(7, ""));

        @SuppressWarnings("unchecked")
        Page<User> page = (Page<User>) client.call(Operation.LIST_USER, 3);
        expect("listUser(3).pageNo", page.getPageNo(), 3);
        expect("listUser(3).total", page.getTotal(), 1000);
        List<User> users = page.getResult();
        expect("listUser(3).result.size", users.size(), 15);
        for (int i = 0; i < users.size(); i++) {
            expectUser("listUser(3).result[" + i + "]", users.get(i), UserServiceImpl.user(i, String.valueOf(i)));
        }

        // existUser answers from the e-mail's last digit: "9" exists, "2" does not.
        expect("existUser(\"9\")", client.call(Operation.EXIST_USER, 9), true);
        expect("existUser(\"2\")", client.call(Operation.EXIST_USER, 2), false);
        expect("createUser", client.call(Operation.CREATE_USER, 0), true);

        byte[] echoed = (byte[]) client.call(Operation.ECHO, 0);
        if (!Arrays.equals(echoed, Workload.payload(PAYLOAD_SIZE))) {
            throw new AssertionError("echo: " + PAYLOAD_SIZE + " bytes out, " + echoed.length
                    + " bytes back, not the same bytes");
        }
    }

    /** Compares every field but the timestamps, which the server sets to its own clock. */
    private static void expectUser(String what, User actual, User expected) {
        expect(what + ".id", actual.getId(), expected.getId());
        expect(what + ".name", actual.getName(), expected.getName());
        expect(what + ".sex", actual.getSex(), expected.getSex());
        expect(what + ".birthday", actual.getBirthday(), expected.getBirthday());
        expect(what + ".email", actual.getEmail(), expected.getEmail());
        expect(what + ".mobile", actual.getMobile(), expected.getMobile());
        expect(what + ".address", actual.getAddress(), expected.getAddress());
        expect(what + ".icon", actual.getIcon(), expected.getIcon());
        expect(what + ".permissions", actual.getPermissions(), expected.getPermissions());
        expect(what + ".status", actual.getStatus(), expected.getStatus());
        if (actual.getCreateTime() == null || !actual.getCreateTime().equals(actual.getUpdateTime())) {
            throw new AssertionError(what + ": createTime " + actual.getCreateTime() + ", updateTime "
                    + actual.getUpdateTime() + " (expected the same instant, set)");
        }
    }

    private static void expect(String what, Object actual, Object expected) {
        if (!Objects.equals(actual, expected)) {
            throw new AssertionError(what + ": " + actual + " (expected " + expected + ")");
        }
    }
}

package io.ferryrpc.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferryrpc.benchmark.driver.LoadDriver;
import io.ferryrpc.benchmark.driver.Peer;
import io.ferryrpc.benchmark.driver.RunResult;
import io.ferryrpc.benchmark.workload.Operation;
import io.ferryrpc.benchmark.workload.Page;
import io.ferryrpc.benchmark.workload.User;
import io.ferryrpc.benchmark.workload.Workload;
import java.time.Duration;
import java.util.stream.IntStream;

/** Assertions on what the workload's calls return, and a short load run, shared by every peer's test. */
public final class WorkloadChecks {

    private WorkloadChecks() {}

    /** Asserts that {@code result} is what the workload's provider answers to {@code op} at {@code sequence}. */
    public static void assertResult(Operation op, long sequence, int payloadSize, Object result) {
        switch (op) {
            case EXIST_USER -> assertThat(result).isEqualTo(String.valueOf(sequence).charAt(
                    String.valueOf(sequence).length() - 1) >= '5');
            case CREATE_USER -> assertThat(result).isEqualTo(true);
            case GET_USER -> {
                User user = (User) result;
                assertThat(user.getId()).isEqualTo(sequence);
                assertUser(user, "");
            }
            case LIST_USER -> {
                @SuppressWarnings("unchecked")
                Page<User> page = (Page<User>) result;
                assertThat(page.getPageNo()).isEqualTo((int) sequence);
                assertThat(page.getTotal()).isEqualTo(1000);
                assertThat(page.getResult()).hasSize(15);
                for (int i = 0; i < 15; i++) {
                    // Element access by declared type: a wrongly decoded generic would fail the cast here.
                    User user = page.getResult().get(i);
                    assertThat(user.getId()).isEqualTo(i);
                    assertUser(user, String.valueOf(i));
                }
                assertThat(page.getResult()).extracting(User::getName)
                        .containsExactlyElementsOf(IntStream.range(0, 15).mapToObj(i -> "Doug Lea" + i).toList());
            }
            case ECHO -> assertThat((byte[]) result).isEqualTo(Workload.payload(payloadSize));
        }
    }

    private static void assertUser(User user, String suffix) {
        assertThat(user.getName()).isEqualTo("Doug Lea" + suffix);
        assertThat(user.getEmail()).isEqualTo("dong.lea@gmail.com" + suffix);
        assertThat(user.getAddress()).isEqualTo("北京市 中关村 中关村大街1号 鼎好大厦 1605" + suffix);
        assertThat(user.getBirthday()).hasToString("1968-12-08");
        assertThat(user.getPermissions()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 19, 88, 86, 89, 90, 91, 92);
        assertThat(user.getCreateTime()).isNotNull().isEqualTo(user.getUpdateTime());
        assertThat(user.getStatus()).isEqualTo(1);
    }

    /** Runs the driver for a moment with four callers of getUser and asserts that calls succeeded and none failed. */
    public static RunResult assertShortLoadRun(Peer.Client client, String peer) throws InterruptedException {
        RunResult result = new LoadDriver(client, Operation.GET_USER, 4, Duration.ofMillis(200),
                Duration.ofMillis(500), Duration.ofSeconds(3)).run(peer, "test", 100);
        assertThat(result.calls()).as("calls in %s", result).isPositive();
        assertThat(result.errors()).as("errors in %s", result).isZero();
        assertThat(result.firstError()).isNull();
        return result;
    }
}

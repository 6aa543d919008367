package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.api.RpcService;
import io.ferryrpc.core.testing.Loopback;
import io.ferryrpc.core.testing.OtherPackageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which remote exceptions come back as themselves: unchecked ones on the classpath yes, undeclared Errors no. */
@Timeout(30)
class ExceptionTypesTest {

    /** Throws what it is told to. */
    @RpcService(name = "exceptions.Thrower")
    public interface Thrower {
        /** Throws an unchecked exception from another package. */
        String unchecked();

        /** Throws an Error it does not declare. */
        String error();
    }

    @Test
    void uncheckedExceptionsOnTheClasspathComeBackAsThemselvesButErrorsDoNot() {
        Thrower impl = new Thrower() {
            @Override
            public String unchecked() {
                throw new OtherPackageException("elsewhere");
            }

            @Override
            public String error() {
                throw new StackOverflowError("deep");
            }
        };
        try (RpcServer server = Loopback.server(Thrower.class, impl, b -> b);
                RpcClient client = RpcClient.builder().build()) {
            Thrower thrower = client.proxy(Thrower.class, Loopback.address(server));
            assertThatThrownBy(thrower::unchecked).isExactlyInstanceOf(OtherPackageException.class)
                    .hasMessage("elsewhere");
            assertThatThrownBy(thrower::error)
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.REMOTE_ERROR))
                    .hasMessageContaining("java.lang.StackOverflowError");
        }
    }
}

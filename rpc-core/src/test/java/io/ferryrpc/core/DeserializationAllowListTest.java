package io.ferryrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import io.ferryrpc.core.fixtures.ForeignShape;
import io.ferryrpc.core.fixtures.OutsideSquare;
import io.ferryrpc.core.fixtures.TripwireFlag;
import io.ferryrpc.core.fixtures.shapes.CanvasService;
import io.ferryrpc.core.fixtures.shapes.Circle;
import io.ferryrpc.core.fixtures.shapes.Shape;
import io.ferryrpc.core.internal.descriptor.CallIds;
import io.ferryrpc.core.internal.serialize.ProtostuffSerializerFactory;
import io.ferryrpc.core.spi.SerializationConfig;
import io.ferryrpc.core.testing.CapturedStderr;
import io.ferryrpc.core.testing.Loopback;
import io.ferryrpc.core.testing.RawFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Payloads that name classes, sent by hand to a real provider: only the declared types, the service's own API
 * package and the allow list are decoded, and every other name is refused with {@code SERIALIZATION} and a log
 * line before anything is loaded.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeserializationAllowListTest {

    /**
     * Classes at the heart of published deserialization exploits (ysoserial, marshalsec, the Dubbo and Hessian
     * advisories), from the JDK and from common libraries, plus a class of Ferry's own classpath and one outside the
     * service's package that would run code when initialized.
     */
    static final List<String> GADGETS = List.of(
            "org.apache.commons.collections.functors.InvokerTransformer",
            "org.apache.commons.collections.keyvalue.TiedMapEntry",
            "org.apache.commons.collections4.functors.InstantiateTransformer",
            "org.apache.commons.beanutils.BeanComparator",
            "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl",
            "org.apache.xalan.xsltc.trax.TemplatesImpl",
            "com.sun.rowset.JdbcRowSetImpl",
            "javax.management.BadAttributeValueExpException",
            "javax.naming.InitialContext",
            "java.util.PriorityQueue",
            "java.net.URL",
            "java.lang.ProcessBuilder",
            "java.lang.Runtime",
            "sun.rmi.server.UnicastRef",
            "java.rmi.server.RemoteObjectInvocationHandler",
            "org.springframework.beans.factory.support.DefaultListableBeanFactory",
            "org.springframework.aop.support.DefaultBeanFactoryPointcutAdvisor",
            "com.mchange.v2.c3p0.WrapperConnectionPoolDataSource",
            "org.codehaus.groovy.runtime.MethodClosure",
            "org.codehaus.groovy.runtime.ConvertedClosure",
            "com.rometools.rome.feed.impl.EqualsBean",
            "com.sun.syndication.feed.impl.ObjectBean",
            "org.apache.xbean.naming.context.ContextUtil$ReadOnlyBinding",
            "com.caucho.naming.QName",
            "org.apache.commons.configuration.ConfigurationMap",
            "org.apache.tomcat.dbcp.dbcp2.BasicDataSource",
            "com.zaxxer.hikari.HikariDataSource",
            "ch.qos.logback.core.db.DriverManagerConnectionSource",
            "org.apache.log4j.receivers.db.JNDIConnectionSource",
            "com.alibaba.fastjson.JSONObject",
            "io.netty.util.internal.PlatformDependent",
            "io.protostuff.runtime.RuntimeEnv",
            ForeignShape.class.getName());

    /** Has the wire layout of a polymorphic value: {1: class name, 2: value}. */
    record FakePoly(String name, Empty value) {}

    /** An empty message. */
    record Empty() {}

    /** Counts the calls that reached the implementation. */
    static final class Canvas implements CanvasService {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String describe(Object anything) {
            calls.incrementAndGet();
            return anything == null ? "null" : anything.getClass().getName();
        }

        @Override
        public long area(Shape shape) {
            calls.incrementAndGet();
            return (long) shape.area();
        }

        @Override
        public Shape sample(String kind) {
            calls.incrementAndGet();
            return kind.equals("circle") ? new Circle(1) : new OutsideSquare();
        }
    }

    private static byte[] arguments(String className) {
        ByteBuf out = Unpooled.buffer();
        try {
            new ProtostuffSerializerFactory()
                    .create(SerializationConfig.of(DeserializationAllowListTest.class.getClassLoader(), List.of()))
                    .tupleCodec(FakePoly.class).encode(new Object[] {new FakePoly(className, new Empty())}, out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    private static int callId(String method, Class<?> parameter) throws NoSuchMethodException {
        return CallIds.of(CallIds.signature(CanvasService.class.getName(), "1.0",
                CanvasService.class.getMethod(method, parameter)));
    }

    @Test
    void everyGadgetNameIsRefusedWithSerializationAndALogLineNamingIt() throws Exception {
        Canvas impl = new Canvas();
        List<RawFrames.Response> responses = new ArrayList<>();
        String log;
        try (RpcServer server = Loopback.server(CanvasService.class, impl, b -> b);
                RpcClient client = RpcClient.builder().build();
                CapturedStderr stderr = new CapturedStderr();
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            long requestId = 1;
            // Everything pipelined on one connection: refusals must not lose or mix up the answers.
            for (String gadget : GADGETS) {
                out.write(RawFrames.request((byte) 1, requestId++, callId("describe", Object.class), 5000,
                        arguments(gadget)));
                out.write(RawFrames.request((byte) 1, requestId++, callId("area", Shape.class), 5000,
                        arguments(gadget)));
            }
            out.flush();
            for (int i = 0; i < GADGETS.size() * 2; i++) {
                responses.add(RawFrames.readResponse(socket.getInputStream()));
            }
            // The provider still serves well-formed calls, on this connection's server and with the API package.
            CanvasService canvas = client.proxy(CanvasService.class, Loopback.address(server));
            assertThat(canvas.area(new Circle(2))).isEqualTo(12L);
            log = stderr.text();
        }
        assertThat(responses).extracting(RawFrames.Response::requestId)
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, GADGETS.size() * 2L).boxed().toList());
        for (RawFrames.Response response : responses) {
            String gadget = GADGETS.get((int) (response.requestId() - 1) / 2);
            assertThat(response.status()).as(gadget).isEqualTo(RpcException.Code.SERIALIZATION.wireValue());
            assertThat(response.message()).as(gadget).contains("type not allowed: " + gadget);
            assertThat(log).as("log line for " + gadget).contains("Rejected a value of type " + gadget);
        }
        assertThat(impl.calls).hasValue(1);
        assertThat(TripwireFlag.FOREIGN).as("ForeignShape was initialized").isFalse();
    }

    @Test
    void classesOfTheServicesOwnApiPackageAreAllowedByDefaultAndCanBeSwitchedOff() {
        try (RpcServer open = Loopback.server(CanvasService.class, new Canvas(), b -> b);
                RpcServer strict = Loopback.server(CanvasService.class, new Canvas(),
                        b -> b.allowApiPackageTypes(false));
                RpcClient client = RpcClient.builder().build()) {
            // Circle appears in no signature of CanvasService: only its package lets it through.
            assertThat(client.proxy(CanvasService.class, Loopback.address(open)).area(new Circle(1))).isEqualTo(3L);
            assertThat(client.proxy(CanvasService.class, Loopback.address(open)).describe(new Circle(1)))
                    .isEqualTo(Circle.class.getName());
            assertThatThrownBy(() -> client.proxy(CanvasService.class, Loopback.address(strict)).area(new Circle(1)))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION))
                    .hasMessageContaining("type not allowed: " + Circle.class.getName());
        }
        try (RpcServer allowListed = Loopback.server(CanvasService.class, new Canvas(),
                        b -> b.allowApiPackageTypes(false).allowedTypes(Circle.class.getName()));
                RpcClient client = RpcClient.builder().build()) {
            assertThat(client.proxy(CanvasService.class, Loopback.address(allowListed)).area(new Circle(1)))
                    .isEqualTo(3L);
        }
    }

    @Test
    void aConsumerRefusesAResultOfAClassItDoesNotAllow() {
        try (RpcServer server = Loopback.server(CanvasService.class, new Canvas(), b -> b);
                RpcClient client = RpcClient.builder().build();
                RpcClient allowing = RpcClient.builder().allowedTypes(OutsideSquare.class.getName()).build()) {
            CanvasService canvas = client.proxy(CanvasService.class, Loopback.address(server));
            assertThat(canvas.sample("circle")).isInstanceOf(Circle.class);
            assertThatThrownBy(() -> canvas.sample("square"))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION))
                    .hasMessageContaining("type not allowed: " + OutsideSquare.class.getName());
            assertThat(allowing.proxy(CanvasService.class, Loopback.address(server)).sample("square").area())
                    .isEqualTo(1.0);
        }
    }
}

package io.ferryrpc.core.fuzz;

import io.ferryrpc.api.RpcMethod;
import io.ferryrpc.api.RpcService;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Representative signatures for the fuzz test: records, plain classes, collections, maps, text, bytes, Object. */
@RpcService(name = "fuzz.Shapes")
public interface Shapes {

    /** A record with a field of every kind. */
    record Shape(String name, List<Integer> sizes, Map<String, Long> tags, byte[] blob, Object any, Shape child,
            int[] points, BigDecimal amount) {}

    /** A plain class, decoded field by field. */
    final class Box {
        /** A label. */
        public String label;
        /** Anything allowed. */
        public Object content;
        /** Nested records. */
        public List<Shape> shapes = new ArrayList<>();
    }

    /** Returns its argument. */
    Shape shape(Shape shape);

    /** Returns the shapes. */
    List<Shape> many(List<Shape> shapes, Map<String, List<String>> index);

    /** Returns a summary. */
    String text(String s, byte[] bytes, long n);

    /** Returns its argument. */
    Object anything(Object value);

    /** Returns its argument. */
    Box box(Box box);

    /** Completes with its argument. */
    CompletableFuture<String> later(String s);

    /** Does nothing. */
    @RpcMethod(oneway = true)
    void fire(String s);

    /** The provider side: answers at once. */
    final class Impl implements Shapes {
        @Override
        public Shape shape(Shape shape) {
            return shape;
        }

        @Override
        public List<Shape> many(List<Shape> shapes, Map<String, List<String>> index) {
            return shapes;
        }

        @Override
        public String text(String s, byte[] bytes, long n) {
            return s + (bytes == null ? -1 : bytes.length) + n;
        }

        @Override
        public Object anything(Object value) {
            return value;
        }

        @Override
        public Box box(Box box) {
            return box;
        }

        @Override
        public CompletableFuture<String> later(String s) {
            return CompletableFuture.completedFuture(s);
        }

        @Override
        public void fire(String s) {
            // Nothing to do.
        }
    }
}

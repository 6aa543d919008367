package io.ferryrpc.core.internal.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferryrpc.api.RpcException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GenericValuesTest {

    enum Tier { GOLD, SILVER }

    record Address(String street, int number) {}

    /** An object with a superclass, a transient field and no no-arg constructor of its own making. */
    static class Party {
        String name;
    }

    static final class Customer extends Party {
        Tier tier;
        List<Address> addresses;
        Map<Integer, BigDecimal> balances;
        Optional<LocalDate> since;
        int[] scores;
        byte[] photo;
        Object note;
        transient String cache = "not sent";
    }

    interface Shape {}

    record Drawing(Shape shape) {}

    /** Declared types for the conversions, read off fields so the generics are real. */
    static final class Declared {
        List<Customer> customers;
        Map<String, Set<Tier>> tiers;
        long count;
    }

    private static Type declared(String field) throws NoSuchFieldException {
        return Declared.class.getDeclaredField(field).getGenericType();
    }

    private static void fails(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcException.Code.SERIALIZATION)).hasMessageContaining(message);
    }

    @Test
    void nestedObjectsRecordsCollectionsAndScalarsRoundTripThroughGenericValues() throws Exception {
        Customer c = new Customer();
        c.name = "Ada";
        c.tier = Tier.GOLD;
        c.addresses = List.of(new Address("Quay Road", 1), new Address("Dock Lane", 22));
        c.balances = new TreeMap<>(Map.of(1, new BigDecimal("12.50")));
        c.since = Optional.of(LocalDate.of(2020, 1, 2));
        c.scores = new int[] {3, 4};
        c.photo = new byte[] {1, 2, 3};
        c.note = Map.of("free", List.of("form", 1L));

        Object generic = GenericValues.toGeneric(List.of(c));
        assertThat(generic).isInstanceOf(List.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) ((List<?>) generic).get(0);
        assertThat(map).containsOnlyKeys("name", "tier", "addresses", "balances", "since", "scores", "photo", "note");
        assertThat(map.get("tier")).isEqualTo("GOLD");
        assertThat(map.get("addresses")).isEqualTo(List.of(Map.of("street", "Quay Road", "number", 1),
                Map.of("street", "Dock Lane", "number", 22)));
        assertThat(map.get("scores")).isEqualTo(List.of(3, 4));

        @SuppressWarnings("unchecked")
        List<Customer> back = (List<Customer>) GenericValues.toDeclared(generic, declared("customers"), "argument 0");
        Customer b = back.get(0);
        assertThat(b.name).isEqualTo("Ada");
        assertThat(b.tier).isEqualTo(Tier.GOLD);
        assertThat(b.addresses).containsExactly(new Address("Quay Road", 1), new Address("Dock Lane", 22));
        assertThat(b.balances).containsEntry(1, new BigDecimal("12.50"));
        assertThat(b.since).contains(LocalDate.of(2020, 1, 2));
        assertThat(b.scores).containsExactly(3, 4);
        assertThat(b.photo).containsExactly(1, 2, 3);
        assertThat(b.note).isEqualTo(Map.of("free", List.of("form", 1L)));
    }

    @Test
    void jsonShapedInputIsConvertedByTheDeclaredTypes() throws Exception {
        // What a JSON parser produces: string keys, Integer/Double/String scalars, ISO dates, base64 bytes.
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", "Bo");
        json.put("tier", "SILVER");
        json.put("balances", Map.of("7", 3.25));
        json.put("since", "2021-03-04");
        json.put("scores", List.of(1, 2.0));
        json.put("photo", "AQID");
        @SuppressWarnings("unchecked")
        List<Customer> out = (List<Customer>) GenericValues.toDeclared(List.of(json), declared("customers"), "a");
        Customer c = out.get(0);
        assertThat(c.balances).containsEntry(7, new BigDecimal("3.25"));
        assertThat(c.since).contains(LocalDate.of(2021, 3, 4));
        assertThat(c.scores).containsExactly(1, 2);
        assertThat(c.photo).containsExactly(1, 2, 3);
        assertThat(c.addresses).isNull();
        assertThat(c.cache).isEqualTo("not sent"); // built by its constructor, as the serializer builds it
        @SuppressWarnings("unchecked")
        Map<String, Set<Tier>> tiers = (Map<String, Set<Tier>>) GenericValues.toDeclared(
                Map.of("x", List.of("GOLD", "GOLD")), declared("tiers"), "b");
        assertThat(tiers.get("x")).containsExactly(Tier.GOLD);
        assertThat(GenericValues.toDeclared("42", declared("count"), "c")).isEqualTo(42L);
        assertThat(GenericValues.toDeclared(null, declared("count"), "c")).isEqualTo(0L);
    }

    @Test
    void onlyDeclaredTypesAndFieldsAreEverBuilt() throws Exception {
        // A class name in the input is a field name like any other: unknown, so refused; never loaded.
        Map<String, Object> gadget = new LinkedHashMap<>();
        gadget.put("@class", "com.sun.rowset.JdbcRowSetImpl");
        gadget.put("dataSourceName", "ldap://attacker/x");
        Type customers = declared("customers");
        fails(() -> GenericValues.toDeclared(List.of(gadget), customers, "argument 0"),
                "generic value at argument 0[0]: no field @class in " + Customer.class.getName());
        fails(() -> GenericValues.toDeclared(Map.of("class", "java.lang.Runtime"), Address.class, "argument 1"),
                "no field class");
        // Where Object is declared, the value stays a plain map.
        Customer withNote = (Customer) GenericValues.toDeclared(Map.of("note", gadget), Customer.class, "a");
        assertThat(withNote.note).isEqualTo(gadget);
        fails(() -> GenericValues.toDeclared(Map.of("shape", Map.of()), Drawing.class, "argument 0"),
                "argument 0.shape: " + Shape.class.getName() + " is an interface or abstract class");
        fails(() -> GenericValues.toDeclared(new ArrayList<>(), Thread.class, "x"), "cannot be built");
    }

    @Test
    void valuesThatDoNotFitAreRefusedNamingWhere() throws Exception {
        fails(() -> GenericValues.toDeclared(Map.of("number", 1L << 40), Address.class, "argument 0"),
                "argument 0.number: 1099511627776 does not fit in Integer");
        fails(() -> GenericValues.toDeclared(Map.of("number", 1.5), Address.class, "a"), "not a valid Integer");
        fails(() -> GenericValues.toDeclared(Map.of("tier", "PLATINUM"), Customer.class, "a"),
                "no constant PLATINUM in " + Tier.class.getName());
        fails(() -> GenericValues.toDeclared("street", Address.class, "a"), "expected a map of fields, got a string");
        fails(() -> GenericValues.toDeclared(Map.of("since", "yesterday"), Customer.class, "a"), "not a valid LocalDate");
        Object deep = "x";
        for (int i = 0; i < 100; i++) {
            deep = List.of(deep);
        }
        Object tooDeep = deep;
        fails(() -> GenericValues.toDeclared(tooDeep, Object.class, "a"), "nested deeper than");
    }
}

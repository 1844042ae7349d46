package dev.dxpy.core.treesitter;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/** Names of tree-sitter-python's node types and fields, read once from whichever natives parse. */
final class Grammar {
    private final AtomicReferenceArray<String> symbols = new AtomicReferenceArray<>(1 << 16);
    private final IntFunction<String> symbolName;
    private final Map<String, Integer> fields = new HashMap<>();

    Grammar(IntFunction<String> symbolName, int fieldCount, IntFunction<String> fieldName) {
        this.symbolName = symbolName;
        for (int id = 1; id <= fieldCount; id++) {
            fields.put(fieldName.apply(id), id);
        }
    }

    /** The type name of a symbol, as ts_node_type gives it; the same String object each time. */
    String type(int symbol) {
        String s = symbols.get(symbol);
        if (s == null) {
            s = symbolName.apply(symbol);
            if (!symbols.compareAndSet(symbol, null, s)) {
                s = symbols.get(symbol);
            }
        }
        return s;
    }

    /** A field's id, or 0 (no field) for a name the grammar does not have. */
    int field(String name) {
        return fields.getOrDefault(name, 0);
    }
}

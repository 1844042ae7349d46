package dev.dxpy.core.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Null handling shared by the message records: absent strings are empty, lists are immutable copies. */
final class Values {

    private Values() {
    }

    static String text(String s) {
        return s == null ? "" : s;
    }

    static List<String> texts(List<String> list) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        List<String> copy = new ArrayList<>(list.size());
        for (String s : list) {
            copy.add(text(s));
        }
        return Collections.unmodifiableList(copy);
    }
}

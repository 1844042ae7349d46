package dev.dxpy.cli;

import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The commands' options through picocli's programmatic API. With its annotations, picocli read them by
 * reflection at every start, and the JDK generated a proxy class for each annotation type it met (eight, at
 * ~5 ms each in a cold JVM): about 40 ms of every {@code dx-py} command before anything else ran.
 */
final class Specs {
    private Specs() {
    }

    /** An argument bound to a command's field: picocli reads and writes it through these two functions. */
    private static final class Field implements IGetter, ISetter {
        private final Supplier<Object> get;
        private final Consumer<Object> set;

        Field(Supplier<Object> get, Consumer<Object> set) {
            this.get = get;
            this.set = set;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) get.get();
        }

        @Override
        public <T> T set(T value) {
            T old = get();
            set.accept(value);
            return old;
        }
    }

    /**
     * An option of {@code type} bound to a field through {@code get} and {@code set}; the field's value now is
     * its default (as picocli takes it from an annotated field).
     */
    static OptionSpec.Builder option(Class<?> type, Supplier<Object> get, Consumer<Object> set, String... names) {
        Field f = new Field(get, set);
        return OptionSpec.builder(names).type(type).getter(f).setter(f).initialValue(get.get());
    }

    /** A positional parameter of {@code type} bound to a field, as {@link #option} binds an option. */
    static PositionalParamSpec.Builder positional(Class<?> type, Supplier<Object> get, Consumer<Object> set) {
        Field f = new Field(get, set);
        return PositionalParamSpec.builder().type(type).getter(f).setter(f).initialValue(get.get());
    }

    /** {@code -h, --help} and {@code -V, --version}, as picocli's {@code mixinStandardHelpOptions} adds them. */
    static void standardHelp(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.")
                .build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        spec.versionProvider(new Version());
    }
}

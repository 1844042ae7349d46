package dev.dxpy.core.schedule;

/** Words for how a worker ended. */
final class Crashes {

    private Crashes() {
    }

    static String describe(int exitCode, String cause) {
        StringBuilder sb = new StringBuilder();
        if (exitCode > 128 && exitCode < 160) {
            int sig = exitCode - 128;
            sb.append("worker killed by signal ").append(sig).append(signalName(sig));
        } else if (exitCode >= 0) {
            sb.append("worker exited with code ").append(exitCode);
        } else {
            sb.append("worker channel closed");
        }
        if (cause != null && !cause.isBlank()) {
            sb.append(" (").append(cause).append(')');
        }
        return sb.toString();
    }

    private static String signalName(int sig) {
        return switch (sig) {
            case 6 -> " (SIGABRT)";
            case 9 -> " (SIGKILL, e.g. out of memory or killed)";
            case 11 -> " (SIGSEGV, segmentation fault)";
            case 15 -> " (SIGTERM)";
            case 7 -> " (SIGBUS)";
            case 8 -> " (SIGFPE)";
            default -> "";
        };
    }
}

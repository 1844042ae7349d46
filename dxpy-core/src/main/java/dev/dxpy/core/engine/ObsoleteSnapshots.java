package dev.dxpy.core.engine;

import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.snapshot.SnapshotLedger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * After a full run: warn about snapshots no test used, or remove them in update mode. The project's snapshots are
 * listed by a background thread while the tests run (a walk of the rootdir: ~10 ms of a cold JVM that was spent
 * after the last result, on the command's path to its exit). A snapshot a test writes meanwhile is one it used.
 */
final class ObsoleteSnapshots {
    private final SnapshotLedger ledger;
    private final FutureTask<List<String>> listing;

    private ObsoleteSnapshots(Path rootdir) {
        this.ledger = new SnapshotLedger(rootdir);
        this.listing = new FutureTask<>(ledger::snapshots);
    }

    /** Starts listing the snapshots under {@code rootdir} in a daemon thread. */
    static ObsoleteSnapshots listInBackground(Path rootdir) {
        ObsoleteSnapshots o = new ObsoleteSnapshots(rootdir);
        Thread t = new Thread(o.listing, "dxpy-snapshot-list");
        t.setDaemon(true);
        t.start();
        return o;
    }

    /**
     * Reports (or removes) the obsolete snapshots; {@code workersExited} is run first when the project has any
     * snapshot (the workers write the snapshots they used as they exit): a project without snapshots does not wait
     * for its workers to exit before its report.
     */
    void report(Map<String, String> environment, RunListener listener, Runnable workersExited) {
        try {
            List<String> all = listed();
            if (all.isEmpty()) {
                return;
            }
            workersExited.run();
            List<String> obsolete = ledger.obsolete(all);
            if (obsolete.isEmpty()) {
                return;
            }
            String update = environment.getOrDefault(SnapshotLedger.UPDATE_ENV, "");
            if (!update.isEmpty() && !update.equals("0") && !update.equalsIgnoreCase("false")) {
                ledger.remove(obsolete);
                listener.warning("removed " + obsolete.size() + " obsolete snapshot(s): " + String.join(", ", obsolete));
            } else {
                listener.warning(obsolete.size() + " obsolete snapshot(s), used by no test (--update-snapshots "
                        + "removes them): " + String.join(", ", obsolete));
            }
        } catch (IOException e) {
            listener.warning("could not check for obsolete snapshots: " + e.getMessage());
        }
    }

    private List<String> listed() throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return listing.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the walk ends on its own: finish it, as the report did before
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(String.valueOf(e.getCause()), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

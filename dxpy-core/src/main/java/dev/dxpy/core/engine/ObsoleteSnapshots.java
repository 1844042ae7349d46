package dev.dxpy.core.engine;

import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.snapshot.SnapshotLedger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** After a full run: warn about snapshots no test used, or remove them in update mode. */
final class ObsoleteSnapshots {
    private ObsoleteSnapshots() {
    }

    /**
     * Reports (or removes) the obsolete snapshots; {@code workersExited} is run first when the project has any
     * snapshot (the workers write the snapshots they used as they exit): a project without snapshots does not wait
     * for its workers to exit before its report.
     */
    static void report(Path rootdir, Map<String, String> environment, RunListener listener, Runnable workersExited) {
        SnapshotLedger ledger = new SnapshotLedger(rootdir);
        try {
            List<String> all = ledger.snapshots();
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
}

package dev.dxpy.core.discovery;

import dev.dxpy.core.discovery.ModuleModel.ParamSet;
import dev.dxpy.core.discovery.ModuleModel.Parametrize;
import java.util.ArrayList;
import java.util.List;

/** The ids of one parametrize call, as pytest's {@code IdMaker.make_unique_parameterset_ids}. */
final class ParamIds {
    private ParamIds() {
    }

    static List<String> of(Parametrize p) {
        if (p.sets().isEmpty()) {
            return List.of("NOTSET");
        }
        List<String> ids = new ArrayList<>();
        for (int idx = 0; idx < p.sets().size(); idx++) {
            ParamSet set = p.sets().get(idx);
            String explicit = set.id() != null ? IdMaker.explicitId(set.id()) : null;
            if (explicit == null && p.ids() != null && idx < p.ids().size()) {
                explicit = IdMaker.explicitId(p.ids().get(idx));
            }
            if (explicit != null) {
                ids.add(explicit);
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (int k = 0; k < set.values().size(); k++) {
                parts.add(IdMaker.idval(set.values().get(k), p.argnames().get(k), idx));
            }
            ids.add(String.join("-", parts));
        }
        return IdMaker.unique(ids);
    }
}

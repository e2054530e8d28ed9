package dev.jmlbench.adapters.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.provenance.EnsembleModelProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tribuo's provenance of a trained model as name/value strings for the results: what trained it, with which
 * hyper-parameters, on which Tribuo and Java, plus the whole provenance as one string.
 *
 * <p>Keys: {@code model-class}, {@code tribuo-version}, {@code java-version}, {@code os}, {@code arch},
 * {@code trainer-class}, then one {@code trainer.<name>} entry per field of the trainer's provenance (nested objects
 * such as the inner tree trainer, the optimiser or the objective as {@code trainer.<name>.<field>}, their classes
 * as {@code trainer.<name>.class-name}), the caller's extra entries, then {@code provenance}:
 * {@code ProvenanceUtil.formattedProvenanceString} of the model's provenance (for an ensemble without its members,
 * each of which repeats the trainer and the dataset; {@code ensemble-members} gives their number).
 */
final class TribuoProvenance {
    private TribuoProvenance() {
    }

    /** The entries for {@code model}, followed by {@code extra} (the adapter's own notes). */
    static Map<String, String> of(org.tribuo.Model<?> model, Map<String, String> extra) {
        ModelProvenance p = model.getProvenance();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("model-class", p.getClassName());
        out.put("tribuo-version", p.getTribuoVersion());
        out.put("java-version", p.getJavaVersion());
        out.put("os", p.getOS());
        out.put("arch", p.getArch());
        TrainerProvenance trainer = p.getTrainerProvenance();
        out.put("trainer-class", trainer.getClassName());
        flatten("trainer", trainer, out);
        out.putAll(extra);
        ModelProvenance whole = p;
        if (p instanceof EnsembleModelProvenance ensemble) {
            out.put("ensemble-members", Integer.toString(ensemble.getMemberProvenance().getList().size()));
            whole = new ModelProvenance(p.getClassName(), p.getTrainingTime(), p.getDatasetProvenance(),
                    p.getTrainerProvenance(), new LinkedHashMap<String, Provenance>(
                            p.getInstanceProvenance().getMap()));
        }
        out.put("provenance", ProvenanceUtil.formattedProvenanceString(whole));
        return out;
    }

    private static void flatten(String prefix, ObjectProvenance object, Map<String, String> out) {
        for (Pair<String, Provenance> field : object) {
            add(prefix + "." + field.getA(), field.getB(), out);
        }
    }

    private static void add(String key, Provenance value, Map<String, String> out) {
        if (value instanceof PrimitiveProvenance<?> primitive) {
            out.put(key, String.valueOf(primitive.getValue()));
        } else if (value instanceof ObjectProvenance object) {
            flatten(key, object, out); // its class is among its fields, as class-name
        } else if (value instanceof ListProvenance<?> list) {
            List<? extends Provenance> items = list.getList();
            if (items.isEmpty()) {
                out.put(key, "[]");
            }
            for (int i = 0; i < items.size(); i++) {
                add(key + "[" + i + "]", items.get(i), out);
            }
        } else if (value instanceof MapProvenance<?> map) {
            if (map.getMap().isEmpty()) {
                out.put(key, "{}");
            }
            for (Map.Entry<String, ? extends Provenance> e : map.getMap().entrySet()) {
                add(key + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(key, String.valueOf(value));
        }
    }
}

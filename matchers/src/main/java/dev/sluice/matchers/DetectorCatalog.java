package dev.sluice.matchers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detectors one engine runs, keyed by id, in load order. Built-in detectors come from
 * the YAML resources {@code leaks.yaml} and {@code attacks.yaml} beside this class; users add
 * their own from configuration ({@link DetectorCatalogLoader}) without code. Immutable.
 */
public final class DetectorCatalog {
    private final List<Detector> detectors;
    private final Map<String, Detector> byId;

    private DetectorCatalog(List<Detector> detectors) {
        Map<String, Detector> map = new LinkedHashMap<>();
        for (Detector d : detectors) {
            if (map.put(d.id(), d) != null) {
                throw new IllegalArgumentException("duplicate detector id '" + d.id() + "'");
            }
        }
        this.detectors = List.copyOf(detectors);
        this.byId = Collections.unmodifiableMap(map);
    }

    /** A catalog of exactly these detectors; ids must be unique. */
    public static DetectorCatalog of(List<Detector> detectors) {
        return new DetectorCatalog(detectors);
    }

    /** The built-in leak and attack detectors. */
    public static DetectorCatalog builtin() {
        return Holder.BUILTIN;
    }

    /** This catalog plus {@code more}; an id already present is an error, not an override. */
    public DetectorCatalog with(List<Detector> more) {
        List<Detector> all = new ArrayList<>(detectors);
        all.addAll(more);
        return new DetectorCatalog(all);
    }

    public List<Detector> all() {
        return detectors;
    }

    /** The detector with this id, or null. */
    public Detector get(String id) {
        return byId.get(id);
    }

    public int size() {
        return detectors.size();
    }

    @Override
    public String toString() {
        return "DetectorCatalog" + byId.keySet();
    }

    private static final class Holder {
        static final DetectorCatalog BUILTIN = DetectorCatalogLoader.withBuiltinValidators().loadBuiltin();
    }
}

package io.seqgate.bench;

/**
 * One of the targets, against what this run measured.
 *
 * @param what     what is measured
 * @param goal     the target, in words ("≥ 0.7 × raw pipe")
 * @param measured what this run measured
 * @param met      whether the target was met; null when this run could not tell (not measured)
 * @param margin   by how much it was met or missed, in words
 */
record Target(String what, String goal, String measured, Boolean met, String margin) {

    static Target atLeast(String what, String goal, double measured, double target, String measuredText) {
        return new Target(what, goal, measuredText, measured >= target, margin(measured, target, true));
    }

    static Target atMost(String what, String goal, double measured, double target, String measuredText) {
        return new Target(what, goal, measuredText, measured <= target, margin(measured, target, false));
    }

    static Target notMeasured(String what, String goal, String why) {
        return new Target(what, goal, why, null, "");
    }

    /** "1.3 × the target" on the side it falls: better or worse than the target by that factor. */
    private static String margin(double measured, double target, boolean higherIsBetter) {
        if (target == 0 || measured == 0) {
            return "";
        }
        double factor = higherIsBetter ? measured / target : target / measured;
        return factor >= 1
                ? String.format(java.util.Locale.ROOT, "%.2f × better than the target", factor)
                : String.format(
                        java.util.Locale.ROOT, "missed: %.2f × the target (%.0f %% short)", factor, (1 - factor) * 100);
    }

    String status() {
        return met == null ? "not measured" : met ? "met" : "**missed**";
    }
}

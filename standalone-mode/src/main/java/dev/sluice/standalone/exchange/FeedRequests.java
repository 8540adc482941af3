package dev.sluice.standalone.exchange;

import java.util.Locale;
import java.util.Set;

/**
 * Whether a request asks for an answer that stays open, whatever type the answer says it has:
 * <ul>
 *   <li>a {@code GET} whose query sets {@code watch} or {@code follow} (Kubernetes' watches and
 *       followed pod logs, Docker's and Nomad's followed logs);</li>
 *   <li>one of Kubernetes' older watch paths ({@code /api/v1/watch/…},
 *       {@code /apis/GROUP/VERSION/watch/…});</li>
 *   <li>the Docker Engine API's feeds, which stream unless told not to: a container's
 *       {@code /containers/ID/stats} (unless {@code stream} is false) and {@code /events} (unless
 *       {@code until} ends it), the latter only under Docker's dotted API version
 *       ({@code /v1.43/events}) or Podman's {@code /libpod/}, since a bare {@code /events} is a
 *       finite list in many an API (GitHub's, Stripe's {@code /v1/events}).</li>
 * </ul>
 * A Kubernetes watch answers {@code application/json}, one event object after another for as long
 * as the client stays, and Docker's feeds do the same, so their type alone does not tell them from
 * a single document.
 */
public final class FeedRequests {
    /** Query parameters read; a longer query's tail is not looked at. */
    private static final int MAX_PARAMETERS = 64;
    /** The spellings of true and false that Go's strconv.ParseBool (Kubernetes, Docker, Nomad) and most others accept. */
    private static final Set<String> TRUE = Set.of("1", "t", "true", "yes");
    private static final Set<String> FALSE = Set.of("0", "f", "false", "no");

    private FeedRequests() {
    }

    /** Whether a request with {@code method} and {@code requestTarget} (path and query) asks for a feed. */
    public static boolean asksForFeed(String method, String requestTarget) {
        if (!"GET".equalsIgnoreCase(method) || requestTarget == null) {
            return false;
        }
        int q = requestTarget.indexOf('?');
        String path = q < 0 ? requestTarget : requestTarget.substring(0, q);
        String[] query = q < 0 ? new String[0] : requestTarget.substring(q + 1).split("&", MAX_PARAMETERS);
        return truth(query, "watch") || truth(query, "follow") || kubernetesWatchPath(path)
                || dockerFeed(path, query);
    }

    /** Whether parameter {@code name} is set to true: a bare flag is false to Docker and an error to Kubernetes. */
    private static boolean truth(String[] query, String name) {
        return spelledAs(query, name, TRUE);
    }

    /** Whether parameter {@code name} is set to false; absent or a bare flag is not. */
    private static boolean falsity(String[] query, String name) {
        return spelledAs(query, name, FALSE);
    }

    private static boolean spelledAs(String[] query, String name, Set<String> spellings) {
        String value = value(query, name);
        return value != null && spellings.contains(value.toLowerCase(Locale.ROOT));
    }

    /** The value of the first parameter {@code name}, "" for a bare flag, null when absent. */
    private static String value(String[] query, String name) {
        for (String parameter : query) {
            int eq = parameter.indexOf('=');
            if (parameter.startsWith(name) && (eq < 0 ? parameter.length() : eq) == name.length()) {
                return eq < 0 ? "" : parameter.substring(eq + 1);
            }
        }
        return null;
    }

    private static boolean kubernetesWatchPath(String path) {
        String[] segments = path.split("/", 6);
        // "", "api", VERSION, "watch", … or "", "apis", GROUP, VERSION, "watch", …
        return segments.length > 3 && segments[1].equals("api") && segments[3].equals("watch")
                || segments.length > 4 && segments[1].equals("apis") && segments[4].equals("watch");
    }

    private static boolean dockerFeed(String path, String[] query) {
        String[] segments = path.split("/", 8);
        int i = 1;
        boolean docker = false;
        if (i < segments.length && dockerVersion(segments[i])) {
            i++;
            docker = true;
        }
        if (i < segments.length && segments[i].equals("libpod")) {
            i++;
            docker = true;
        }
        int rest = segments.length - i;
        if (rest == 1 && docker && segments[i].equals("events")) {
            String until = value(query, "until");
            return (until == null || until.isEmpty()) && !falsity(query, "stream");
        }
        return rest == 3 && segments[i].equals("containers") && !segments[i + 1].isEmpty()
                && segments[i + 2].equals("stats") && !falsity(query, "stream");
    }

    /** Docker's API version segment, {@code v1.43}, or Podman's, {@code v4.0.0}: dotted, unlike most APIs' {@code v1}. */
    private static boolean dockerVersion(String segment) {
        if (segment.length() < 4 || segment.charAt(0) != 'v') {
            return false;
        }
        int dots = 0;
        for (int k = 1; k < segment.length(); k++) {
            char c = segment.charAt(k);
            if (c == '.') {
                if (segment.charAt(k - 1) == '.' || k == 1) {
                    return false;
                }
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots >= 1 && dots <= 2 && segment.charAt(segment.length() - 1) != '.';
    }
}

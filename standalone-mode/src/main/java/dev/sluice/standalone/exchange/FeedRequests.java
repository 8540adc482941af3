package dev.sluice.standalone.exchange;

import java.util.Locale;

/**
 * Whether a request asks for an answer that stays open, whatever type the answer says it has:
 * a {@code GET} whose query sets {@code watch} or {@code follow} (Kubernetes' watches and followed
 * pod logs, Docker's and Nomad's followed logs), or one of Kubernetes' older watch paths
 * ({@code /api/v1/watch/…}, {@code /apis/GROUP/VERSION/watch/…}). A Kubernetes watch answers
 * {@code application/json}, one event object after another for as long as the client stays, so its
 * type alone does not tell it from a single document.
 */
public final class FeedRequests {
    private FeedRequests() {
    }

    /** Whether a request with {@code method} and {@code requestTarget} (path and query) asks for a feed. */
    public static boolean asksForFeed(String method, String requestTarget) {
        if (!"GET".equalsIgnoreCase(method) || requestTarget == null) {
            return false;
        }
        int query = requestTarget.indexOf('?');
        String path = query < 0 ? requestTarget : requestTarget.substring(0, query);
        return query >= 0 && feedQuery(requestTarget.substring(query + 1)) || kubernetesWatchPath(path);
    }

    private static boolean feedQuery(String query) {
        for (String parameter : query.split("&", 64)) {
            int eq = parameter.indexOf('=');
            String name = eq < 0 ? parameter : parameter.substring(0, eq);
            if ((name.equals("watch") || name.equals("follow")) && eq > 0 && truth(parameter.substring(eq + 1))) {
                return true;
            }
        }
        return false;
    }

    /** The spellings of true that Go's {@code strconv.ParseBool} (Kubernetes, Docker, Nomad) and most others accept. */
    private static boolean truth(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "t", "true", "yes" -> true;
            default -> false;
        };
    }

    private static boolean kubernetesWatchPath(String path) {
        String[] segments = path.split("/", 6);
        // "", "api", VERSION, "watch", … or "", "apis", GROUP, VERSION, "watch", …
        return segments.length > 3 && segments[1].equals("api") && segments[3].equals("watch")
                || segments.length > 4 && segments[1].equals("apis") && segments[4].equals("watch");
    }
}

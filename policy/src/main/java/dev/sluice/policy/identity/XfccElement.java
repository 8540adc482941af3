package dev.sluice.policy.identity;

import java.util.List;

/**
 * One element of {@code x-forwarded-client-cert}: what one proxy saw of its client's
 * certificate. {@code by} is the proxy's own URI SAN; {@code uri}, {@code dns} and
 * {@code subject} describe the client. Absent keys are null (or an empty list for DNS).
 * {@code toString} shows the certificate fields by length only.
 */
public record XfccElement(String by, String hash, String subject, String uri, List<String> dns, String cert,
                          String chain) {

    public XfccElement {
        dns = List.copyOf(dns);
    }

    /** The common name in {@code subject} (either "/C=US/CN=x" or "CN=x,O=y" form), or null. */
    public String subjectCommonName() {
        if (subject == null) {
            return null;
        }
        for (int i = 0; i + 3 <= subject.length(); i++) {
            boolean atStart = i == 0 || subject.charAt(i - 1) == '/' || subject.charAt(i - 1) == ','
                    || subject.charAt(i - 1) == ' ';
            if (atStart && subject.regionMatches(true, i, "CN=", 0, 3)) {
                int end = i + 3;
                while (end < subject.length() && subject.charAt(end) != '/'
                        && !(subject.charAt(end) == ',' && subject.charAt(end - 1) != '\\')) {
                    end++;
                }
                String cn = subject.substring(i + 3, end).strip();
                return cn.isEmpty() ? null : cn;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "XfccElement[by=" + by + ", uri=" + uri + ", dns=" + dns + ", subject=" + subject
                + (cert == null ? "" : ", cert=" + cert.length() + " chars")
                + (chain == null ? "" : ", chain=" + chain.length() + " chars") + "]";
    }
}

package dev.sluice.inspector.text;

import dev.sluice.inspector.LabelNames;
import dev.sluice.matchers.FieldContext;

/**
 * The open elements of an XML document, by local name (the part after a namespace prefix):
 * what keys a text value ({@code <Password>} holds a password), what is its parent key, and the
 * path a finding reports ({@code /Envelope/Body/Customer/Password}). Only the outermost
 * {@value #MAX_KEPT} names are kept; deeper elements are counted, so their end tags still close
 * the right ones, and paths through them end in {@code /…}.
 *
 * <p>An end tag closes the innermost open element of its name and every element inside it, as
 * a forgiving reader of a malformed document would; an end tag that matches nothing open is
 * ignored.
 */
final class ElementPath {
    static final int MAX_KEPT = 32;

    private final String[] names = new String[MAX_KEPT];
    /** Each kept open element's number as a container: its children's texts are siblings. */
    private final long[] elements = new long[MAX_KEPT];
    private long opened;
    /**
     * Each kept open element's labels, given by children named as labels are
     * ({@code <Parameter><Name>/prod/db/password</Name><Value>…</Value></Parameter>}): the
     * latest, and the first when there were more.
     */
    private final String[] labels = new String[MAX_KEPT];
    private final String[] firstLabels = new String[MAX_KEPT];
    private int depth;

    /** An element opened. */
    void open(String localName) {
        if (depth < MAX_KEPT) {
            names[depth] = localName;
            elements[depth] = ++opened;
            labels[depth] = null;
            firstLabels[depth] = null;
        }
        depth++;
    }

    /** The end tag of {@code localName}. */
    void close(String localName) {
        if (depth > MAX_KEPT) {
            depth--; // an element past the kept ones: its name is not known, trust the document
            return;
        }
        for (int i = depth - 1; i >= 0; i--) {
            if (names[i].equals(localName)) {
                depth = i;
                return;
            }
        }
    }

    /** The local name of the element {@code up} levels above the innermost open one (0: that one), or null. */
    String name(int up) {
        int i = depth - 1 - up;
        return i >= 0 && i < MAX_KEPT ? names[i] : null;
    }

    /**
     * Makes {@code field} a member of the element {@code up} levels above the innermost open one
     * (1: the element holding a text's element, whose children are the text's siblings); no
     * container when that element is not kept.
     */
    void memberOf(FieldContext field, int up) {
        int i = depth - 1 - up;
        if (i >= 0 && i < MAX_KEPT) {
            field.container(this, elements[i], i);
        }
    }

    /**
     * A text that was not blank ended in the innermost open element: when that element is named
     * as labels are ({@link LabelNames}), the text labels the element holding it.
     */
    void textEnded(String text) {
        int i = depth - 1;
        if (i >= 1 && i < MAX_KEPT && LabelNames.is(names[i])) {
            if (labels[i - 1] != null && firstLabels[i - 1] == null) {
                firstLabels[i - 1] = labels[i - 1];
            }
            labels[i - 1] = text;
        }
    }

    /** Gives {@code field} the labels of the element {@code up} levels above the innermost open one, if any. */
    void labelsOf(FieldContext field, int up) {
        int i = depth - 1 - up;
        if (i >= 0 && i < MAX_KEPT && labels[i] != null) {
            field.label(labels[i], firstLabels[i]);
        }
    }

    /** Appends {@code /a/b/c}, with {@code /…} for elements past the kept ones. */
    void appendTo(StringBuilder path) {
        for (int i = 0; i < Math.min(depth, MAX_KEPT); i++) {
            path.append('/').append(names[i]);
        }
        if (depth > MAX_KEPT) {
            path.append("/…");
        }
    }
}

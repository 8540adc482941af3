package dev.sluice.matchers;

/** What a compiled Hyperscan expression id stands for inside a {@link MatchEngine}. */
enum ExpressionKind {
    /** A detector pattern: its span is a candidate. */
    CANDIDATE,
    /** A whole-value detector's trigger: the value it fires in gets validated whole. */
    TRIGGER,
    /** A block detector's opening line. */
    BLOCK_BEGIN,
    /** A block detector's closing line. */
    BLOCK_END,
    /** A context keyword: text shortly after it is in the keyword's classes. */
    KEYWORD,
    /** {@code key = value}, {@code key: value}, {@code <key>}, {@code Bearer }: a key in free text. */
    KEY_ANCHOR
}

package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;

/**
 * Validator {@code nosqli}: confirms NoSQL (MongoDB) query injection (CWE-943). A service that
 * puts request input into a query object lets a client replace a value by an operator, and a
 * login that looks a user up by {@code {"password": input}} matches every user once the input is
 * {@code {"$ne": null}}; {@code $where} and {@code $function} run JavaScript on the database.
 * Confirmed when a query operator ({@code $ne}, {@code $gt}, {@code $regex}, {@code $where},
 * {@code $or}, {@code $expr}, …; case-sensitive, as MongoDB reads them) stands where a query
 * binds it:
 *
 * <ul>
 *   <li>as a member name: the whole value is the operator (a JSON member name, read as a value:
 *       {@code {"password": {"$ne": null}}});</li>
 *   <li>in brackets, as form and query parsers (PHP, Express's {@code qs}) turn
 *       {@code password[$ne]=x} into an object;</li>
 *   <li>as an object's key inside the value's text, after {@code {} or {@code ,} or at the value's
 *       start and before {@code :} (quotes allowed): {@code true, $where: '1 == 1'},
 *       {@code ', $or: [ {}, {'} — input concatenated into a query string;</li>
 * </ul>
 *
 * or when the value is MongoDB shell or server-side JavaScript: a collection method call
 * ({@code db.users.find(}, {@code db.x.insert(}), a busy loop ({@code do{…}while(} around a statement,
 * {@code while(true)}: a {@code $where} that holds the database), or {@code ;return true}.
 *
 * <p>Not flagged: a dollar amount, {@code $type} (.NET's type member), JSON Schema's
 * {@code $ref}/{@code $id}, OData's {@code $filter}, MongoDB extended JSON's {@code $oid} and
 * {@code $date}: none is an operator. An API whose clients send MongoDB filters on purpose
 * (a query endpoint) needs the detector set to {@code allow} on its route.
 */
public final class NoSqlInjectionValidator implements ByteValidator {
    static final NoSqlInjectionValidator INSTANCE = new NoSqlInjectionValidator();

    private static final byte[][] OPERATORS = Ascii.exact("ne", "eq", "gt", "gte", "lt", "lte", "in", "nin", "all",
            "regex", "where", "exists", "or", "and", "nor", "not", "expr", "elemMatch", "function", "accumulator",
            "jsonSchema");
    private static final byte[][] COLLECTION_METHODS = Ascii.exact("find", "findOne", "insert", "insertOne", "insertMany",
            "update", "updateOne", "updateMany", "remove", "deleteOne", "deleteMany", "drop", "aggregate", "count",
            "save", "replaceOne", "mapReduce", "findAndModify", "renameCollection");
    private static final byte[] DB = Ascii.exact("db.");
    private static final byte[] WHILE = Ascii.exact("while");
    private static final byte[] RETURN = Ascii.exact("return");
    private static final byte[] TRUE = Ascii.exact("true");

    private NoSqlInjectionValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        return AttackNormalizer.rawOrNormalized(candidate, NoSqlInjectionValidator::detect);
    }

    static boolean detect(byte[] b, int off, int end, AttackScratch s) {
        int first = Ascii.skipSpace(b, off, end);
        int last = Ascii.lastNonSpace(b, first, end);
        if (last > first && b[first] == '$' && operatorEnd(b, first + 1, last + 1) == last + 1) {
            return true; // a member name that is an operator
        }
        for (int i = off; i < end; i++) {
            int c = b[i];
            if (c == '$' && boundOperator(b, off, end, i)) {
                return true;
            }
            if (c == 'd' && Ascii.startsWithExact(b, i, end, DB) && !Ascii.isWord(Ascii.at(b, i - 1, end))
                    && collectionCall(b, i + DB.length, end)) {
                return true;
            }
            if (c == 'w' && Ascii.startsWithExact(b, i, end, WHILE) && loop(b, off, end, i)) {
                return true;
            }
            if (c == ';' && returnsTrue(b, Ascii.skipSpace(b, i + 1, end), end)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the operator at {@code b[i]} ('$') sits in brackets or as an object's key. */
    private static boolean boundOperator(byte[] b, int off, int end, int i) {
        int opEnd = operatorEnd(b, i + 1, end);
        if (opEnd < 0) {
            return false;
        }
        int before = Ascii.lastNonSpace(b, off, i);
        int after = Ascii.skipSpace(b, opEnd, end);
        if (before >= 0 && b[before] == '[' && after < end && b[after] == ']') {
            return true; // password[$ne]
        }
        if (before >= 0 && (b[before] == '"' || b[before] == '\'')) {
            before = Ascii.lastNonSpace(b, off, before);
        }
        if (after < end && (b[after] == '"' || b[after] == '\'')) {
            after = Ascii.skipSpace(b, after + 1, end);
        }
        boolean keyPlace = before < 0 || b[before] == '{' || b[before] == ',';
        return keyPlace && after < end && b[after] == ':';
    }

    /** The index after the operator name starting at {@code i}, or -1 when none ends there at a word boundary. */
    private static int operatorEnd(byte[] b, int i, int end) {
        int best = -1;
        for (byte[] op : OPERATORS) {
            int e = i + op.length;
            if (e > best && Ascii.startsWithExact(b, i, end, op) && !Ascii.isWord(Ascii.at(b, e, end))) {
                best = e;
            }
        }
        return best;
    }

    /** After {@code db.}: a collection name, a dot and a collection method, then {@code (}. */
    private static boolean collectionCall(byte[] b, int i, int end) {
        int j = i;
        while (j < end && (Ascii.isWord(b[j] & 0xFF) || b[j] == '$')) {
            j++;
        }
        if (j == i || j >= end || b[j] != '.') {
            return false;
        }
        for (byte[] m : COLLECTION_METHODS) {
            int e = j + 1 + m.length;
            if (Ascii.startsWithExact(b, j + 1, end, m)) {
                int p = Ascii.skipSpace(b, e, end);
                if (p < end && b[p] == '(') {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code while} at {@code i} closes a do-while loop ({@code }} before it) or loops
     * for ever ({@code while(true)}, {@code while(1)}).
     */
    private static boolean loop(byte[] b, int off, int end, int i) {
        if (Ascii.isWord(Ascii.at(b, i - 1, end))) {
            return false;
        }
        int p = Ascii.skipSpace(b, i + WHILE.length, end);
        if (p >= end || b[p] != '(') {
            return false;
        }
        int before = Ascii.lastNonSpace(b, off, i);
        if (before >= 0 && b[before] == '}' && statementBlock(b, off, before)) {
            return true;
        }
        int q = Ascii.skipSpace(b, p + 1, end);
        int r = Ascii.wordEnd(b, q, end);
        boolean forever = r - q == 4 && Ascii.startsWithExact(b, q, end, TRUE)
                || r - q == 1 && b[q] == '1';
        int close = Ascii.skipSpace(b, r, end);
        return forever && close < end && b[close] == ')';
    }

    /** Whether the block closed at {@code close} holds a statement ({@code =}, {@code ;} or a call), not a word. */
    private static boolean statementBlock(byte[] b, int off, int close) {
        for (int k = close - 1; k >= off && b[k] != '{'; k--) {
            if (b[k] == '=' || b[k] == ';' || b[k] == '(') {
                return true;
            }
        }
        return false;
    }

    /** {@code return true} or {@code return 1} at {@code i} (after a {@code ;}). */
    private static boolean returnsTrue(byte[] b, int i, int end) {
        if (!Ascii.startsWithExact(b, i, end, RETURN)) {
            return false;
        }
        int v = i + RETURN.length;
        if (v >= end || !Ascii.isSpace(b[v] & 0xFF)) {
            return false;
        }
        v = Ascii.skipSpace(b, v, end);
        int e = Ascii.wordEnd(b, v, end);
        return e - v == 4 && Ascii.startsWithExact(b, v, end, TRUE) || e - v == 1 && b[v] == '1';
    }
}

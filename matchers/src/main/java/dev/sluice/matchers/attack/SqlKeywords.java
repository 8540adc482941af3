package dev.sluice.matchers.attack;

/**
 * The SQL vocabulary the tokenizer recognises: each word maps to a {@link SqlTokenKind} and a
 * small id ({@code code = kind.ordinal() << 8 | id}). Covers the dialects attackers target
 * (MySQL, PostgreSQL, SQL Server, Oracle, SQLite); ids matter only where a rule tests them.
 */
final class SqlKeywords {
    // STATEMENT ids
    static final int DROP = 1;
    static final int DELETE = 2;
    static final int INSERT = 3;
    static final int UPDATE = 4;
    static final int DECLARE = 5;
    static final int EXEC = 6;
    static final int SHUTDOWN = 7;
    static final int CREATE = 8;
    static final int ALTER = 9;
    static final int TRUNCATE = 10;
    static final int WAITFOR = 11;
    static final int SET = 12;
    static final int GRANT = 13;
    static final int REPLACE = 14;
    // KEYWORD ids
    static final int OBJECT_NOUN = 1;
    static final int INTO = 2;
    static final int DELAY = 3;
    static final int ORDER = 4;
    static final int GROUP = 5;
    static final int BY = 6;
    static final int ALL = 7;
    static final int LIMIT = 8;
    static final int OUTFILE = 9;
    static final int JOIN = 10;
    static final int PROCEDURE = 11;
    static final int OTHER = 12;
    static final int HAVING = 13;
    static final int WHERE = 14;
    static final int CASE = 15;
    // TIME_FUNCTION ids
    static final int SLEEP = 1;
    static final int BENCHMARK = 2;
    static final int ERROR_FUNCTION = 3;
    // FUNCTION ids
    static final int CHAR = 1;
    static final int CONCAT = 2;
    static final int GROUP_CONCAT = 3;
    static final int GENERIC = 4;
    // SYSTEM_OBJECT ids
    static final int ALWAYS = 1;
    static final int IN_CONTEXT = 2;

    static final WordTable TABLE;

    static {
        java.util.List<String> words = new java.util.ArrayList<>();
        java.util.List<Integer> codes = new java.util.ArrayList<>();
        java.util.function.BiConsumer<SqlTokenKind, Object[]> add = (kind, pairs) -> {
            for (int i = 0; i < pairs.length; i += 2) {
                words.add((String) pairs[i]);
                codes.add(kind.ordinal() << 8 | (Integer) pairs[i + 1]);
            }
        };
        add.accept(SqlTokenKind.UNION, new Object[] {"union", 1});
        add.accept(SqlTokenKind.SELECT, new Object[] {"select", 1});
        add.accept(SqlTokenKind.FROM, new Object[] {"from", 1});
        add.accept(SqlTokenKind.LOGIC, new Object[] {"and", 1, "or", 2, "xor", 3});
        add.accept(SqlTokenKind.NOT, new Object[] {"not", 1});
        add.accept(SqlTokenKind.OPERATOR, new Object[] {"div", 1, "mod", 2});
        add.accept(SqlTokenKind.COMPARE, new Object[] {"like", 1, "rlike", 2, "regexp", 3, "is", 4, "in", 5,
            "between", 6, "sounds", 7, "ilike", 8, "glob", 9});
        add.accept(SqlTokenKind.CONSTANT, new Object[] {"true", 1, "false", 2, "null", 3});
        add.accept(SqlTokenKind.STATEMENT, new Object[] {"drop", DROP, "delete", DELETE, "insert", INSERT,
            "update", UPDATE, "declare", DECLARE, "exec", EXEC, "execute", EXEC, "shutdown", SHUTDOWN,
            "create", CREATE, "alter", ALTER, "truncate", TRUNCATE, "waitfor", WAITFOR, "set", SET,
            "grant", GRANT, "replace", REPLACE});
        add.accept(SqlTokenKind.KEYWORD, new Object[] {"table", OBJECT_NOUN, "database", OBJECT_NOUN,
            "schema", OBJECT_NOUN, "user", OBJECT_NOUN, "view", OBJECT_NOUN, "function", OBJECT_NOUN,
            "index", OBJECT_NOUN, "login", OBJECT_NOUN, "trigger", OBJECT_NOUN,
            "into", INTO, "delay", DELAY, "time", DELAY, "order", ORDER, "group", GROUP, "by", BY,
            "all", ALL, "distinct", ALL, "limit", LIMIT, "outfile", OUTFILE, "dumpfile", OUTFILE,
            "join", JOIN, "procedure", PROCEDURE, "having", HAVING, "where", WHERE, "values", OTHER,
            "case", CASE, "when", OTHER, "then", OTHER, "else", OTHER, "end", OTHER, "as", OTHER,
            "top", OTHER, "offset", OTHER, "collate", OTHER, "escape", OTHER});
        add.accept(SqlTokenKind.TIME_FUNCTION, new Object[] {"sleep", SLEEP, "pg_sleep", SLEEP,
            "benchmark", BENCHMARK, "extractvalue", ERROR_FUNCTION, "updatexml", ERROR_FUNCTION,
            "load_file", ERROR_FUNCTION, "receive_message", ERROR_FUNCTION, "get_host_address", ERROR_FUNCTION,
            "xp_dirtree", ERROR_FUNCTION, "gtid_subset", ERROR_FUNCTION, "pg_read_file", ERROR_FUNCTION,
            "randomblob", SLEEP, "dbms_lock", ERROR_FUNCTION});
        add.accept(SqlTokenKind.FUNCTION, new Object[] {"char", CHAR, "chr", CHAR, "nchar", CHAR,
            "concat", CONCAT, "concat_ws", CONCAT, "group_concat", GROUP_CONCAT, "string_agg", GROUP_CONCAT,
            "unhex", GENERIC, "hex", GENERIC, "ascii", GENERIC, "ord", GENERIC, "substring", GENERIC,
            "substr", GENERIC, "mid", GENERIC, "cast", GENERIC, "convert", GENERIC, "version", GENERIC,
            "count", GENERIC, "if", GENERIC, "ifnull", GENERIC, "isnull", GENERIC, "coalesce", GENERIC,
            "length", GENERIC, "len", GENERIC, "lower", GENERIC, "upper", GENERIC, "md5", GENERIC,
            "sha1", GENERIC, "rand", GENERIC, "floor", GENERIC, "exp", GENERIC, "json_extract", GENERIC,
            "json_depth", GENERIC, "json_keys", GENERIC, "elt", GENERIC, "make_set", GENERIC,
            "name_const", GENERIC, "current_database", GENERIC, "system_user", GENERIC, "session_user",
            GENERIC, "current_user", GENERIC, "now", GENERIC, "sysdate", GENERIC, "exists", GENERIC,
            "iif", GENERIC, "nullif", GENERIC, "instr", GENERIC, "locate", GENERIC, "reverse", GENERIC,
            "trim", GENERIC, "sum", GENERIC, "min", GENERIC, "max", GENERIC, "avg", GENERIC,
            "sqlite_version", GENERIC, "row", GENERIC, "left", GENERIC, "right", GENERIC,
            "schema_name", GENERIC, "db_name", GENERIC, "user_name", GENERIC});
        add.accept(SqlTokenKind.SYSTEM_OBJECT, new Object[] {"information_schema", IN_CONTEXT,
            "sysobjects", IN_CONTEXT, "syscolumns", IN_CONTEXT, "sysdatabases", IN_CONTEXT,
            "sysusers", IN_CONTEXT, "pg_catalog", IN_CONTEXT, "pg_tables", IN_CONTEXT, "pg_shadow", IN_CONTEXT,
            "pg_user", IN_CONTEXT, "pg_database", IN_CONTEXT, "sqlite_master", IN_CONTEXT,
            "sqlite_schema", IN_CONTEXT, "msysobjects", IN_CONTEXT, "all_tables", IN_CONTEXT,
            "user_tables", IN_CONTEXT, "dba_users", IN_CONTEXT, "all_users", IN_CONTEXT,
            "dual", IN_CONTEXT, "master", IN_CONTEXT, "mysql", IN_CONTEXT,
            "xp_cmdshell", ALWAYS, "sp_executesql", ALWAYS, "sp_oacreate", ALWAYS, "sp_makewebtask", ALWAYS,
            "sp_configure", ALWAYS, "xp_regread", ALWAYS, "sp_addlogin", ALWAYS, "xp_servicecontrol", ALWAYS,
            "sp_password", ALWAYS});
        int[] c = new int[codes.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = codes.get(i);
        }
        TABLE = WordTable.of(words.toArray(new String[0]), c);
    }

    private SqlKeywords() {
    }
}

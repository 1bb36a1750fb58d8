package io.jvalkey.server.propagation;

import static java.nio.charset.StandardCharsets.US_ASCII;

/** Command names and option words that rewritten records use, allocated once. */
public final class Verbs {
    private Verbs() {}

    public static final byte[] SET = b("SET");
    public static final byte[] PXAT = b("PXAT");
    public static final byte[] KEEPTTL = b("KEEPTTL");
    public static final byte[] PEXPIREAT = b("PEXPIREAT");
    public static final byte[] PERSIST = b("PERSIST");
    public static final byte[] DEL = Propagation.DEL;
    public static final byte[] UNLINK = Propagation.UNLINK;
    public static final byte[] HSET = b("HSET");
    public static final byte[] HDEL = b("HDEL");
    public static final byte[] HPEXPIREAT = b("HPEXPIREAT");
    public static final byte[] HPERSIST = b("HPERSIST");
    public static final byte[] SREM = b("SREM");
    public static final byte[] LPOP = b("LPOP");
    public static final byte[] RPOP = b("RPOP");
    public static final byte[] LMOVE = b("LMOVE");
    public static final byte[] RPOPLPUSH = b("RPOPLPUSH");
    public static final byte[] LMPOP = b("LMPOP");
    public static final byte[] ZPOPMIN = b("ZPOPMIN");
    public static final byte[] ZPOPMAX = b("ZPOPMAX");
    public static final byte[] ZMPOP = b("ZMPOP");
    public static final byte[] XCLAIM = b("XCLAIM");
    public static final byte[] XGROUP = b("XGROUP");
    public static final byte[] SETID = b("SETID");
    public static final byte[] CREATECONSUMER = b("CREATECONSUMER");
    public static final byte[] ENTRIESREAD = b("ENTRIESREAD");
    public static final byte[] TIME = b("TIME");
    public static final byte[] RETRYCOUNT = b("RETRYCOUNT");
    public static final byte[] FORCE = b("FORCE");
    public static final byte[] JUSTID = b("JUSTID");
    public static final byte[] LASTID = b("LASTID");
    public static final byte[] ZERO = b("0");
    public static final byte[] EQUALS = b("=");

    /** A number as its decimal text. */
    public static byte[] num(long v) {
        return Long.toString(v).getBytes(US_ASCII);
    }

    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }
}

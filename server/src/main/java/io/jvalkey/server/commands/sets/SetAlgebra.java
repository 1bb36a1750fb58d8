package io.jvalkey.server.commands.sets;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.EncodingLimits;
import io.jvalkey.server.types.set.SetValue;
import io.jvalkey.server.types.set.SetValue.Encoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SINTER SINTERCARD SUNION SDIFF, their STORE variants and SMEMBERS. Missing keys are empty
 * sets. Results are built the way Valkey builds them, member by member into a set that starts
 * in a fixed encoding, so a stored result ends in the encoding Valkey would give it.
 */
final class SetAlgebra {
    private SetAlgebra() {}

    static void sinter(CommandContext c) {
        inter(c, 1, c.argc() - 1, null, false, 0);
    }

    static void sinterstore(CommandContext c) {
        inter(c, 2, c.argc() - 2, c.arg(1), false, 0);
    }

    static void sintercard(CommandContext c) {
        long numkeys = SetCommands.rangeArg(c, 1, 1, Long.MAX_VALUE, "ERR numkeys should be greater than 0");
        if (numkeys > c.argc() - 2) {
            throw new CommandError("ERR Number of keys can't be greater than number of args");
        }
        long limit = 0;
        for (int i = 2 + (int) numkeys; i < c.argc(); i++) {
            if (c.option(i).equals("limit") && i + 1 < c.argc()) {
                limit = SetCommands.rangeArg(c, ++i, 0, Long.MAX_VALUE, "ERR LIMIT can't be negative");
            } else {
                throw CommandError.SYNTAX;
            }
        }
        inter(c, 2, (int) numkeys, null, true, limit);
    }

    static void sunion(CommandContext c) {
        unionDiff(c, 1, null, false);
    }

    static void sunionstore(CommandContext c) {
        unionDiff(c, 2, c.arg(1), false);
    }

    static void sdiff(CommandContext c) {
        unionDiff(c, 1, null, true);
    }

    static void sdiffstore(CommandContext c) {
        unionDiff(c, 2, c.arg(1), true);
    }

    /** The sets of {@code n} keys from argument {@code from}; missing keys are null. */
    private static SetValue[] lookup(CommandContext c, int from, int n) {
        SetValue[] sets = new SetValue[n];
        for (int i = 0; i < n; i++) {
            sets[i] = SetCommands.readSet(c, c.arg(from + i));
        }
        return sets;
    }

    private static void inter(CommandContext c, int from, int n, byte[] dstKey, boolean cardOnly, long limit) {
        SetValue[] sets = lookup(c, from, n);
        for (SetValue s : sets) {
            if (s == null) {
                // Intersecting with an empty set: nothing.
                if (dstKey != null) {
                    deleteDestination(c, dstKey);
                    c.reply().integer(0);
                } else if (cardOnly) {
                    c.reply().integer(0);
                } else {
                    c.reply().set(0);
                }
                return;
            }
        }
        Arrays.sort(sets, Comparator.comparingInt(SetValue::size));
        SetValue first = sets[0];
        EncodingLimits limits = c.encodings();
        SetValue dst = null;
        List<byte[]> found = null;
        if (dstKey != null) {
            dst = SetValue.empty(first.encodingKind() == Encoding.INTSET ? Encoding.INTSET : Encoding.LISTPACK);
        } else if (!cardOnly) {
            found = new ArrayList<>();
        }
        boolean onlyIntegers = true;
        long cardinality = 0;
        int size = first.size();
        for (int i = 0; i < size; i++) {
            byte[] m = first.memberAt(i);
            if (!inAllOthers(sets, m)) {
                continue;
            }
            if (cardOnly) {
                cardinality++;
                if (limit > 0 && cardinality >= limit) {
                    break;
                }
            } else if (dst == null) {
                found.add(m);
            } else {
                if (onlyIntegers && !Numbers.isCanonicalLong(m)) {
                    onlyIntegers = false;
                }
                dst.add(m, limits);
            }
        }
        if (cardOnly) {
            c.reply().integer(cardinality);
        } else if (dst == null) {
            c.reply().set(found.size());
            for (byte[] m : found) {
                c.reply().bulk(m);
            }
        } else if (dst.size() > 0) {
            if (onlyIntegers) {
                dst.maybeConvertToIntset(limits);
            }
            store(c, dstKey, dst, "sinterstore");
        } else {
            c.reply().integer(0);
            deleteDestination(c, dstKey);
        }
    }

    private static boolean inAllOthers(SetValue[] sets, byte[] m) {
        for (int j = 1; j < sets.length; j++) {
            if (sets[j] != sets[0] && !sets[j].contains(m)) {
                return false;
            }
        }
        return true;
    }

    private static void unionDiff(CommandContext c, int from, byte[] dstKey, boolean diff) {
        SetValue[] sets = lookup(c, from, c.argc() - from);
        EncodingLimits limits = c.encodings();
        SetValue result = diff ? difference(sets, dstKey == null, limits) : union(sets, dstKey == null, limits);
        if (dstKey == null) {
            replyMembers(c.reply(), result);
        } else if (result.size() > 0) {
            store(c, dstKey, result, diff ? "sdiffstore" : "sunionstore");
        } else {
            c.reply().integer(0);
            deleteDestination(c, dstKey);
        }
    }

    /**
     * The set a union or difference is collected in: an intset when storing or when every input
     * is one, else a hashtable (Valkey's choice, which decides a stored result's encoding).
     */
    private static SetValue collector(SetValue[] sets, boolean forReply) {
        if (forReply) {
            for (SetValue s : sets) {
                if (s != null && s.encodingKind() != Encoding.INTSET) {
                    return SetValue.empty(Encoding.HASHTABLE);
                }
            }
        }
        return SetValue.empty(Encoding.INTSET);
    }

    static SetValue union(SetValue[] sets, boolean forReply, EncodingLimits limits) {
        SetValue out = collector(sets, forReply);
        for (SetValue s : sets) {
            if (s != null) {
                int n = s.size();
                for (int i = 0; i < n; i++) {
                    out.add(s.memberAt(i), limits);
                }
            }
        }
        return out;
    }

    private static SetValue difference(SetValue[] sets, boolean forReply, EncodingLimits limits) {
        SetValue out = collector(sets, forReply);
        SetValue first = sets[0];
        if (first == null) {
            return out;
        }
        for (int j = 1; j < sets.length; j++) {
            if (sets[j] == first) {
                return out; // a set minus itself
            }
        }
        // Valkey's choice of algorithm: it shows in the stored result's encoding, so it is kept.
        long oneWork = 0;
        long twoWork = 0;
        for (SetValue s : sets) {
            if (s != null) {
                oneWork += first.size();
                twoWork += s.size();
            }
        }
        oneWork /= 2;
        if (oneWork <= twoWork) {
            // Members of the first set found in no other, checking the larger sets first.
            SetValue[] others = Arrays.copyOfRange(sets, 1, sets.length);
            Arrays.sort(others, Comparator.comparingInt((SetValue s) -> s == null ? 0 : s.size()).reversed());
            int n = first.size();
            for (int i = 0; i < n; i++) {
                byte[] m = first.memberAt(i);
                boolean elsewhere = false;
                for (SetValue o : others) {
                    if (o != null && o.contains(m)) {
                        elsewhere = true;
                        break;
                    }
                }
                if (!elsewhere) {
                    out.add(m, limits);
                }
            }
        } else {
            // All of the first set, minus everything in the others.
            for (int j = 0; j < sets.length && (j == 0 || out.size() > 0); j++) {
                SetValue s = sets[j];
                if (s == null) {
                    continue;
                }
                int n = s.size();
                for (int i = 0; i < n; i++) {
                    if (j == 0) {
                        out.add(s.memberAt(i), limits);
                    } else {
                        out.remove(s.memberAt(i));
                    }
                }
            }
        }
        return out;
    }

    /** A set-typed reply of every member. */
    static void replyMembers(Reply r, SetValue set) {
        r.set(set.size());
        set.forEach(r::bulk);
    }

    /** Stores a non-empty result over whatever the key held (dropping its TTL) and replies its size. */
    private static void store(CommandContext c, byte[] dstKey, SetValue result, String event) {
        c.db().set(dstKey, result, -1);
        c.signalModifiedKey(dstKey);
        c.reply().integer(result.size());
        c.notifyKeyspaceEvent(Notify.SET, event, dstKey);
    }

    /** An empty result deletes the destination, as an overwrite with nothing. */
    private static void deleteDestination(CommandContext c, byte[] dstKey) {
        Db db = c.db();
        if (db.delete(dstKey)) {
            c.signalModifiedKey(dstKey);
            c.notifyKeyspaceEvent(Notify.GENERIC, "del", dstKey);
        }
    }
}

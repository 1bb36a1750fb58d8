/**
 * The propagation stream: the deterministic effect of every write, in order, for the AOF and
 * (later) replication. Valkey's rules, as its call() and the commands apply them:
 *
 * <ul>
 *   <li><b>What counts as a change.</b> Each running command has a change count (Valkey's
 *       {@code server.dirty} delta): handlers add to it with {@code c.dirty(n)}; a handler that
 *       does not count gets one per {@code signalModifiedKey}. INFO's rdb_changes_since_last_save
 *       (and so the save points) is the sum. A command that changed nothing is not propagated
 *       (SET NX that did nothing, DEL of missing keys) unless it forces it (FLUSHALL).</li>
 *   <li><b>What is propagated.</b> By default the command's argv; handlers replace it
 *       ({@code c.rewriteArgv}, {@code c.rewriteArg}: SET EX -> SET PXAT, EXPIRE -> PEXPIREAT,
 *       SPOP -> SREM, INCRBYFLOAT -> SET KEEPTTL, BLPOP -> LPOP, XADD * -> the generated ID ...),
 *       add records before it ({@code c.propagate}: XREADGROUP's XCLAIMs) and suppress it
 *       ({@code c.preventPropagation}). Keys deleted because they expired (lazily in a command or
 *       by the active cycle) or were evicted become DEL or UNLINK (lazyfree-lazy-expire /
 *       -eviction, UNLINK by default as Valkey 8).</li>
 *   <li><b>Units.</b> The records of one top-level command (EXEC with its commands, a command
 *       plus the expiry deletions it caused) form a unit, wrapped in MULTI ... EXEC when it has
 *       more than one record (not for SCAN/KEYS/RANDOMKEY, whose expiry deletions go alone).
 *       A multi-shard command runs once, on one thread, and is one record.</li>
 * </ul>
 *
 * <p>Each worker thread keeps its unit in a reusable {@link io.jvalkey.server.propagation.PropagationUnit}
 * (no allocation per command; with nobody subscribed the checks are a volatile read) and
 * appends finished units to one agrona many-to-one ring buffer
 * ({@link io.jvalkey.server.propagation.PropagationStream}); a single drain thread hands the
 * records to the subscribers ({@link io.jvalkey.server.propagation.StreamSubscriber}: the AOF
 * writer, SYNC taps), which emit SELECT whenever a record's database differs from the last one
 * they sent. Units of different shards interleave only between units, and units touching the
 * same key come from the same thread or from a barrier that parked the others, so the order of
 * the ring is an order the data agrees with.
 */
package io.jvalkey.server.propagation;

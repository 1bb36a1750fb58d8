/**
 * jvalkey's server: network, protocol, commands, keyspace, config.
 *
 * <h2>Design notes (kept true to the code; see also the project's DESIGN.md)</h2>
 *
 * <p><b>Request path.</b> {@code net} (Netty bootstrap, one {@code Connection} per socket) ->
 * {@code protocol} (incremental RESP2/inline decoder, RESP2/RESP3 reply writer) -> {@code command}
 * (the declared command table, pre-run checks, the run with its statistics) -> {@code commands.<family>}
 * (handlers) -> {@code keyspace} (shards, per-slot tables, expiry, eviction).
 *
 * <p><b>Threads.</b> N event loops, N shards; loop i owns shard i, which holds the slots s with
 * s mod N == i. A connection stays on the loop that accepted it. For each request it decides:
 * <ul>
 *   <li>no keys (connection and server state): run on the connection's loop;</li>
 *   <li>all keys on one shard: run inline if it is the connection's own shard, otherwise hand the request,
 *       together with the following requests for the same shard, to that shard's loop as one task; the
 *       replies come back in one buffer;</li>
 *   <li>keys on several shards or the whole keyspace: the {@code keyspace.ShardBarrier} parks the other
 *       loops, the command runs on the connection's loop over all shards' tables, then they resume.
 *       One barrier command runs at a time, so loops never wait on each other in a cycle; a loop that
 *       finds the barrier busy re-queues the request instead of waiting.</li>
 * </ul>
 * Requests of one connection run strictly in order (parsing pauses while a hand-off is out), so every
 * outcome is one Valkey could produce, even for pipelines that touch several shards. This is a deliberate
 * choice over executing a pipeline's commands for different shards in parallel ("pipeline squashing").
 * Squashing was built and measured: about 20% more SET/GET throughput at -P 16 with two shards, but
 * another client could then see a later write before an earlier one, e.g. a pipelined
 * {@code SET job:7 ...; LPUSH jobs 7} could wake a consumer that then finds no {@code job:7}.
 *
 * <p><b>Parking is the one place an event loop waits.</b> It lasts only while a multi-shard command
 * runs, which in cluster mode never happens (keys of one command share a slot).
 *
 * <p><b>Values.</b> Keys and string values are {@code byte[]} and are never mutated once stored, so a
 * reply can be encoded from them on any thread. Each key is one {@code keyspace.Entry} node (24 bytes with
 * compact object headers; 32 with a TTL). Other types live in {@code types.<type>}; their large encodings
 * keep elements in parallel arrays ({@code types.BytesTable}) rather than one object per element.
 *
 * <p><b>Routing by keys.</b> Key positions come from the command table: first/last/step, or the key specs
 * for commands whose keys move (a key count, a keyword). EXEC routes by the keys of the queued commands
 * and the WATCHed keys, so a transaction runs on one shard or at the barrier, atomically either way.
 *
 * <p><b>Blocking commands</b> (BLPOP, BZPOPMIN, XREAD BLOCK ...) follow Valkey 7's re-run model. A command
 * that cannot be served asks to block; its connection writes out what came before, lends its output buffer
 * and registers a {@code net.Waiter} in the queues ({@code keyspace.BlockedKeys}) of the shards owning the
 * keys. Creating, retyping or deleting a waited-on key marks it ready; after each command the shard's own
 * thread re-runs the waiters of its ready keys, first blocked first, in place when all their keys are on
 * that shard. Whoever moves a waiter out of WAITING first (a shard, the timeout, CLIENT UNBLOCK, the
 * disconnect) answers it, so no lock is needed.
 */
package io.jvalkey.server;

package io.jvalkey.server.net;

/** Connection limits from config, read on every request (volatile, written by CONFIG SET). */
public final class NetLimits {
    public volatile long protoMaxBulkLen = 512L * 1024 * 1024;
    public volatile long clientQueryBufferLimit = 1024L * 1024 * 1024;
    public volatile int maxClients = 10000;
    public volatile long timeoutMillis;
    // client-output-buffer-limit for the pubsub class (bytes, bytes, seconds; 0 = no limit).
    public volatile long pubsubHard = 32L * 1024 * 1024;
    public volatile long pubsubSoft = 8L * 1024 * 1024;
    public volatile long pubsubSoftSeconds = 60;
}

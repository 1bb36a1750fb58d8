package io.jvalkey.server.types.stream;

/** A pending (delivered, not yet acknowledged) entry of a consumer group. */
public final class Nack {
    long deliveryTime;
    long deliveryCount;
    Consumer consumer;

    Nack(long deliveryTime, long deliveryCount, Consumer consumer) {
        this.deliveryTime = deliveryTime;
        this.deliveryCount = deliveryCount;
        this.consumer = consumer;
    }

    public long deliveryTime() {
        return deliveryTime;
    }

    public void deliveryTime(long t) {
        deliveryTime = t;
    }

    public long deliveryCount() {
        return deliveryCount;
    }

    public void deliveryCount(long n) {
        deliveryCount = n;
    }

    /** The consumer it was last delivered to; null only briefly for an XCLAIM FORCE creation. */
    public Consumer consumer() {
        return consumer;
    }
}

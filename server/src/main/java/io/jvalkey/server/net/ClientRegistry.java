package io.jvalkey.server.net;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Every connected client, the MONITOR listeners and the CLIENT PAUSE state. */
public final class ClientRegistry {
    private final ConcurrentHashMap<Long, Client> clients = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final List<Client> monitors = new CopyOnWriteArrayList<>();
    private volatile long pauseEndMillis;
    private volatile boolean pauseAll;
    private final List<java.util.function.Consumer<Client>> closeListeners = new CopyOnWriteArrayList<>();

    public long nextId() {
        return nextId.getAndIncrement();
    }

    public void add(Client c) {
        clients.put(c.id(), c);
    }

    /** Removes a client whose connection closed; runs on its home thread. */
    public void remove(Client c) {
        clients.remove(c.id());
        monitors.remove(c);
        for (var l : closeListeners) {
            l.accept(c);
        }
    }

    /** Called on a closed client's home thread (pub/sub and tracking drop its state). */
    public void onClose(java.util.function.Consumer<Client> listener) {
        closeListeners.add(listener);
    }

    public int count() {
        return clients.size();
    }

    public Collection<Client> all() {
        return clients.values();
    }

    public Client byId(long id) {
        return clients.get(id);
    }

    public List<Client> monitors() {
        return monitors;
    }

    /** RESET of a monitoring client: it stops monitoring and stays connected. */
    public void removeMonitor(Client c) {
        monitors.remove(c);
        c.monitor(false);
    }

    public void addMonitor(Client c) {
        c.monitor(true);
        monitors.add(c);
    }

    /** CLIENT PAUSE: until {@code endMillis}, write commands (or all commands) wait. */
    public void pause(long endMillis, boolean all) {
        // A later pause never shortens or weakens an earlier one, as in Valkey.
        if (endMillis > pauseEndMillis) {
            pauseEndMillis = endMillis;
        }
        pauseAll = pauseAll && System.currentTimeMillis() < pauseEndMillis || all;
    }

    public void unpause() {
        pauseEndMillis = 0;
        pauseAll = false;
    }

    /** Milliseconds a command must still wait, 0 if it may run now. */
    public long pausedFor(boolean isWrite) {
        long end = pauseEndMillis;
        if (end == 0) {
            return 0;
        }
        long left = end - System.currentTimeMillis();
        if (left <= 0) {
            return 0;
        }
        return pauseAll || isWrite ? left : 0;
    }

    public boolean paused() {
        return pauseEndMillis > System.currentTimeMillis();
    }
}

package dev.hearth.local.testing;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for the first item that matches among those a test client has collected so far. */
final class Poll {

    private Poll() {
    }

    static <T> T first(Supplier<List<T>> items, Predicate<T> match, Duration timeout, Supplier<String> whatArrived) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (T item : items.get()) {
                if (match.test(item)) {
                    return item;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("nothing matching arrived within " + timeout + "; " + whatArrived.get());
    }
}

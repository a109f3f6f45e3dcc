package dev.walrusstream.sink.internal;

import java.time.Duration;

/** Waits between retries; tests replace it to run retry loops without real time passing. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
}

package dev.sagaref.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs calls on several threads at once, for tests of what concurrent transactions may and may not do. */
public final class Concurrently {

    private Concurrently() {}

    /** Runs every call, {@code threads} at a time, and returns their results in the order of the calls. */
    public static <T> List<T> callAll(int threads, List<Callable<T>> calls)
            throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<T> results = new ArrayList<>(calls.size());
            for (Future<T> result : pool.invokeAll(calls)) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

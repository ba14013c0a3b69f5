package io.seqgate.devstack.probe;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures how seqgate's HTTP API answers hostile or heavy clients: answer times (p50, p99) of the
 * health checks and of object queries, and the statuses seen, for a quiet baseline, while sockets
 * stall in the middle of a request on one instance, and under many concurrent clients spread over
 * the instances. Object queries go to every instance in turn, so most are forwarded to the owner.
 */
public final class HttpProbe {

    /** How long one answer may take before the probe counts it as failed (status 0). */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

    private final List<URI> instances;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /**
     * @param instances base URLs of the instances, e.g. {@code http://127.0.0.1:8080}
     * @param token     the bearer token, or null
     */
    public HttpProbe(List<URI> instances, String token) {
        this.instances = List.copyOf(instances);
        this.token = token;
    }

    /**
     * One scenario's figures. Latencies in nanoseconds; status 0 counts answers that never came;
     * {@code staleObjectAnswers} counts object answers a standby gave ({@code "stale":true}) because
     * the owner did not answer in time.
     */
    public record Result(
            String scenario,
            List<Long> objectNanos,
            List<Long> healthNanos,
            Map<Integer, Integer> objectStatuses,
            Map<Integer, Integer> healthStatuses,
            int staleObjectAnswers,
            Duration wall) {

        public double objectMillis(double quantile) {
            return quantileMillis(objectNanos, quantile);
        }

        public double healthMillis(double quantile) {
            return quantileMillis(healthNanos, quantile);
        }

        private static double quantileMillis(List<Long> nanos, double quantile) {
            if (nanos.isEmpty()) {
                return Double.NaN;
            }
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            int index = (int) Math.ceil(quantile * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
        }
    }

    /** Sequential object queries and health checks, nothing else going on. */
    public Result baseline(List<String> objectPaths, int requests) {
        return sequential("quiet (1 client)", objectPaths, requests);
    }

    /**
     * Opens {@code sockets} connections to the first instance that each send one byte of a request
     * and then nothing, and while they stall, queries as {@link #baseline} does.
     */
    public Result stalled(int sockets, List<String> objectPaths, int requests) throws IOException {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < sockets; i++) {
                Socket socket =
                        new Socket(instances.get(0).getHost(), instances.get(0).getPort());
                socket.getOutputStream().write('G');
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            return sequential(sockets + " sockets stalled mid-request on one instance", objectPaths, requests);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    private Result sequential(String name, List<String> objectPaths, int requests) {
        Tally objects = new Tally();
        Tally health = new Tally();
        long started = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            URI instance = instances.get(i % instances.size());
            objects.add(get(instance, objectPaths.get(i % objectPaths.size()), true));
            health.add(get(instances.get(0), i % 2 == 0 ? "/health/live" : "/health/ready", false));
        }
        return new Result(
                name,
                objects.nanos,
                health.nanos,
                objects.statuses,
                health.statuses,
                objects.stale.get(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * {@code clients} threads each send {@code perClient} object queries one after another, to the
     * instances in turn; meanwhile one more client checks health on the first instance, one check
     * after another, until they are done.
     */
    public Result concurrent(int clients, int perClient, List<String> objectPaths) throws InterruptedException {
        Tally objects = new Tally();
        Tally health = new Tally();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
        try {
            Future<?> checker = pool.submit(() -> {
                int i = 0;
                while (running.get()) {
                    health.add(get(instances.get(0), i++ % 2 == 0 ? "/health/live" : "/health/ready", false));
                }
            });
            long started = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int r = 0; r < perClient; r++) {
                        int n = next.getAndIncrement();
                        objects.add(get(
                                instances.get(n % instances.size()), objectPaths.get(n % objectPaths.size()), true));
                    }
                }));
            }
            for (Future<?> worker : workers) {
                join(worker);
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            running.set(false);
            join(checker);
            return new Result(
                    clients + " concurrent clients over " + instances.size() + " instances",
                    objects.nanos,
                    health.nanos,
                    objects.statuses,
                    health.statuses,
                    objects.stale.get(),
                    wall);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void join(Future<?> future) throws InterruptedException {
        try {
            future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a probe client failed", e.getCause());
        }
    }

    /** One answer: its status (0 when none came), how long it took, and whether a standby gave it. */
    private record Answer(int status, long nanos, boolean stale) {}

    private Answer get(URI instance, String path, boolean withToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(instance.resolve(path))
                .timeout(ANSWER_TIMEOUT)
                .GET();
        if (withToken && token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    System.nanoTime() - started,
                    response.body().contains("\"stale\":true"));
        } catch (IOException e) {
            return new Answer(0, System.nanoTime() - started, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, System.nanoTime() - started, false);
        }
    }

    /** Latencies and status counts, added to from many threads. */
    private static final class Tally {
        final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        final AtomicInteger stale = new AtomicInteger();

        void add(Answer answer) {
            nanos.add(answer.nanos());
            if (answer.stale()) {
                stale.incrementAndGet();
            }
            statuses.merge(answer.status(), 1, Integer::sum);
        }
    }

    /** The results as a Markdown table, one row per scenario. */
    public static String table(List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append(
                "| what was done to it | object answers | stale (standby) answers | object p50 / p99 | health checks | health p50 / p99 | wall time |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            out.append("| ")
                    .append(r.scenario())
                    .append(" | ")
                    .append(r.objectNanos().size())
                    .append(" (")
                    .append(statuses(r.objectStatuses()))
                    .append(")")
                    .append(" | ")
                    .append(r.staleObjectAnswers())
                    .append(" | ")
                    .append(ms(r.objectMillis(0.5)))
                    .append(" / ")
                    .append(ms(r.objectMillis(0.99)))
                    .append(" | ")
                    .append(r.healthNanos().size())
                    .append(" (")
                    .append(statuses(r.healthStatuses()))
                    .append(")")
                    .append(" | ")
                    .append(ms(r.healthMillis(0.5)))
                    .append(" / ")
                    .append(ms(r.healthMillis(0.99)))
                    .append(" | ")
                    .append(String.format("%.2f s", r.wall().toMillis() / 1000.0))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String statuses(Map<Integer, Integer> counts) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(counts)
                .forEach((status, n) -> out.append(out.isEmpty() ? "" : ", ")
                        .append(status == 0 ? "no answer" : status)
                        .append(": ")
                        .append(n));
        return out.toString();
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "-" : String.format("%.1f ms", millis);
    }
}

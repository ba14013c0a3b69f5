package io.seqgate.query;

import io.seqgate.config.HttpSettings;
import io.seqgate.event.LogSafe;
import io.seqgate.streams.ObjectState;
import io.seqgate.streams.PendingWork;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers state queries for the whole application from any instance: locally when this instance
 * owns the partition, otherwise from the owner named by Streams metadata, and from a standby replica
 * (flagged stale) when the owner cannot be reached. A forwarded request is always answered here.
 */
public final class StateQueries implements Queries {

    private static final Logger LOG = LoggerFactory.getLogger(StateQueries.class);

    private final StateLookup lookup;
    private final Peers peers;
    private final HostInfo self;
    private final String instanceId;
    private final int partitions;

    /**
     * @param self       this instance's {@code application.server}
     * @param partitions the input topic's (and so the store's) partition count
     */
    StateQueries(StateLookup lookup, Peers peers, HostInfo self, String instanceId, int partitions) {
        this.lookup = lookup;
        this.peers = peers;
        this.self = self;
        this.instanceId = instanceId;
        this.partitions = partitions;
    }

    /** @param http the token sent to other instances, and the secret forwarded requests are signed with */
    public static StateQueries create(
            StateLookup lookup, HostInfo self, HttpSettings http, String instanceId, int partitions) {
        Peers peers = new Peers(
                self.host() + ":" + self.port(),
                http.bearerToken(),
                new ForwardingMarker(http.markerSecret()),
                http.maxQueries(),
                http.idleTimeout());
        return new StateQueries(lookup, peers, self, instanceId, partitions);
    }

    /**
     * Resolves the hosts Streams names (the JVM caches name lookups, 30 s by default) and compares
     * addresses; an instance reached through a proxy or NAT is not recognised, which is why
     * {@code SEQGATE_HTTP_PEER_SECRET} exists.
     */
    @Override
    public boolean isPeer(InetAddress address) {
        for (StreamsMetadata instance : lookup.instances()) {
            try {
                for (InetAddress known : InetAddress.getAllByName(instance.host())) {
                    if (known.equals(address)) {
                        return true;
                    }
                }
            } catch (UnknownHostException e) {
                LOG.debug("Instance host {} does not resolve: {}", instance.host(), e.getMessage());
            }
        }
        return false;
    }

    @Override
    public void close() {
        peers.close();
    }

    /**
     * The state of {@code bucket/key}, or empty when seqgate has none.
     *
     * @param forwarded the request came from another instance: answer here, never forward again
     * @throws StateUnavailableException while rebalancing, or when neither owner nor standby answered
     */
    @Override
    public Optional<ObjectView> object(String bucket, String key, boolean forwarded) {
        String storeKey = bucket + "/" + key;
        KeyQueryMetadata where = lookup.locate(storeKey);
        int partition = where.partition();
        if (forwarded) {
            return localAnyReplica(storeKey, partition);
        }
        if (where.activeHost().equals(self)) {
            StateLookup.Read<Optional<ObjectState>> read = lookup.get(storeKey, partition, true);
            if (!read.isHere()) {
                throw new StateUnavailableException(
                        "this instance owns " + storeKey + " but cannot read it now: " + read.notHere());
            }
            return read.value().map(s -> withPending(view(storeKey, s, partition, false), true));
        }
        try {
            return peers.object(where.activeHost(), bucket, key);
        } catch (Peers.Unreachable e) {
            LOG.info(
                    "Owner of {} (partition {}) did not answer, asking its standbys: {}",
                    LogSafe.of(storeKey),
                    partition,
                    LogSafe.of(e.getMessage()));
        }
        for (HostInfo standby : where.standbyHosts()) {
            if (standby.equals(self)) {
                StateLookup.Read<Optional<ObjectState>> local = lookup.get(storeKey, partition, false);
                if (canAnswer(local)) {
                    return viewOf(storeKey, partition, local);
                }
                continue;
            }
            try {
                return peers.object(standby, bucket, key);
            } catch (Peers.Unreachable e) {
                LOG.info(
                        "Standby {} of partition {} did not answer either: {}",
                        standby,
                        partition,
                        LogSafe.of(e.getMessage()));
            }
        }
        throw new StateUnavailableException("the owner of partition " + partition + " (" + where.activeHost()
                + ") did not answer and no standby replica could (standbys: " + where.standbyHosts() + ")");
    }

    /**
     * Whatever this instance holds of the partition: the active task, else a standby (stale). A
     * standby that lacks the key may only be behind, so that is "try again", not "unknown".
     */
    private Optional<ObjectView> localAnyReplica(String storeKey, int partition) {
        StateLookup.Read<Optional<ObjectState>> read = lookup.get(storeKey, partition, false);
        if (!read.isHere()) {
            throw new StateUnavailableException(
                    "partition " + partition + " is not on " + self + " (rebalancing?): " + read.notHere());
        }
        if (!read.active() && read.value().isEmpty()) {
            throw new StateUnavailableException("the standby of partition " + partition + " on " + self
                    + " does not hold " + storeKey + " (it may lag behind the owner)");
        }
        return viewOf(storeKey, partition, read);
    }

    /** True when the read can answer for the partition: an active task, or a standby that holds the key. */
    private static boolean canAnswer(StateLookup.Read<Optional<ObjectState>> read) {
        return read.isHere() && (read.active() || read.value().isPresent());
    }

    /** The object as a replica here read it (flagged stale when not the active task), with its pending work. */
    private Optional<ObjectView> viewOf(String storeKey, int partition, StateLookup.Read<Optional<ObjectState>> read) {
        return read.value().map(s -> withPending(view(storeKey, s, partition, !read.active()), false));
    }

    private ObjectView view(String storeKey, ObjectState state, int partition, boolean stale) {
        return ObjectView.of(storeKey, state, partition, self.host() + ":" + self.port(), stale);
    }

    /** Adds the object's pending sink work, read from the same replica as its state. */
    private ObjectView withPending(ObjectView view, boolean requireActive) {
        String storeKey = view.bucket() + "/" + view.key();
        StateLookup.Read<Optional<PendingWork>> read = lookup.pending(storeKey, view.partition(), requireActive);
        if (!read.isHere()) {
            throw new StateUnavailableException(
                    "read the state of " + storeKey + " but not its pending work: " + read.notHere());
        }
        return read.value().map(view::withPending).orElse(view);
    }

    /**
     * Objects of {@code bucket} whose keys start with {@code prefix}, after {@code after}, in key
     * order, from every partition of every instance.
     *
     * @param only the partitions to list, as another instance asks for them (a forwarded request);
     *             empty to list the whole application from here
     */
    @Override
    public ObjectPage list(String bucket, String prefix, String after, int limit, Optional<Set<Integer>> only) {
        String storePrefix = bucket + "/" + prefix;
        String storeAfter = after == null ? null : bucket + "/" + after;
        if (only.isPresent()) {
            return listHere(only.get(), storePrefix, storeAfter, limit);
        }
        Map<HostInfo, Set<Integer>> byOwner = new LinkedHashMap<>();
        Map<Integer, List<HostInfo>> standbys = new LinkedHashMap<>();
        Collection<StreamsMetadata> instances = lookup.instances();
        for (StreamsMetadata instance : instances) {
            for (int p : lookup.storePartitions(instance.topicPartitions())) {
                byOwner.computeIfAbsent(instance.hostInfo(), h -> new TreeSet<>())
                        .add(p);
            }
            for (int p : lookup.storePartitions(instance.standbyTopicPartitions())) {
                standbys.computeIfAbsent(p, x -> new ArrayList<>()).add(instance.hostInfo());
            }
        }
        Set<Integer> unowned = new TreeSet<>();
        for (int p = 0; p < partitions; p++) {
            unowned.add(p);
        }
        byOwner.values().forEach(unowned::removeAll);
        if (!unowned.isEmpty()) {
            throw new StateUnavailableException("partitions " + unowned + " have no owner now (rebalancing)");
        }

        List<ObjectPage> pages = new ArrayList<>();
        for (Map.Entry<HostInfo, Set<Integer>> owner : byOwner.entrySet()) {
            try {
                pages.add(
                        owner.getKey().equals(self)
                                ? listHere(owner.getValue(), storePrefix, storeAfter, limit)
                                : peers.list(owner.getKey(), bucket, prefix, after, limit, owner.getValue()));
            } catch (Peers.Unreachable e) {
                LOG.info(
                        "Owner {} did not answer a listing, asking standbys of {}: {}",
                        owner.getKey(),
                        owner.getValue(),
                        LogSafe.of(e.getMessage()));
                for (int p : owner.getValue()) {
                    pages.add(listFromStandby(p, standbys.getOrDefault(p, List.of()), bucket, prefix, after, limit));
                }
            }
        }
        return merge(pages, limit, bucket);
    }

    private ObjectPage listFromStandby(
            int partition, List<HostInfo> hosts, String bucket, String prefix, String after, int limit) {
        for (HostInfo host : hosts) {
            try {
                return host.equals(self)
                        ? listHere(
                                Set.of(partition),
                                bucket + "/" + prefix,
                                after == null ? null : bucket + "/" + after,
                                limit)
                        : peers.list(host, bucket, prefix, after, limit, Set.of(partition));
            } catch (Peers.Unreachable | StateUnavailableException e) {
                LOG.info(
                        "Standby {} of partition {} did not answer a listing: {}",
                        host,
                        partition,
                        LogSafe.of(e.getMessage()));
            }
        }
        throw new StateUnavailableException(
                "partition " + partition + ": its owner did not answer and no standby could (standbys: " + hosts + ")");
    }

    /** Lists the given partitions from this instance's stores: active tasks first, else standbys (stale). */
    private ObjectPage listHere(Set<Integer> wanted, String storePrefix, String storeAfter, int limit) {
        List<ObjectPage> pages = new ArrayList<>();
        for (int p : wanted) {
            int partition = p;
            StateLookup.Read<List<KeyValue<String, ObjectState>>> read =
                    lookup.list(partition, storePrefix, storeAfter, limit + 1, false);
            if (!read.isHere()) {
                throw new StateUnavailableException("cannot list " + read.notHere());
            }
            List<ObjectView> views = read.value().stream()
                    .map(kv -> view(kv.key, kv.value, partition, !read.active()))
                    .toList();
            boolean more = views.size() > limit;
            List<ObjectView> kept = more ? views.subList(0, limit) : views;
            pages.add(new ObjectPage(kept, more ? kept.get(kept.size() - 1).key() : null, !read.active()));
        }
        String bucket = storePrefix.substring(0, storePrefix.indexOf('/'));
        return merge(pages, limit, bucket);
    }

    /**
     * The first {@code limit} objects of all pages. Each page holds the first {@code limit} objects of
     * its partitions, so the first {@code limit} of their union are the first of the whole listing.
     */
    static ObjectPage merge(List<ObjectPage> pages, int limit, String bucket) {
        List<ObjectView> all = new ArrayList<>();
        boolean more = false;
        boolean stale = false;
        for (ObjectPage page : pages) {
            all.addAll(page.objects());
            more |= page.next() != null;
            stale |= page.stale();
        }
        all.sort((a, b) -> StateLookup.KEY_ORDER.compare(bucket + "/" + a.key(), bucket + "/" + b.key()));
        more |= all.size() > limit;
        List<ObjectView> kept = all.size() > limit ? all.subList(0, limit) : all;
        return new ObjectPage(
                kept, more && !kept.isEmpty() ? kept.get(kept.size() - 1).key() : null, stale);
    }

    /**
     * Every instance with its partitions, state and store lag.
     *
     * @param forwarded answer about this instance alone
     */
    @Override
    public List<InstanceView> instances(boolean forwarded) {
        InstanceView here = new InstanceView(
                self.host() + ":" + self.port(),
                instanceId,
                lookup.state().name(),
                List.copyOf(lookup.localPartitions(true)),
                List.copyOf(lookup.localPartitions(false)),
                lookup.storeLag());
        if (forwarded) {
            return List.of(here);
        }
        List<InstanceView> all = new ArrayList<>();
        boolean selfListed = false;
        for (StreamsMetadata instance : lookup.instances()) {
            if (instance.hostInfo().equals(self)) {
                all.add(here);
                selfListed = true;
                continue;
            }
            try {
                all.add(peers.instance(instance.hostInfo()));
            } catch (Peers.Unreachable e) {
                all.add(new InstanceView(
                        instance.host() + ":" + instance.port(),
                        null,
                        InstanceView.UNREACHABLE,
                        List.copyOf(lookup.storePartitions(instance.topicPartitions())),
                        List.copyOf(lookup.storePartitions(instance.standbyTopicPartitions())),
                        null));
            }
        }
        if (!selfListed) {
            all.add(here);
        }
        all.sort((a, b) -> a.host().compareTo(b.host()));
        return all;
    }
}

package io.seqgate.devstack.badinput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bad-input corpus in {@code src/test/resources/bad-input/}: one file per case, and
 * {@code cases.tsv} saying how each is sent and how it must end (README there).
 */
final class BadInputCorpus {

    /** How a case reaches seqgate. */
    enum Via {
        /** The file's bytes are the value of one record on the input topic. */
        MESSAGE,
        /** A record with a null value (the file is empty). */
        NULL_VALUE,
        /** The file is uploaded to the input bucket; the notifier announces it as MinIO would. */
        OBJECT
    }

    /**
     * @param expect {@code DLQ}, or the decision of the case's outcome record
     * @param reason what the dead letter's reason header or the outcome's reason contains
     */
    record Case(String file, Via via, String expect, String reason) {
        boolean deadLettered() {
            return expect.equals("DLQ");
        }

        byte[] bytes() {
            return resource(file);
        }
    }

    private BadInputCorpus() {}

    static List<Case> cases() {
        return new String(resource("cases.tsv"), StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t", -1))
                .map(f -> new Case(f[0], Via.valueOf(f[1].toUpperCase().replace('-', '_')), f[2], f[3]))
                .toList();
    }

    static byte[] resource(String file) {
        try (InputStream in = BadInputCorpus.class.getResourceAsStream("/bad-input/" + file)) {
            if (in == null) {
                throw new IllegalStateException("bad-input/" + file + " is not on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

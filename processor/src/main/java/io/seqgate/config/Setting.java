package io.seqgate.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One row of the settings table ({@link Settings}): the environment variable, its default, how its
 * value is read and checked, and what it means. {@link SeqgateConfig#fromEnv} reads the rows, its
 * start-up banner ({@link SeqgateConfig#describe()}) shows the value each took, and the table of
 * docs/configuration.md is rendered from them ({@code ConfigurationDocTest} keeps the two equal).
 *
 * <p>A value that is unset or blank takes the default; a value is trimmed. A value the parser refuses
 * is reported as {@code NAME: <what the parser expected>}, one it parses but {@link #must} refuses as
 * {@code NAME <the rule>, got <value>}, both naming the setting.
 *
 * @param name         the variable
 * @param alias        another variable, read when {@code name} is unset, or null
 * @param fallback     the default from the environment (constant for most settings), or null for none
 * @param shownDefault the default as docs/configuration.md shows it, in Markdown
 * @param parser       turns a value into the setting's type; the message of what it throws says what
 *                     it expected
 * @param problem      what is wrong with a parsed value, or null when nothing is
 * @param secretShown  what the banner shows for the value of a secret that is set; null for a setting
 *                     that is no secret, whose value the banner shows
 * @param description  what the setting means, one line of Markdown for docs/configuration.md
 */
public record Setting<T>(
        String name,
        String alias,
        Function<Map<String, String>, String> fallback,
        String shownDefault,
        Function<String, T> parser,
        Function<T, String> problem,
        String secretShown,
        String description) {

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(shownDefault, "shownDefault");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(description, "description");
    }

    /** A setting read by {@code parser}, with the fixed default {@code fallback} (null for none). */
    static <T> Setting<T> of(String name, String fallback, Function<String, T> parser, String description) {
        return new Setting<>(
                name,
                null,
                env -> fallback,
                fallback == null ? "(none)" : "`" + fallback + "`",
                parser,
                value -> null,
                null,
                description);
    }

    /** A setting whose value is the text given. */
    static Setting<String> text(String name, String fallback, String description) {
        return of(name, fallback, value -> value, description);
    }

    /** A duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}, {@code PT30S}. */
    static Setting<Duration> duration(String name, String fallback, String description) {
        return of(name, fallback, SeqgateConfig::duration, description);
    }

    /** The same setting, its default shown in docs/configuration.md as {@code shown} (Markdown). */
    Setting<T> shownAs(String shown) {
        return new Setting<>(name, alias, fallback, shown, parser, problem, secretShown, description);
    }

    /** The same setting, its default computed from the environment and shown as {@code shown}. */
    Setting<T> defaultFrom(Function<Map<String, String>, String> computed, String shown) {
        return new Setting<>(name, alias, computed, shown, parser, problem, secretShown, description);
    }

    /** The same setting, also read from {@code other} when {@code name} is unset. */
    Setting<T> alias(String other) {
        return new Setting<>(name, other, fallback, shownDefault, parser, problem, secretShown, description);
    }

    /** The same setting, refusing a value that is not {@code ok}: {@code NAME <rule>, got <value>}. */
    Setting<T> must(Predicate<T> ok, String rule) {
        return must(ok, value -> rule + ", got " + value);
    }

    /** The same setting, refusing a value that is not {@code ok} with {@code NAME <problem(value)>}. */
    Setting<T> must(Predicate<T> ok, Function<T, String> refusal) {
        Function<T, String> before = problem;
        return new Setting<>(
                name,
                alias,
                fallback,
                shownDefault,
                parser,
                value -> before.apply(value) != null
                        ? before.apply(value)
                        : ok.test(value) ? null : refusal.apply(value),
                secretShown,
                description);
    }

    /** The same setting as a secret: the banner shows {@code shown} instead of its value, and no message repeats it. */
    Setting<T> secret(String shown) {
        return new Setting<>(name, alias, fallback, shownDefault, parser, problem, shown, description);
    }

    /** The value the environment gives this setting, trimmed; its default when unset or blank (null for none). */
    public String valueIn(Map<String, String> env) {
        String value = given(env, name);
        if (value == null && alias != null) {
            value = given(env, alias);
        }
        return value != null ? value : fallback.apply(env);
    }

    private static String given(Map<String, String> env, String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? null : value.trim();
    }
}

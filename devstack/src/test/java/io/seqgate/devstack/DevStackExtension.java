package io.seqgate.devstack;

import io.seqgate.devstack.stack.DevStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link DevStack}: one per JVM, started on first use and kept in the root extension
 * store, which closes it (it is {@link AutoCloseable}) after the last test of the run.
 *
 * <pre>{@code
 * @ExtendWith(DevStackExtension.class)
 * class SomethingIT {
 *     @BeforeAll
 *     static void connect(DevStack stack) { ... }
 * }
 * }</pre>
 */
public final class DevStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DevStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DevStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(DevStack.class, type -> DevStack.builder().start(), DevStack.class);
    }
}

package io.seqgate.devstack;

import io.seqgate.devstack.stack.DevStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Gives tests a {@link DevStack}: one per JVM, started on first use and kept in the root extension
 * store, which closes it (it is {@link AutoCloseable}) after the last test of the run. Also gives an
 * {@link S3Client} of that stack, kept in the store of the context that asked for it (the test
 * class, for a {@code @BeforeAll} method) and closed when that context ends.
 *
 * <pre>{@code
 * @ExtendWith(DevStackExtension.class)
 * class SomethingIT {
 *     @BeforeAll
 *     static void connect(DevStack stack, S3Client s3) { ... }
 * }
 * }</pre>
 */
public final class DevStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DevStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == DevStack.class || type == S3Client.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == S3Client.class) {
            DevStack stack = stack(context);
            return context.getStore(NAMESPACE)
                    .getOrComputeIfAbsent(S3Client.class, type -> stack.newS3Client(), S3Client.class);
        }
        return stack(context);
    }

    private static DevStack stack(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(DevStack.class, type -> DevStack.builder().start(), DevStack.class);
    }
}

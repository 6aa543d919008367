package io.ferryrpc.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class if Netty reported a leaked buffer while it ran; registered for every test class through
 * JUnit's extension auto-detection.
 */
public final class NoLeaksExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> leaks = LeakRecorder.collect();
        assertThat(leaks).as("Netty buffer leaks reported while %s ran", context.getDisplayName()).isEmpty();
    }
}

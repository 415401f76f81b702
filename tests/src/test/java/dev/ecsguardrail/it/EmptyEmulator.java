package dev.ecsguardrail.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(EmptyEmulator.class)}: every test starts on an empty moto, and the class
 * leaves it empty for the next (the sweeps see the whole account, so nothing may be left over).
 */
final class EmptyEmulator implements BeforeEachCallback, AfterAllCallback {

  @Override
  public void beforeEach(ExtensionContext context) {
    Emulator.resetMoto();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Emulator.resetMoto();
  }
}

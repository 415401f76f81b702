package dev.ecsguardrail.aws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instance role is asked only where the machine itself says it is an EC2 instance. */
class CommandLineCredentialsTest {

  private static Path write(Path sys, String file, String content) throws IOException {
    Path path = sys.resolve(file);
    Files.createDirectories(path.getParent());
    return Files.writeString(path, content + "\n");
  }

  @Test
  void aNitroInstance_isEc2_byItsBoardAssetTag(@TempDir Path sys) throws IOException {
    write(sys, "devices/virtual/dmi/id/board_asset_tag", "i-0123456789abcdef0");
    assertTrue(CommandLineCredentials.onEc2(sys));
  }

  @Test
  void anInstance_isEc2_byItsVendor(@TempDir Path sys) throws IOException {
    write(sys, "devices/virtual/dmi/id/sys_vendor", "Amazon EC2");
    assertTrue(CommandLineCredentials.onEc2(sys));
  }

  @Test
  void aXenInstance_isEc2_byItsHypervisorId(@TempDir Path sys) throws IOException {
    write(sys, "hypervisor/uuid", "EC2E1916-9099-7CAF-FD21-012345ABCDEF");
    assertTrue(CommandLineCredentials.onEc2(sys));
  }

  @Test
  void aLaptopOrAnotherCloud_isNot(@TempDir Path sys) throws IOException {
    assertFalse(CommandLineCredentials.onEc2(sys));
    write(sys, "devices/virtual/dmi/id/sys_vendor", "LENOVO");
    write(sys, "devices/virtual/dmi/id/board_asset_tag", "Not Specified");
    write(sys, "hypervisor/uuid", "4c4c4544-0042-3510-8058-b4c04f4b4e32");
    assertFalse(CommandLineCredentials.onEc2(sys));
  }
}

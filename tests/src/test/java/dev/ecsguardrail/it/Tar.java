package dev.ecsguardrail.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a tar stream (ustar, with GNU long names and PAX paths, as Jib and GNU tar write them):
 * enough to look into a container image without a tar library.
 */
final class Tar {

  interface Member {
    void accept(String name, int mode, byte[] content) throws IOException;
  }

  private Tar() {}

  static void read(InputStream in, Member member) throws IOException {
    String longName = null;
    while (true) {
      byte[] header = in.readNBytes(512);
      if (header.length < 512 || header[0] == 0) {
        return; // the end: two zero blocks
      }
      int size = (int) octal(header, 124, 12);
      byte[] content = in.readNBytes(size);
      in.skipNBytes((512 - size % 512) % 512);
      char type = (char) header[156];
      if (type == 'L') {
        longName = text(content, 0, content.length);
        continue;
      }
      if (type == 'x') {
        longName = paxPath(content);
        continue;
      }
      String name = longName;
      if (name == null) {
        String prefix = text(header, 345, 155);
        name = (prefix.isEmpty() ? "" : prefix + "/") + text(header, 0, 100);
      }
      longName = null;
      if (type == '0' || type == 0) {
        member.accept(name, (int) octal(header, 100, 8), content);
      }
    }
  }

  private static String paxPath(byte[] records) {
    for (String record : new String(records, StandardCharsets.UTF_8).split("\n")) {
      int equals = record.indexOf(" path=");
      if (equals >= 0) {
        return record.substring(equals + " path=".length());
      }
    }
    return null;
  }

  private static String text(byte[] bytes, int from, int length) {
    int end = from;
    while (end < from + length && end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, from, end - from, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] bytes, int from, int length) {
    String digits = text(bytes, from, length).trim();
    return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
  }
}

package dev.ecsguardrail.props;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A change to the bytes themselves, after the JSON mutations: cut short, an invalid UTF-8 sequence,
 * a NUL byte, trailing garbage, a byte-order mark. {@link #at} is a fraction of the length
 * (0..999).
 */
public record RawMutation(Kind kind, int at) {

  public enum Kind {
    NONE,
    TRUNCATE,
    INVALID_UTF8,
    NUL_BYTE,
    TRAILING_GARBAGE,
    BYTE_ORDER_MARK
  }

  public byte[] apply(byte[] bytes) {
    int position = (int) ((long) bytes.length * at / 1000);
    return switch (kind) {
      case NONE -> bytes;
      case TRUNCATE -> Arrays.copyOf(bytes, position);
      case INVALID_UTF8 ->
          insert(bytes, position, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
      case NUL_BYTE -> insert(bytes, position, new byte[] {0});
      case TRAILING_GARBAGE -> insert(bytes, bytes.length, "} {\"x\":1}".getBytes());
      case BYTE_ORDER_MARK -> insert(bytes, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    };
  }

  private static byte[] insert(byte[] bytes, int position, byte[] piece) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + piece.length);
    out.write(bytes, 0, position);
    out.write(piece, 0, piece.length);
    out.write(bytes, position, bytes.length - position);
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return kind == Kind.NONE ? "" : kind + "@" + at + "/1000";
  }
}

package dev.dxpy.core.discovery;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decodes Python source bytes: UTF-8 (BOM allowed) unless a PEP 263 coding line says otherwise. */
final class SourceText {
    private static final Pattern CODING = Pattern.compile("^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)");

    private SourceText() {
    }

    /**
     * The text with its UTF-8 bytes, or throws {@link CharacterCodingException} when the bytes do not decode.
     * ASCII files (most Python) keep their bytes as they are: no decoder, no second encoding.
     */
    static Source source(byte[] bytes) throws CharacterCodingException {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        Charset cs = declared(bytes, start);
        if (start == 0 && cs.equals(StandardCharsets.UTF_8) && ascii(bytes)) {
            return new Source(new String(bytes, StandardCharsets.ISO_8859_1), bytes);
        }
        return new Source(cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                .toString());
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** The PEP 263 coding of the first two lines, else UTF-8; throws for a codec Java does not know. */
    private static Charset declared(byte[] bytes, int start) throws CharacterCodingException {
        String head = new String(bytes, start, Math.min(bytes.length - start, 400), StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\n", 3);
        for (int i = 0; i < Math.min(2, lines.length); i++) {
            Matcher m = CODING.matcher(lines[i]);
            if (m.find()) {
                try {
                    return Charset.forName(m.group(1));
                } catch (IllegalArgumentException e) {
                    throw new CharacterCodingException();
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}

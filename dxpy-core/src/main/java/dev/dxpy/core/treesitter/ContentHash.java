package dev.dxpy.core.treesitter;

import org.apache.commons.codec.digest.Blake3;

/**
 * BLAKE3 of a file's content, as the index records it: in C by discovery's native library when it is loaded
 * (discovery hashes every file it parses; commons-codec's Java BLAKE3 runs interpreted in a cold JVM, about
 * 20 ms of CPU for 800 KB), else by commons-codec. Both give the same digest (ContentHashTest).
 */
public final class ContentHash {

    private ContentHash() {
    }

    public static byte[] blake3(byte[] data) {
        if (NativeTreeSitter.PROBLEM == null) {
            byte[] digest = NativeTreeSitter.blake3(data);
            if (digest != null) {
                return digest;
            }
        }
        return Blake3.hash(data);
    }
}

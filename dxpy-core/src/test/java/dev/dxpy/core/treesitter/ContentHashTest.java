package dev.dxpy.core.treesitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.Test;

/** The native BLAKE3 the index uses gives commons-codec's digests, across chunk and block boundaries. */
class ContentHashTest {

    @Test
    void theNativeLibraryHashesAndAgreesWithCommonsCodec() {
        assertThat(SyntaxTree.backend()).isEqualTo("dxpy"); // the build compiles it: this test is about its hash
        Random random = new Random(7);
        int[] lengths = {0, 1, 63, 64, 65, 1023, 1024, 1025, 2048, 3072, 4097, 8192, 16385, 100_000, 1_000_000};
        for (int len : lengths) {
            byte[] data = new byte[len];
            random.nextBytes(data);
            assertThat(NativeTreeSitter.blake3(data)).as("%d bytes", len).isEqualTo(Blake3.hash(data));
            assertThat(ContentHash.blake3(data)).as("%d bytes", len).isEqualTo(Blake3.hash(data));
        }
        for (int i = 0; i < 300; i++) {
            byte[] data = new byte[random.nextInt(20_000)];
            random.nextBytes(data);
            assertThat(NativeTreeSitter.blake3(data)).isEqualTo(Blake3.hash(data));
        }
    }
}

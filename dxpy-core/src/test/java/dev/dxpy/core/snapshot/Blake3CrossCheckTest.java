package dev.dxpy.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.worker.WorkerFiles;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.HexFormat;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worker's BLAKE3 implementations (snapshot index), pure Python and the C library the build compiles,
 * give commons-codec's hash, across block, chunk and tree boundaries and beyond 64 KiB.
 */
class Blake3CrossCheckTest {
    @TempDir
    static Path cache;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 64, 65, 1024, 1025, 3072, 4097, 10240})
    void pythonAndJavaAgree(int size) throws Exception {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 7 % 251);
        }
        assertThat(worker("python", data)).isEqualTo(HexFormat.of().formatHex(Blake3.hash(data)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 63, 64, 65, 1023, 1024, 1025, 2047, 2048, 2049, 3073, 4096, 4097, 65535, 65536, 65537,
        200_001, 1 << 20})
    void cLibraryAndJavaAgreeOnRandomInput(int size) throws Exception {
        Path nativeDir = WorkerFiles.extract(cache).dir().resolve("dx_py_test_runner/_native");
        try (var libs = Files.exists(nativeDir) ? Files.list(nativeDir) : java.util.stream.Stream.<Path>empty()) {
            Assumptions.assumeTrue(libs.anyMatch(l -> l.getFileName().toString().startsWith("libdxblake3-")),
                    "the worker was built without its C library (no gcc)");
        }
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        assertThat(worker("c", data)).isEqualTo(HexFormat.of().formatHex(Blake3.hash(data)));
    }

    private static String worker(String implementation, byte[] data) throws Exception {
        WorkerFiles files = WorkerFiles.extract(cache);
        ProcessBuilder pb = new ProcessBuilder("python3", "-m", "dx_py_test_runner.blake3", implementation);
        pb.environment().put("PYTHONPATH", files.dir().toString());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(data);
        }
        String py = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(p.waitFor()).as("python3 -m dx_py_test_runner.blake3 " + implementation).isZero();
        return py;
    }
}

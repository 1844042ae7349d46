package dev.dxpy.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.worker.WorkerFiles;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The worker's pure-Python BLAKE3 (snapshot index) gives commons-codec's hash, across chunk and tree boundaries. */
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
        WorkerFiles files = WorkerFiles.extract(cache);
        ProcessBuilder pb = new ProcessBuilder("python3", "-m", "dx_py_test_runner.blake3");
        pb.environment().put("PYTHONPATH", files.dir().toString());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(data);
        }
        String py = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(p.waitFor()).isZero();
        assertThat(py).isEqualTo(HexFormat.of().formatHex(Blake3.hash(data)));
    }
}

/*
 * BLAKE3 (default hash mode, 32-byte output), written for dxpy from the BLAKE3 specification
 * (https://github.com/BLAKE3-team/BLAKE3-specs): portable C, one call per input, no SIMD.
 * Built by python-worker's Maven build into dx_py_test_runner/_native/ and loaded with ctypes by
 * dx_py_test_runner/blake3.py, which falls back to its pure-Python implementation without it.
 *
 * Exported: int dxb3_version(void); void dxb3_hash(const uint8_t *in, size_t len, uint8_t out[32]).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define CHUNK_LEN 1024
#define BLOCK_LEN 64
#define CHUNK_START 1u
#define CHUNK_END 2u
#define PARENT 4u
#define ROOT 8u
#define MAX_DEPTH 54 /* 2^54 chunks of 1 KiB: more than size_t can address here */

static const uint32_t IV[8] = {0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au,
                               0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u};

/* Message word order for each of the 7 rounds: the permutation applied 0..6 times. */
static const uint8_t SCHEDULE[7][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8},
    {3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1},
    {10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6},
    {12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4},
    {9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7},
    {11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13},
};

static inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static inline uint32_t load32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

#define G(a, b, c, d, x, y)            \
    do {                               \
        v[a] = v[a] + v[b] + (x);      \
        v[d] = rotr(v[d] ^ v[a], 16);  \
        v[c] = v[c] + v[d];            \
        v[b] = rotr(v[b] ^ v[c], 12);  \
        v[a] = v[a] + v[b] + (y);      \
        v[d] = rotr(v[d] ^ v[a], 8);   \
        v[c] = v[c] + v[d];            \
        v[b] = rotr(v[b] ^ v[c], 7);   \
    } while (0)

/* The compression function, truncated to the 8 words every use here needs. */
static void compress(const uint32_t cv[8], const uint32_t m[16], uint64_t counter, uint32_t block_len,
                     uint32_t flags, uint32_t out[8]) {
    uint32_t v[16] = {cv[0], cv[1], cv[2], cv[3], cv[4], cv[5], cv[6], cv[7],
                      IV[0], IV[1], IV[2], IV[3], (uint32_t)counter, (uint32_t)(counter >> 32), block_len, flags};
    for (int r = 0; r < 7; r++) {
        const uint8_t *s = SCHEDULE[r];
        G(0, 4, 8, 12, m[s[0]], m[s[1]]);
        G(1, 5, 9, 13, m[s[2]], m[s[3]]);
        G(2, 6, 10, 14, m[s[4]], m[s[5]]);
        G(3, 7, 11, 15, m[s[6]], m[s[7]]);
        G(0, 5, 10, 15, m[s[8]], m[s[9]]);
        G(1, 6, 11, 12, m[s[10]], m[s[11]]);
        G(2, 7, 8, 13, m[s[12]], m[s[13]]);
        G(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; i++) {
        out[i] = v[i] ^ v[i + 8];
    }
}

static void words(const uint8_t *block, size_t n, uint32_t m[16]) {
    uint8_t buf[BLOCK_LEN];
    if (n < BLOCK_LEN) { /* the last block of a chunk is zero-padded */
        memset(buf, 0, sizeof buf);
        memcpy(buf, block, n);
        block = buf;
    }
    for (int i = 0; i < 16; i++) {
        m[i] = load32(block + 4 * i);
    }
}

/* Chaining value of one chunk (1..1024 bytes, or 0 for the empty input); extra_flags adds ROOT. */
static void chunk_cv(const uint8_t *in, size_t len, uint64_t counter, uint32_t extra_flags, uint32_t out[8]) {
    uint32_t cv[8], m[16];
    memcpy(cv, IV, sizeof cv);
    size_t nblocks = len == 0 ? 1 : (len + BLOCK_LEN - 1) / BLOCK_LEN;
    for (size_t i = 0; i < nblocks; i++) {
        size_t n = i + 1 < nblocks ? BLOCK_LEN : len - i * BLOCK_LEN;
        uint32_t flags = (i == 0 ? CHUNK_START : 0) | (i + 1 == nblocks ? CHUNK_END | extra_flags : 0);
        words(in + i * BLOCK_LEN, n, m);
        compress(cv, m, counter, (uint32_t)n, flags, cv);
    }
    memcpy(out, cv, sizeof cv);
}

static void parent_cv(const uint32_t left[8], const uint32_t right[8], uint32_t flags, uint32_t out[8]) {
    uint32_t m[16];
    memcpy(m, left, 32);
    memcpy(m + 8, right, 32);
    compress(IV, m, 0, BLOCK_LEN, PARENT | flags, out);
}

static void store(const uint32_t w[8], uint8_t out[32]) {
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)w[i];
        out[4 * i + 1] = (uint8_t)(w[i] >> 8);
        out[4 * i + 2] = (uint8_t)(w[i] >> 16);
        out[4 * i + 3] = (uint8_t)(w[i] >> 24);
    }
}

int dxb3_version(void) { return 1; }

void dxb3_hash(const uint8_t *in, size_t len, uint8_t out[32]) {
    uint32_t cv[8];
    if (len <= CHUNK_LEN) {
        chunk_cv(in, len, 0, ROOT, cv);
        store(cv, out);
        return;
    }
    /* Chunks left to right; a stack of subtree chaining values merged as soon as a subtree is complete
       (after chunk number t, as many merges as t has trailing zero bits), except after the last chunk,
       which is folded into everything on the stack with ROOT on the final parent. */
    uint32_t stack[MAX_DEPTH][8];
    int depth = 0;
    uint64_t nchunks = (len + CHUNK_LEN - 1) / CHUNK_LEN;
    for (uint64_t c = 0; c + 1 < nchunks; c++) {
        chunk_cv(in + c * CHUNK_LEN, CHUNK_LEN, c, 0, cv);
        for (uint64_t total = c + 1; (total & 1) == 0; total >>= 1) {
            parent_cv(stack[--depth], cv, 0, cv);
        }
        memcpy(stack[depth++], cv, sizeof cv);
    }
    uint64_t last = nchunks - 1;
    chunk_cv(in + last * CHUNK_LEN, len - last * CHUNK_LEN, last, 0, cv);
    while (depth > 1) {
        parent_cv(stack[--depth], cv, 0, cv);
    }
    parent_cv(stack[0], cv, ROOT, cv);
    store(cv, out);
}

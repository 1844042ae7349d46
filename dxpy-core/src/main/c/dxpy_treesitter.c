/*
 * JNI side of dev.dxpy.core.treesitter.NativeTreeSitter. The build links this file with tree-sitter's runtime
 * (lib/src/lib.c) and tree-sitter-python's parser.c and scanner.c into one library compiled with -O2.
 *
 * Why: io.github.bonede's bundled natives are compiled without optimisation (-O0), which makes parsing
 * about 3x slower, and its API reads a tree one JNI call per node, each building a Java object. Here one
 * call parses a file and returns its whole tree as an int array (site/architecture.md, "Discovery"),
 * which SyntaxTree reads without further native calls.
 */
#include <jni.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

/* Ints per node in the array parse() returns: symbol, flags, start byte, end byte, start row, parent, field. */
#define RECORD 7
#define NAMED 1
#define MISSING 2
#define HAS_ERROR 4
#define IS_ERROR 8

JNIEXPORT jlong JNICALL Java_dev_dxpy_core_treesitter_NativeTreeSitter_newParser(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    TSParser *p = ts_parser_new();
    if (p != NULL && !ts_parser_set_language(p, tree_sitter_python())) {
        ts_parser_delete(p);
        return 0;
    }
    return (jlong) (intptr_t) p;
}

JNIEXPORT void JNICALL Java_dev_dxpy_core_treesitter_NativeTreeSitter_deleteParser(JNIEnv *env, jclass cls, jlong parser) {
    (void) env;
    (void) cls;
    ts_parser_delete((TSParser *) (intptr_t) parser);
}

typedef struct {
    jint *data;
    size_t len;
    size_t cap;
} Ints;

static int ints_grow(Ints *a, size_t more) {
    if (a->len + more <= a->cap) {
        return 1;
    }
    size_t cap = a->cap ? a->cap * 2 : 4096;
    while (cap < a->len + more) {
        cap *= 2;
    }
    jint *d = realloc(a->data, cap * sizeof(jint));
    if (d == NULL) {
        return 0;
    }
    a->data = d;
    a->cap = cap;
    return 1;
}

/* Appends the cursor's node; returns its index, or -1 when out of memory. */
static jint emit(Ints *out, TSTreeCursor *cur, jint parent) {
    if (!ints_grow(out, RECORD)) {
        return -1;
    }
    TSNode n = ts_tree_cursor_current_node(cur);
    jint *r = out->data + out->len;
    r[0] = ts_node_symbol(n);
    r[1] = (ts_node_is_named(n) ? NAMED : 0) | (ts_node_is_missing(n) ? MISSING : 0)
            | (ts_node_has_error(n) ? HAS_ERROR : 0) | (ts_node_is_error(n) ? IS_ERROR : 0);
    r[2] = (jint) ts_node_start_byte(n);
    r[3] = (jint) ts_node_end_byte(n);
    r[4] = (jint) ts_node_start_point(n).row;
    r[5] = parent;
    r[6] = ts_tree_cursor_current_field_id(cur);
    out->len += RECORD;
    return (jint) (out->len / RECORD - 1);
}

/*
 * The tree of a UTF-8 source: n nodes in pre-order, RECORD ints each, then the child lists as offsets
 * (kidStart[n + 1], kids[n - 1], namedStart[n + 1], named[namedStart[n]]), then n; null when out of memory.
 */
JNIEXPORT jintArray JNICALL Java_dev_dxpy_core_treesitter_NativeTreeSitter_parse(JNIEnv *env, jclass cls, jlong parser,
        jbyteArray source) {
    (void) cls;
    jsize len = (*env)->GetArrayLength(env, source);
    char *text = malloc(len > 0 ? (size_t) len : 1);
    if (text == NULL) {
        return NULL;
    }
    (*env)->GetByteArrayRegion(env, source, 0, len, (jbyte *) text);
    TSTree *tree = ts_parser_parse_string((TSParser *) (intptr_t) parser, NULL, text, (uint32_t) len);
    if (tree == NULL) {
        free(text);
        return NULL;
    }
    Ints out = {0};
    Ints parents = {0};
    TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(tree));
    int ok = 1;
    jint current = emit(&out, &cur, -1);
    ok = current >= 0;
    while (ok) {
        if (ts_tree_cursor_goto_first_child(&cur)) {
            ok = ints_grow(&parents, 1);
            if (!ok) {
                break;
            }
            parents.data[parents.len++] = current;
            current = emit(&out, &cur, current);
            ok = current >= 0;
            continue;
        }
        int moved = 0;
        while (!moved) {
            if (parents.len > 0 && ts_tree_cursor_goto_next_sibling(&cur)) {
                current = emit(&out, &cur, parents.data[parents.len - 1]);
                ok = current >= 0;
                moved = 1;
            } else if (parents.len > 0 && ts_tree_cursor_goto_parent(&cur)) {
                parents.len--;
            } else {
                break;
            }
        }
        if (!moved) {
            break;
        }
    }
    ts_tree_cursor_delete(&cur);
    ts_tree_delete(tree);
    free(text);
    free(parents.data);
    jintArray result = NULL;
    if (ok) {
        /* after the records, the child lists: kidStart[n + 1], kids[n - 1], namedStart[n + 1], named[...] */
        jint n = (jint) (out.len / RECORD);
        size_t base = out.len;
        ok = ints_grow(&out, (size_t) (3 * n + 3));
        if (ok) {
            jint *rec = out.data;
            jint *kidStart = out.data + base;
            jint *kids = kidStart + n + 1;
            jint *namedStart = kids + (n - 1);
            memset(kidStart, 0, (size_t) (n + 1) * sizeof(jint));
            memset(namedStart, 0, (size_t) (n + 1) * sizeof(jint));
            jint namedCount = 0;
            for (jint i = 1; i < n; i++) {
                kidStart[rec[i * RECORD + 5] + 1]++;
                if (rec[i * RECORD + 1] & NAMED) {
                    namedStart[rec[i * RECORD + 5] + 1]++;
                    namedCount++;
                }
            }
            for (jint i = 0; i < n; i++) {
                kidStart[i + 1] += kidStart[i];
                namedStart[i + 1] += namedStart[i];
            }
            out.len = base + (size_t) (3 * n + 1); /* kidStart, kids, namedStart */
            ok = ints_grow(&out, (size_t) namedCount + (size_t) n); /* named, and scratch */
        }
        if (ok) {
            jint *rec = out.data;
            jint *kidStart = out.data + base;
            jint *kids = kidStart + n + 1;
            jint *namedStart = kids + (n - 1);
            jint *named = namedStart + n + 1;
            jint *fill = named + namedStart[n]; /* scratch: n ints past the end, not returned */
            memset(fill, 0, (size_t) n * sizeof(jint));
            for (jint i = 1; i < n; i++) { /* pre-order: children arrive in source order */
                jint parent = rec[i * RECORD + 5];
                kids[kidStart[parent] + fill[parent]++] = i;
            }
            memset(fill, 0, (size_t) n * sizeof(jint));
            for (jint i = 1; i < n; i++) {
                if (rec[i * RECORD + 1] & NAMED) {
                    jint parent = rec[i * RECORD + 5];
                    named[namedStart[parent] + fill[parent]++] = i;
                }
            }
            jsize total = (jsize) (base + (size_t) (3 * n + 1) + (size_t) namedStart[n]);
            out.data[total] = n; /* the scratch area holds at least one int */
            result = (*env)->NewIntArray(env, total + 1);
            if (result != NULL) {
                (*env)->SetIntArrayRegion(env, result, 0, total + 1, out.data);
            }
        }
    }
    free(out.data);
    return result;
}

/* A node type's name, as ts_node_type gives it (aliases resolved by ts_node_symbol already). */
JNIEXPORT jstring JNICALL Java_dev_dxpy_core_treesitter_NativeTreeSitter_symbolName(JNIEnv *env, jclass cls, jint symbol) {
    (void) cls;
    const char *name = ts_language_symbol_name(tree_sitter_python(), (TSSymbol) symbol);
    return (*env)->NewStringUTF(env, name != NULL ? name : "");
}

JNIEXPORT jint JNICALL Java_dev_dxpy_core_treesitter_NativeTreeSitter_fieldCount(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    return (jint) ts_language_field_count(tree_sitter_python());
}

JNIEXPORT jstring JNICALL Java_dev_dxpy_core_treesitter_NativeTreeSitter_fieldName(JNIEnv *env, jclass cls, jint field) {
    (void) cls;
    const char *name = ts_language_field_name_for_id(tree_sitter_python(), (TSFieldId) field);
    return (*env)->NewStringUTF(env, name != NULL ? name : "");
}

/* python-worker/src/main/c/dxblake3.c, linked into this library: BLAKE3 of a file's bytes for the index. */
void dxb3_hash(const uint8_t *in, size_t len, uint8_t out[32]);

JNIEXPORT jbyteArray JNICALL Java_dev_dxpy_core_treesitter_NativeTreeSitter_blake3(JNIEnv *env, jclass cls,
        jbyteArray data) {
    (void) cls;
    jsize len = (*env)->GetArrayLength(env, data);
    uint8_t digest[32];
    jbyte *bytes = (*env)->GetPrimitiveArrayCritical(env, data, NULL);
    if (bytes == NULL) {
        return NULL;
    }
    dxb3_hash((const uint8_t *) bytes, (size_t) len, digest);
    (*env)->ReleasePrimitiveArrayCritical(env, data, bytes, JNI_ABORT);
    jbyteArray out = (*env)->NewByteArray(env, 32);
    if (out != NULL) {
        (*env)->SetByteArrayRegion(env, out, 0, 32, (const jbyte *) digest);
    }
    return out;
}

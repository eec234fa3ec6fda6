/*
 * test_pickle.c - the pickle scanner: every generated case (benign,
 * malicious, malformed; bare, legacy, zip) with the exact code, severity and
 * byte offset, under every chunking (push for streams, pull for zips); the
 * real torch.save outputs kept in tests/data/torch; the allow/deny
 * classification; the limits; detection through the validator table.
 */
#include "wa_test.h"

#include <cjson/cJSON.h>

#include "err.h"
#include "pickle.h"

struct outcome {
    int valid;
    size_t nproblems;
    char code[PROBLEM_CODE_MAX];
    enum problem_sev sev;
    int64_t offset;
    char facts[8192];
};

static void summarise(struct fmt_result *res, struct outcome *o)
{
    memset(o, 0, sizeof *o);
    o->valid = res->valid;
    o->offset = -2;
    o->nproblems = res->problems.n;
    if (res->problems.n) {
        const struct problem *p = problem_first(&res->problems, problem_worst(&res->problems));
        snprintf(o->code, sizeof o->code, "%s", p->code);
        o->offset = p->offset;
        o->sev = p->sev;
    }
    if (res->facts) {
        char *s = cJSON_PrintUnformatted(res->facts);
        snprintf(o->facts, sizeof o->facts, "%s", s);
        free(s);
    }
}

/* Push: feed buf in chunks of `chunk` bytes (0 = all at once). */
static void run_push(const unsigned char *buf, size_t n, size_t chunk, struct outcome *o,
                     struct fmt_result *keep)
{
    struct pickle *pk;
    struct fmt_result res;

    assert_int_equal(pickle_new(&pk), 0);
    if (chunk == 0)
        chunk = n ? n : 1;
    for (size_t i = 0; i < n; i += chunk) {
        size_t k = n - i < chunk ? n - i : chunk;
        assert_int_equal(pickle_feed(pk, buf + i, k), 0);
    }
    fmt_result_init(&res);
    assert_int_equal(pickle_finish(pk, &res), 0);
    summarise(&res, o);
    pickle_free(pk);
    if (keep)
        *keep = res;
    else
        fmt_result_free(&res);
}

/* Pull, as the reader does it: the first min(4096, n) bytes, then chunks. */
struct src {
    const unsigned char *p;
    size_t n, pos, chunk;
    int fail_at;                  /* fail the read after this many bytes (-1 never) */
    size_t first;                 /* size of the first chunk (the reader's sniff buffer) */
};

static int src_read(void *ctx, const uint8_t **p, size_t *n)
{
    struct src *s = ctx;
    size_t k = s->pos == 0 ? s->first : s->chunk;

    if (s->fail_at >= 0 && s->pos >= (size_t)s->fail_at)
        return WA_EIO;
    if (k > s->n - s->pos)
        k = s->n - s->pos;
    *p = s->p + s->pos;
    *n = k;
    s->pos += k;
    return 0;
}

static void run_pull(const unsigned char *buf, size_t n, size_t chunk, struct outcome *o,
                     struct fmt_result *keep)
{
    struct pickle *pk;
    struct fmt_result res;
    struct src s = { buf, n, 0, chunk ? chunk : (n ? n : 1), -1, 4096 };

    assert_int_equal(pickle_new(&pk), 0);
    assert_int_equal(pickle_pull(pk, src_read, &s), 0);
    fmt_result_init(&res);
    assert_int_equal(pickle_finish(pk, &res), 0);
    summarise(&res, o);
    pickle_free(pk);
    if (keep)
        *keep = res;
    else
        fmt_result_free(&res);
}

static const char *sev_name(enum problem_sev s)
{
    return problem_sev_name(s);
}

static void test_generated_cases_all_chunkings(void **state)
{
    size_t n;
    unsigned char *js = slurp(td_path("pickle/cases.json"), &n);
    cJSON *cases;
    int count = 0;
    static const size_t chunks[] = { 1, 7, 4096, 0 };

    (void)state;
    assert_non_null(js);
    cases = cJSON_Parse((char *)js);
    assert_non_null(cases);
    for (cJSON *c = cases->child; c; c = c->next) {
        char path[512];
        size_t len = 0;
        unsigned char *buf;
        struct outcome first, o;
        cJSON *code = cJSON_GetObjectItem(c, "code"), *off = cJSON_GetObjectItem(c, "offset"),
              *sev = cJSON_GetObjectItem(c, "severity");
        int zip = strcmp(cJSON_GetObjectItem(c, "container")->valuestring, "zip") == 0;

        snprintf(path, sizeof path, "pickle/%s", cJSON_GetObjectItem(c, "file")->valuestring);
        buf = slurp(td_path(path), &len);
        assert_non_null(buf);
        for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
            if (zip)
                run_pull(buf, len, chunks[k], &o, NULL);
            else
                run_push(buf, len, chunks[k], &o, NULL);
            if (k == 0) {
                first = o;
                if (o.valid != cJSON_IsTrue(cJSON_GetObjectItem(c, "valid")))
                    fail_msg("%s: valid=%d (first problem %s at %lld)", c->string, o.valid, o.code,
                             (long long)o.offset);
                if (cJSON_IsString(code) && strcmp(o.code, code->valuestring) != 0)
                    fail_msg("%s: code %s, want %s", c->string, o.code, code->valuestring);
                if (cJSON_IsString(sev) && strcmp(sev_name(o.sev), sev->valuestring) != 0)
                    fail_msg("%s: severity %s, want %s", c->string, sev_name(o.sev), sev->valuestring);
                if (cJSON_IsNull(code) && o.nproblems != 0)
                    fail_msg("%s: unexpected problem %s at %lld", c->string, o.code, (long long)o.offset);
                if (cJSON_IsNumber(off) && o.offset != (int64_t)off->valuedouble)
                    fail_msg("%s: offset %lld, want %lld", c->string, (long long)o.offset,
                             (long long)off->valuedouble);
            } else if (memcmp(&first, &o, sizeof o) != 0) {
                fail_msg("%s: chunk size %zu gives a different outcome", c->string, chunks[k]);
            }
        }
        /* a stream also reads the same through pull */
        if (!zip) {
            run_pull(buf, len, 5, &o, NULL);
            if (memcmp(&first, &o, sizeof o) != 0)
                fail_msg("%s: pull gives a different outcome than push", c->string);
        }
        free(buf);
        count++;
    }
    assert_true(count >= 90);
    cJSON_Delete(cases);
    free(js);
}

static cJSON *find_import(cJSON *facts, const char *name)
{
    cJSON *imps = cJSON_GetObjectItem(cJSON_GetObjectItem(facts, "pickle"), "imports");

    for (cJSON *i = imps ? imps->child : NULL; i; i = i->next)
        if (strcmp(cJSON_GetObjectItem(i, "name")->valuestring, name) == 0)
            return i;
    return NULL;
}

static void torch_file(const char *rel, struct fmt_result *res)
{
    size_t len = 0;
    unsigned char *buf = slurp(root_path(rel), &len);
    struct outcome o;

    assert_non_null(buf);
    run_pull(buf, len, 100, &o, res);
    free(buf);
}

static void test_real_torch_files(void **state)
{
    struct fmt_result res;
    cJSON *pf, *imp;

    (void)state;
    torch_file("tests/data/torch/state_dict_zip.pt", &res);
    assert_int_equal(res.valid, 1);
    assert_int_equal(res.problems.n, 0);
    pf = cJSON_GetObjectItem(res.facts, "pickle");
    assert_string_equal(cJSON_GetObjectItem(pf, "container")->valuestring, "zip");
    assert_int_equal(cJSON_GetObjectItem(pf, "protocol")->valueint, 2);
    assert_int_equal(cJSON_GetObjectItem(pf, "pickles")->valueint, 1);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(pf, "zip"), "prefix")->valuestring,
                        "state_dict_zip");
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(pf, "zip"), "data_entries")->valueint, 3);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(pf, "zip"), "version")->valuestring, "3");
    imp = find_import(res.facts, "torch._utils._rebuild_tensor_v2");
    assert_non_null(imp);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(imp, "allowed")));
    assert_int_equal(cJSON_GetObjectItem(imp, "calls")->valueint, 3);
    assert_non_null(find_import(res.facts, "torch.FloatStorage"));
    assert_non_null(find_import(res.facts, "torch.HalfStorage"));
    assert_non_null(find_import(res.facts, "torch.LongStorage"));
    assert_non_null(find_import(res.facts, "collections.OrderedDict"));
    fmt_result_free(&res);

    torch_file("tests/data/torch/state_dict_legacy.pt", &res);
    assert_int_equal(res.valid, 1);
    assert_int_equal(res.problems.n, 0);
    pf = cJSON_GetObjectItem(res.facts, "pickle");
    assert_string_equal(cJSON_GetObjectItem(pf, "container")->valuestring, "legacy");
    assert_int_equal(cJSON_GetObjectItem(pf, "pickles")->valueint, 5);
    assert_true(cJSON_GetObjectItem(cJSON_GetObjectItem(pf, "legacy"), "data_bytes")->valueint > 0);
    fmt_result_free(&res);

    torch_file("tests/data/torch/pytorch_model.bin", &res);
    assert_int_equal(res.valid, 1);
    assert_int_equal(res.problems.n, 0);
    fmt_result_free(&res);

    /* a whole module: its classes are imports to review, nothing to deny */
    torch_file("tests/data/torch/full_module.pt", &res);
    assert_int_equal(res.valid, 1);
    assert_int_equal(problem_worst(&res.problems), SEV_REVIEW);
    assert_true(problem_has(&res.problems, "unknown_import"));
    imp = find_import(res.facts, "__main__.TinyNet");
    assert_non_null(imp);
    assert_string_equal(cJSON_GetObjectItem(imp, "verdict")->valuestring, "review");
    assert_non_null(find_import(res.facts, "torch.nn.modules.linear.Linear"));
    fmt_result_free(&res);

    /* TorchScript: code to review, its list builders allowed */
    torch_file("tests/data/torch/torchscript.pt", &res);
    assert_int_equal(res.valid, 1);
    assert_int_equal(problem_worst(&res.problems), SEV_REVIEW);
    assert_true(problem_has(&res.problems, "torchscript_code"));
    imp = find_import(res.facts, "torch.jit._pickle.build_intlist");
    assert_non_null(imp);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(imp, "allowed")));
    fmt_result_free(&res);

    /* numpy arrays and random states */
    torch_file("tests/data/torch/numpy_state.pt", &res);
    assert_int_equal(res.valid, 1);
    assert_int_equal(res.problems.n, 0);
    assert_non_null(find_import(res.facts, "numpy.ndarray"));
    assert_non_null(find_import(res.facts, "numpy.dtype"));
    fmt_result_free(&res);
}

static void test_classify(void **state)
{
    static const struct {
        const char *mod, *name;
        enum pickle_verdict v;
    } t[] = {
        { "torch._utils", "_rebuild_tensor_v2", PICKLE_ALLOW },
        { "torch", "_utils._rebuild_tensor_v2", PICKLE_ALLOW },   /* protocol 4 dotted form */
        { "torch", "BFloat16Storage", PICKLE_ALLOW },
        { "torch.cuda", "HalfStorage", PICKLE_ALLOW },
        { "torch", "bfloat16", PICKLE_ALLOW },
        { "torch", "Size", PICKLE_ALLOW },
        { "torch.storage", "UntypedStorage", PICKLE_ALLOW },
        { "collections", "OrderedDict", PICKLE_ALLOW },
        { "numpy.core.multiarray", "_reconstruct", PICKLE_ALLOW },
        { "numpy._core.multiarray", "_reconstruct", PICKLE_ALLOW },
        { "numpy.dtypes", "Float64DType", PICKLE_ALLOW },
        { "_codecs", "encode", PICKLE_ALLOW },
        { "__builtin__", "object", PICKLE_ALLOW },
        { "types", "SimpleNamespace", PICKLE_ALLOW },
        { "torch.jit._pickle", "build_intlist", PICKLE_ALLOW },
        { "torch.jit", "load", PICKLE_DENY },
        { "torch.jit._pickle", "other", PICKLE_DENY },
        { "__builtin__", "set", PICKLE_ALLOW },
        { "copy_reg", "_reconstructor", PICKLE_ALLOW },
        { "os", "system", PICKLE_DENY },
        { "posix", "system", PICKLE_DENY },
        { "nt", "system", PICKLE_DENY },
        { "os.path", "join", PICKLE_DENY },
        { "subprocess", "Popen", PICKLE_DENY },
        { "builtins", "eval", PICKLE_DENY },
        { "__builtin__", "eval", PICKLE_DENY },
        { "builtins", "getattr", PICKLE_DENY },
        { "builtins", "__import__", PICKLE_DENY },
        { "runpy", "_run_code", PICKLE_DENY },
        { "socket", "socket", PICKLE_DENY },
        { "shutil", "rmtree", PICKLE_DENY },
        { "sys", "modules", PICKLE_DENY },
        { "pty", "spawn", PICKLE_DENY },
        { "importlib", "import_module", PICKLE_DENY },
        { "webbrowser", "open", PICKLE_DENY },
        { "pickle", "loads", PICKLE_DENY },
        { "_pickle", "loads", PICKLE_DENY },
        { "marshal", "loads", PICKLE_DENY },
        { "types", "CodeType", PICKLE_DENY },
        { "types", "FunctionType", PICKLE_DENY },
        { "ctypes", "CDLL", PICKLE_DENY },
        { "requests.api", "get", PICKLE_DENY },
        { "urllib.request", "urlopen", PICKLE_DENY },
        { "http.client", "HTTPConnection", PICKLE_DENY },
        { "asyncio", "create_subprocess_shell", PICKLE_DENY },
        { "multiprocessing", "Process", PICKLE_DENY },
        { "code", "InteractiveInterpreter", PICKLE_DENY },
        { "pdb", "run", PICKLE_DENY },
        { "operator", "attrgetter", PICKLE_DENY },
        { "operator", "methodcaller", PICKLE_DENY },
        { "functools", "partial", PICKLE_DENY },
        { "torch.serialization", "load", PICKLE_DENY },
        { "torch", "load", PICKLE_DENY },
        { "torch.hub", "load", PICKLE_DENY },
        { "numpy.testing._private.utils", "runstring", PICKLE_DENY },
        { "timeit", "timeit", PICKLE_DENY },
        { "torch", "os.system", PICKLE_DENY },
        { "collections", "OrderedDict.__class__.__base__", PICKLE_DENY },
        { "argparse", "_os.execvp", PICKLE_DENY },
        { "argparse", "_os.execl", PICKLE_DENY },
        { "random", "_os.spawnvp", PICKLE_DENY },
        { "threading", "_os.posix_spawnp", PICKLE_DENY },
        { "somepkg", "helpers.popen", PICKLE_DENY },
        { "somepkg.os", "thing", PICKLE_DENY },
        { "_osx_support", "_read_output", PICKLE_DENY },
        { "_aix_support", "_read_cmd_output", PICKLE_DENY },
        { "uuid", "_get_command_stdout", PICKLE_DENY },
        { "dataclasses", "_create_fn", PICKLE_DENY },
        { "_operator", "attrgetter", PICKLE_DENY },
        { "_operator", "methodcaller", PICKLE_DENY },
        { "_operator", "itemgetter", PICKLE_DENY },
        { "operator", "itemgetter", PICKLE_DENY },
        { "_functools", "partial", PICKLE_DENY },
        { "_functools", "reduce", PICKLE_DENY },
        { "functools", "reduce", PICKLE_DENY },
        { "torch.serialization", "pickle._loads", PICKLE_DENY },
        { "torch.serialization", "pickle.Unpickler", PICKLE_DENY },
        { "torch.serialization", "_legacy_load", PICKLE_DENY },
        { "pickle", "_Unpickler", PICKLE_DENY },
        { "pickle", "_loads", PICKLE_DENY },
        { "numpy.core.numeric", "pickle.loads", PICKLE_DENY },
        { "somepkg", "dill._load", PICKLE_DENY },
        { "numpy.lib._npyio_impl", "load", PICKLE_DENY },
        { "numpy.lib.format", "read_array", PICKLE_DENY },
        { "torch.utils.collect_env", "run", PICKLE_DENY },
        { "torch.utils.collect_env", "run_and_read_all", PICKLE_DENY },
        { "torch.fx.graph_module", "_forward_from_src", PICKLE_DENY },
        { "torch.fx.graph_module", "reduce_graph_module", PICKLE_DENY },
        { "argparse", "_sys.modules", PICKLE_DENY },
        { "dataclasses", "field", PICKLE_REVIEW },
        { "mylib", "execute_plan", PICKLE_REVIEW },
        { "osx_helpers", "thing", PICKLE_REVIEW },
        { "__main__", "Net", PICKLE_REVIEW },
        { "torch.nn.modules.linear", "Linear", PICKLE_REVIEW },
        { "argparse", "Namespace", PICKLE_REVIEW },
        { "builtins", "print", PICKLE_REVIEW },
        { "torch", "FloatStorageX_", PICKLE_REVIEW },
        { "numpy", "load_helper", PICKLE_REVIEW },
    };
    const char *rule;

    (void)state;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        enum pickle_verdict v = pickle_classify(t[i].mod, strlen(t[i].mod), t[i].name, strlen(t[i].name), &rule);
        if (v != t[i].v)
            fail_msg("%s.%s: verdict %d, want %d (rule %s)", t[i].mod, t[i].name, v, t[i].v, rule ? rule : "-");
    }
    assert_int_equal(pickle_classify("", 0, "x", 1, NULL), PICKLE_DENY);
    assert_int_equal(pickle_classify("o\0s", 3, "system", 6, NULL), PICKLE_DENY);
}

/* A NUL in an import's name is escaped in the facts, not cut there. */
static void test_nul_name_facts(void **state)
{
    static const unsigned char s[] = "\x80\x04\x8c\x04os\x00x\x8c\x06system\x93.";
    struct fmt_result res;
    struct outcome o;

    (void)state;
    run_push(s, sizeof s - 1, 0, &o, &res);
    assert_non_null(find_import(res.facts, "os\\x00x.system"));
    assert_null(find_import(res.facts, "os"));
    fmt_result_free(&res);
}

/* The legacy path with --no-hash: the storage data is skipped, not fed. */
static void test_no_hash_skip(void **state)
{
    size_t len = 0;
    unsigned char *buf = slurp(root_path("tests/data/torch/state_dict_legacy.pt"), &len);
    struct pickle *pk;
    struct fmt_result res;
    size_t i;

    (void)state;
    assert_non_null(buf);
    assert_int_equal(pickle_new(&pk), 0);
    assert_int_equal(pickle_skip(pk, 1), WA_EUSAGE);
    for (i = 0; i < len && pickle_wants_rest(pk); i++)
        assert_int_equal(pickle_feed(pk, buf + i, 1), 0);
    assert_true(i < len);   /* stopped before the end: the rest is storage data */
    assert_int_equal(pickle_skip(pk, len - i), 0);
    fmt_result_init(&res);
    assert_int_equal(pickle_finish(pk, &res), 0);
    assert_int_equal(res.valid, 1);
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(res.facts, "pickle"), "legacy"),
                                         "data_bytes")->valueint, (int)(len - i));
    fmt_result_free(&res);
    pickle_free(pk);
    free(buf);
}

/* A read error inside a zip is returned, not turned into a problem. */
static void test_read_error(void **state)
{
    size_t len = 0;
    unsigned char *buf = slurp(root_path("tests/data/torch/state_dict_zip.pt"), &len);
    struct pickle *pk;
    struct src s = { NULL, 0, 0, 64, 600, 64 };

    (void)state;
    assert_non_null(buf);
    s.p = buf;
    s.n = len;
    assert_int_equal(pickle_new(&pk), 0);
    assert_int_equal(pickle_pull(pk, src_read, &s), WA_EIO);
    pickle_free(pk);
    free(buf);
}

static void test_limits(void **state)
{
    size_t n = (PICKLE_MAX_STACK + 10) + 3, k = 0;
    unsigned char *buf = malloc(n > 5 * (PICKLE_MAX_MEMO + 10) + 16 ? n : 5 * (PICKLE_MAX_MEMO + 10) + 16);
    struct outcome o;

    (void)state;
    assert_non_null(buf);
    /* a stack deeper than the model: flagged, still valid */
    buf[k++] = 0x80;
    buf[k++] = 2;
    for (size_t i = 0; i < PICKLE_MAX_STACK + 10; i++)
        buf[k++] = 'N';
    buf[k++] = '.';
    run_push(buf, k, 0, &o, NULL);
    assert_int_equal(o.valid, 1);
    assert_string_equal(o.code, "limit_exceeded");
    assert_int_equal(o.sev, SEV_REVIEW);

    /* more memo entries than modelled: flagged; a GET of a dropped one is not an error */
    k = 0;
    buf[k++] = 0x80;
    buf[k++] = 2;
    buf[k++] = 'N';
    for (uint32_t i = 0; i < PICKLE_MAX_MEMO + 5; i++) {
        buf[k++] = 'r';
        memcpy(buf + k, &i, 4);   /* little-endian hosts only, like the rest of the tests */
        k += 4;
    }
    buf[k++] = 'j';
    uint32_t last = PICKLE_MAX_MEMO + 3;
    memcpy(buf + k, &last, 4);
    k += 4;
    buf[k++] = '0';
    buf[k++] = '.';
    run_push(buf, k, 4096, &o, NULL);
    assert_int_equal(o.valid, 1);
    assert_string_equal(o.code, "limit_exceeded");
    free(buf);

    /* many imports of one dangerous name: one problem */
    static const char evil[] = "cos\nsystem\n0";
    size_t reps = 1000;
    buf = malloc(reps * (sizeof evil - 1) + 4);
    k = 0;
    for (size_t i = 0; i < reps; i++) {
        memcpy(buf + k, evil, sizeof evil - 1);
        k += sizeof evil - 1;
    }
    buf[k++] = 'N';
    buf[k++] = '.';
    struct fmt_result res;
    run_push(buf, k, 0, &o, &res);
    assert_int_equal(res.problems.n, 1);
    assert_int_equal(res.problems.v[0].sev, SEV_DENY);
    fmt_result_free(&res);
    free(buf);
}

static void test_detect(void **state)
{
    size_t len = 0;
    unsigned char *buf;
    static const unsigned char raw_floats[] = { 0x00, 0x00, 0x80, 0x3f, 0xcd, 0xcc, 0x4c, 0x3e, 0x00, 0x00 };

    (void)state;
    buf = slurp(root_path("tests/data/torch/state_dict_zip.pt"), &len);
    assert_non_null(buf);
    assert_ptr_equal(fmt_detect(buf, len, "whatever.dat"), &fmt_pickle);
    free(buf);
    buf = slurp(root_path("tests/data/torch/state_dict_legacy.pt"), &len);
    assert_non_null(buf);
    assert_ptr_equal(fmt_detect(buf, len, "x"), &fmt_pickle);
    free(buf);
    /* protocol 0 is claimed by name only */
    assert_ptr_equal(fmt_detect((const uint8_t *)"(lp0\n.", 6, "a.pkl"), &fmt_pickle);
    assert_ptr_equal(fmt_detect((const uint8_t *)"(lp0\n.", 6, "pytorch_model.bin"), &fmt_pickle);
    assert_null(fmt_detect((const uint8_t *)"(lp0\n.", 6, "notes"));
    /* a .bin that is not a pickle (raw weights, as OpenVINO writes) is left alone */
    assert_null(fmt_detect(raw_floats, sizeof raw_floats, "openvino_model.bin"));
    /* a .pkl that is not a pickle is claimed, and will be reported invalid */
    assert_ptr_equal(fmt_detect(raw_floats, sizeof raw_floats, "x.pkl"), &fmt_pickle);

    /* a stream that starts as a pickle is one, whatever follows (garbage
     * after STOP, a bad BINGET after the REDUCE), and whatever its name
     * when it imports something dangerous; a .npy without the NUMPY magic
     * is unpickled by np.load(allow_pickle=True) */
    {
        static const char *const starts[][2] = {
            { "pickle/sniff_trailing_garbage.bin", "pytorch_model.bin" },
            { "pickle/sniff_bad_binget.bin", "model.bin" },
            { "pickle/sniff_p0_trailing.bin", "pytorch_model.bin" },
            { "pickle/sniff_p0_npy.npy", "x.npy" },
            { "pickle/sniff_p2_npy.npy", "x.npy" },
            { "pickle/sniff_p0_noext.dat", "weights.dat" },
            { "pickle/sniff_p0_noext.dat", "weights" },
        };
        for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
            buf = slurp(td_path(starts[i][0]), &len);
            assert_non_null(buf);
            if (fmt_detect(buf, len, starts[i][1]) != &fmt_pickle)
                fail_msg("%s named %s is not detected as a pickle", starts[i][0], starts[i][1]);
            free(buf);
        }
    }
    buf = slurp(td_path("pickle/arrays.npy"), &len);
    assert_non_null(buf);
    assert_null(fmt_detect(buf, len, "arrays.npy"));
    free(buf);
    buf = slurp(td_path("pickle/arrays.npz"), &len);
    assert_non_null(buf);
    assert_null(fmt_detect(buf, len, "arrays.npz"));
    assert_null(fmt_detect(buf, len, "arrays.zip"));
    assert_int_equal(fmt_guess(buf, len, "arrays.npz"), FORMAT_NUMPY);
    free(buf);
    buf = slurp(td_path("pickle/model.keras"), &len);
    assert_non_null(buf);
    assert_null(fmt_detect(buf, len, "model.keras"));
    assert_int_equal(fmt_guess(buf, len, "model.keras"), FORMAT_KERAS);
    free(buf);
    assert_int_equal(fmt_guess((const uint8_t *)"\x93NUMPY\x01\x00", 8, "x"), FORMAT_NUMPY);
    assert_int_equal(fmt_guess((const uint8_t *)"\x89HDF\r\n\x1a\n", 8, "tf_model.h5"), FORMAT_HDF5);
    assert_int_equal(fmt_guess((const uint8_t *)"\x89HDF\r\n\x1a\n", 8, "m.keras"), FORMAT_KERAS);
    assert_int_equal(fmt_guess((const uint8_t *)"\x08\x07", 2, "model.onnx"), FORMAT_ONNX);
    assert_int_equal(fmt_guess((const uint8_t *)"\x00\x01", 2, "model.onnx_data"), FORMAT_ONNX);
    assert_int_equal(fmt_guess((const uint8_t *)"\x08\x01", 2, "m/saved_model.pb"), FORMAT_TENSORFLOW);
    assert_int_equal(fmt_guess((const uint8_t *)"\x00\x01", 2, "variables.data-00000-of-00001"),
                     FORMAT_TENSORFLOW);
    assert_int_equal(fmt_guess((const uint8_t *)"\x00\x01", 2, "model.ckpt-100.index"), FORMAT_TENSORFLOW);
    assert_int_equal(fmt_guess((const uint8_t *)"\x00\x01", 2, "model.ckpt-100.data-00000-of-00001"),
                     FORMAT_TENSORFLOW);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_cases_all_chunkings),
        cmocka_unit_test(test_real_torch_files),
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_nul_name_facts),
        cmocka_unit_test(test_no_hash_skip),
        cmocka_unit_test(test_read_error),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_detect),
    };
    return cmocka_run_group_tests_name("pickle", tests, NULL, NULL);
}

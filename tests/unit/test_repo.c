/*
 * test_repo.c - every layout module through scan_run on small trees made
 * here (with the fixture generator and real git, git-lfs and tar): the
 * layout recognised, each file's integrity and where its expected hash came
 * from, the findings; and the audited tree left exactly as it was (names,
 * modes, sizes, mtimes, ctimes, contents, link targets, and the atime of
 * every file the scan itself read).
 */
#include "wa_test.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "scan.h"

static char tmp[256];
static char model[512];   /* the tiny model folder every layout is made from */

static void sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (system(cmd) != 0)
        fail_msg("command failed: %s", cmd);
}

static int setup(void **state)
{
    const char *root = getenv("WA_ROOT") ? getenv("WA_ROOT") : ".";

    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/wa-repo-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    snprintf(model, sizeof model, "%s/src", tmp);
    sh("mkdir -p %s && python3 %s/fixtures/make_safetensors.py %s/model.safetensors a:F32:4x4 b:BF16:8", model, root,
       model);
    sh("printf '{\"model_type\": \"tiny\"}' > %s/config.json && printf 'Apache-2.0\\n' > %s/LICENSE", model, model);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sh("rm -rf '%s'", tmp);
    return 0;
}

/* ---- a snapshot of a tree: one line per entry ------------------------- */

struct snap {
    char *text;
    size_t len, cap;
};

static void snap_add(struct snap *s, const char *line)
{
    size_t n = strlen(line);

    if (s->len + n + 1 > s->cap) {
        s->cap = (s->len + n + 1) * 2;
        s->text = realloc(s->text, s->cap);
        assert_non_null(s->text);
    }
    memcpy(s->text + s->len, line, n + 1);
    s->len += n;
}

/* Content hash of a file, read without touching its atime (as the scan does). */
static void hash_file(const char *p, char hex[HASH_SHA256_HEX])
{
    struct hash_ctx *h;
    char buf[65536];
    ssize_t k;
    int fd = open(p, O_RDONLY | O_NOATIME | O_NONBLOCK);

    if (fd < 0)
        { fprintf(stderr, "cannot open %s: %s\n", p, strerror(errno)); fail(); }
    assert_int_equal(hash_new(&h, HASH_SHA256, 0), 0);
    while ((k = read(fd, buf, sizeof buf)) > 0)
        hash_update(h, buf, (size_t)k);
    close(fd);
    hash_final(h, hex);
    hash_free(h);
}

static void snap_walk(struct snap *s, const char *dir, const char *rel, int in_git)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0;

    if (!d) { fprintf(stderr, "cannot open dir %s: %s\n", dir, strerror(errno)); fail(); }
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(names[i], names[j]) > 0) {
                char *t = names[i];
                names[i] = names[j];
                names[j] = t;
            }
    for (size_t i = 0; i < n; i++) {
        char p[2048], r[2048], line[4096], extra[300] = "";
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", names[i]);
        assert_int_equal(lstat(p, &st), 0);
        if (S_ISREG(st.st_mode)) {
            char hex[HASH_SHA256_HEX];
            hash_file(p, hex);
            snprintf(extra, sizeof extra, " %s atime=%lld", hex, in_git ? 0LL : (long long)st.st_atim.tv_nsec +
                                                                                    (long long)st.st_atime * 1000000000LL);
        } else if (S_ISLNK(st.st_mode)) {
            ssize_t k = readlink(p, extra, sizeof extra - 1);
            extra[k > 0 ? k : 0] = '\0';
        }
        snprintf(line, sizeof line, "%s mode=%o size=%lld mtime=%lld.%09ld ctime=%lld.%09ld %s\n", r,
                 (unsigned)st.st_mode, (long long)st.st_size, (long long)st.st_mtime, st.st_mtim.tv_nsec,
                 (long long)st.st_ctime, st.st_ctim.tv_nsec, extra);
        snap_add(s, line);
        if (S_ISDIR(st.st_mode))
            snap_walk(s, p, r, in_git || !strcmp(names[i], ".git"));
        free(names[i]);
    }
    free(names);
}

static char *snapshot(const char *dir)
{
    struct snap s = { NULL, 0, 0 };
    struct stat st;

    snap_add(&s, "");
    assert_int_equal(stat(dir, &st), 0);
    if (S_ISDIR(st.st_mode)) {
        snap_walk(&s, dir, "", 0);
    } else {
        char hex[HASH_SHA256_HEX], line[600];
        hash_file(dir, hex);
        snprintf(line, sizeof line, "size=%lld mtime=%lld.%09ld atime=%lld.%09ld %s\n", (long long)st.st_size,
                 (long long)st.st_mtime, st.st_mtim.tv_nsec, (long long)st.st_atime, st.st_atim.tv_nsec, hex);
        snap_add(&s, line);
    }
    return s.text;
}

/* ---- scanning ------------------------------------------------------------ */

static struct scan_result scan_one(const char *path, int jobs)
{
    struct scan_opts o;
    struct scan_result res;
    struct wa_err err;
    char *before = snapshot(path), *after;
    const char *paths[1] = { path };

    scan_opts_init(&o);
    o.jobs = jobs;
    assert_int_equal(scan_run(&res, paths, 1, &o, &err), 0);
    after = snapshot(path);
    if (strcmp(before, after) != 0) {
        /* the first line that differs */
        const char *b = before, *a = after;
        while (*b && *b == *a) {
            b++;
            a++;
        }
        while (b > before && b[-1] != '\n') {
            b--;
            a--;
        }
        fail_msg("the scan changed the tree %s:\nbefore: %.300s\nafter:  %.300s", path, b, a);
    }
    free(before);
    free(after);
    return res;
}

static const struct rep_file *file(const struct rep_model *m, const char *path)
{
    for (size_t i = 0; i < m->n_files; i++)
        if (!strcmp(m->files[i].path, path))
            return &m->files[i];
    fail_msg("no file %s in the model", path);
    return NULL;
}

static int has_finding(const struct rep_model *m, const char *code)
{
    for (size_t i = 0; i < m->n_findings; i++)
        if (!strcmp(m->findings[i].code, code))
            return 1;
    return 0;
}

static void expect(const struct rep_model *m, const char *path, enum integrity i, const char *from)
{
    const struct rep_file *f = file(m, path);

    if (f->integrity != i)
        fail_msg("%s: integrity %s, want %s (%s)", path, integrity_name(f->integrity), integrity_name(i),
                 f->note ? f->note : "");
    if (from) {
        assert_true(f->has_expected);
        assert_string_equal(f->expected.from, from);
    }
}

/* ---- the layouts ------------------------------------------------------------ */

static void test_directory(void **state)
{
    char p[600];
    struct scan_result r;
    const struct rep_model *m;

    (void)state;
    snprintf(p, sizeof p, "%s/dir", tmp);
    sh("cp -R %s %s && ln -s ../src/LICENSE %s/escape && ln -s model.safetensors %s/alias.safetensors && "
       "mkfifo %s/fifo && ln -s loop2 %s/loop1 && ln -s loop1 %s/loop2 && ln -s nowhere %s/dangling",
       model, p, p, p, p, p, p, p);
    r = scan_one(p, 2);
    assert_int_equal(r.rep->n_models, 1);
    m = &r.rep->models[0];
    assert_int_equal(m->layout, LAYOUT_DIRECTORY);
    expect(m, "model.safetensors", INTEG_UNVERIFIED, NULL);
    assert_int_equal(file(m, "model.safetensors")->valid, 1);
    expect(m, "alias.safetensors", INTEG_UNVERIFIED, NULL);
    assert_string_equal(file(m, "alias.safetensors")->sha256, file(m, "model.safetensors")->sha256);
    expect(m, "escape", INTEG_UNSAFE_PATH, NULL);
    expect(m, "fifo", INTEG_UNSAFE_PATH, NULL);
    expect(m, "loop1", INTEG_UNSAFE_PATH, NULL);
    expect(m, "dangling", INTEG_MISSING, NULL);
    assert_true(has_finding(m, "unsafe_path"));
    assert_int_equal(m->verdict, VERDICT_DENY);
    /* the shared target was read once: LICENSE, config.json, model.safetensors */
    assert_int_equal(r.files_read, 3);
    scan_result_free(&r);
}

static void test_hfcache(void **state)
{
    const char *root = getenv("WA_ROOT") ? getenv("WA_ROOT") : ".";
    char cache[600], repo[700];
    struct scan_result r;
    const struct rep_model *m;

    (void)state;
    snprintf(cache, sizeof cache, "%s/hub", tmp);
    snprintf(repo, sizeof repo, "%s/models--o--n", cache);
    sh("python3 %s/fixtures/make_layouts.py hfcache %s %s o n 1111111111111111111111111111111111111111", root, model,
       cache);
    /* a second snapshot sharing the weights blob, and a Windows-style copy */
    sh("python3 %s/fixtures/make_layouts.py hfcache %s %s o n 2222222222222222222222222222222222222222 --ref v2",
       root, model, cache);
    sh("cd %s/snapshots/2222222222222222222222222222222222222222 && cp --remove-destination \"$(readlink -f "
       "config.json)\" config.json", repo);
    r = scan_one(cache, 2);
    assert_int_equal(r.rep->n_models, 1);     /* one model per repository folder, at refs/main */
    m = &r.rep->models[0];
    assert_int_equal(m->layout, LAYOUT_HF_CACHE);
    assert_string_equal(m->name, "o/n");
    assert_string_equal(m->revision, "1111111111111111111111111111111111111111");
    expect(m, "model.safetensors", INTEG_VERIFIED, "hf-blob-name");
    assert_string_equal(file(m, "model.safetensors")->expected.algo, "sha256");
    expect(m, "config.json", INTEG_VERIFIED, "hf-blob-name");
    assert_string_equal(file(m, "config.json")->expected.algo, "git_sha1");
    assert_true(has_finding(m, "hf_other_revisions"));
    assert_int_equal(r.files_read, 3);
    scan_result_free(&r);

    /* the other revision, by its snapshot folder: the copy matches a blob */
    {
        char snap[800];
        snprintf(snap, sizeof snap, "%s/snapshots/2222222222222222222222222222222222222222", repo);
        r = scan_one(snap, 1);
        m = &r.rep->models[0];
        assert_string_equal(m->revision, "2222222222222222222222222222222222222222");
        expect(m, "config.json", INTEG_VERIFIED, "hf-blob-name");
        expect(m, "model.safetensors", INTEG_VERIFIED, "hf-blob-name");
        scan_result_free(&r);
    }
    /* a copy no blob proves */
    sh("cd %s/snapshots/2222222222222222222222222222222222222222 && printf '{}' > config.json", repo);
    {
        char snap[800];
        snprintf(snap, sizeof snap, "%s/snapshots/2222222222222222222222222222222222222222", repo);
        r = scan_one(snap, 1);
        m = &r.rep->models[0];
        expect(m, "config.json", INTEG_UNVERIFIED, NULL);
        assert_true(has_finding(m, "hf_copy_unverified"));
        scan_result_free(&r);
    }

    /* a blob altered: its name no longer matches */
    sh("cd %s/blobs && f=$(ls | head -c 64 | head -1); for b in *; do [ ${#b} = 64 ] && printf x >> $b; done; true",
       repo);
    r = scan_one(repo, 1);
    m = &r.rep->models[0];
    expect(m, "model.safetensors", INTEG_MISMATCH, "hf-blob-name");
    assert_true(has_finding(m, "integrity_mismatch"));
    assert_int_equal(r.rep->verdict, VERDICT_DENY);
    scan_result_free(&r);
}

/* Write trees/<commit>.json of repo from a Python expression over the tree
 * cache the generator wrote (t: its parsed JSON), then scan the repo. */
static struct scan_result scan_with_tree(const char *repo, const char *expr, int jobs)
{
    sh("cd %s/trees && python3 -c 'import json; t = json.load(open(\"4444444444444444444444444444444444444444.json\")); "
       "t = %s; json.dump(t, open(\"t.json\", \"w\"), indent=1)' && mv t.json "
       "4444444444444444444444444444444444444444.json", repo, expr);
    return scan_one(repo, jobs);
}

/* trees/<commit>.json in both forms: huggingface_hub's tree cache object and
 * the Hub API's /tree list; copies (no symlinks) proven by it; each malformed
 * entry left out, and said so. */
static void test_hfcache_tree(void **state)
{
    const char *root = getenv("WA_ROOT") ? getenv("WA_ROOT") : ".";
    char cache[600], repo[700];
    struct scan_result r;
    const struct rep_model *m;

    (void)state;
    snprintf(cache, sizeof cache, "%s/treehub", tmp);
    snprintf(repo, sizeof repo, "%s/models--o--t", cache);
    sh("python3 %s/fixtures/make_layouts.py hfcache %s %s o t 4444444444444444444444444444444444444444 --tree "
       "--copies && mkdir -p %s/keep && cp %s/trees/*.json %s/keep/", root, model, cache, tmp, repo, tmp);
    r = scan_one(repo, 2);
    m = &r.rep->models[0];
    expect(m, "model.safetensors", INTEG_VERIFIED, "git-tree");
    assert_string_equal(file(m, "model.safetensors")->expected.algo, "sha256");
    assert_int_equal(file(m, "model.safetensors")->expected.size, file(m, "model.safetensors")->size);
    expect(m, "config.json", INTEG_VERIFIED, "git-tree");
    assert_string_equal(file(m, "config.json")->expected.algo, "git_sha1");
    assert_false(has_finding(m, "hf_tree_invalid"));
    assert_false(has_finding(m, "hf_copy_unverified"));
    assert_int_equal(m->verdict, VERDICT_ALLOW);
    scan_result_free(&r);

    /* the same listing in the Hub API's list form */
    r = scan_with_tree(repo, "[{\"type\": \"directory\", \"path\": \"sub\", \"oid\": \"x\"}] + [dict(type=\"file\", "
                       "path=p, oid=e[\"blob_id\"], size=e[\"size\"], **({\"lfs\": {\"oid\": e[\"lfs_sha256\"], "
                       "\"size\": e[\"lfs_size\"]}} if e[\"lfs_sha256\"] else {})) for p, e in t[\"files\"].items()]",
                       2);
    m = &r.rep->models[0];
    expect(m, "model.safetensors", INTEG_VERIFIED, "git-tree");
    expect(m, "config.json", INTEG_VERIFIED, "git-tree");
    assert_false(has_finding(m, "hf_tree_invalid"));
    scan_result_free(&r);

    /* an unknown format_version: not used, the copies unproven */
    sh("cp %s/keep/*.json %s/trees/", tmp, repo);
    r = scan_with_tree(repo, "dict(t, format_version=2)", 2);
    m = &r.rep->models[0];
    assert_true(has_finding(m, "hf_tree_invalid"));
    expect(m, "config.json", INTEG_UNVERIFIED, NULL);
    assert_true(has_finding(m, "hf_copy_unverified"));
    scan_result_free(&r);

    /* malformed entries: a short hash, a negative size, a path out of the
     * snapshot; each is left out, the good ones still used */
    sh("cp %s/keep/*.json %s/trees/", tmp, repo);
    r = scan_with_tree(repo, "(t[\"files\"][\"config.json\"].update(blob_id=\"abc\"), "
                       "t[\"files\"][\"LICENSE\"].update(size=-1), t[\"files\"].update({\"../x\": "
                       "t[\"files\"][\"model.safetensors\"]}), t)[-1]", 2);
    m = &r.rep->models[0];
    assert_true(has_finding(m, "hf_tree_invalid"));
    expect(m, "config.json", INTEG_UNVERIFIED, NULL);
    expect(m, "LICENSE", INTEG_UNVERIFIED, NULL);
    expect(m, "model.safetensors", INTEG_VERIFIED, "git-tree");
    scan_result_free(&r);

    /* a path listed twice (a repeated key): the tree is not used */
    sh("cp %s/keep/*.json %s/trees/ && cd %s/trees && sed -i 's/\"LICENSE\"/\"config.json\"/' "
       "4444444444444444444444444444444444444444.json", tmp, repo, repo);
    r = scan_one(repo, 2);
    m = &r.rep->models[0];
    assert_true(has_finding(m, "hf_tree_invalid"));
    expect(m, "model.safetensors", INTEG_UNVERIFIED, NULL);
    scan_result_free(&r);
}

static void test_localdir(void **state)
{
    const char *root = getenv("WA_ROOT") ? getenv("WA_ROOT") : ".";
    char p[600];
    struct scan_result r;
    const struct rep_model *m;

    (void)state;
    snprintf(p, sizeof p, "%s/local", tmp);
    sh("python3 %s/fixtures/make_layouts.py localdir %s %s 3333333333333333333333333333333333333333 1700000000",
       root, model, p);
    sh("touch -d @1700000900 %s/config.json", p);                     /* stale, content unchanged */
    sh("printf more >> %s/LICENSE && touch -d @1700000900 %s/LICENSE", p, p);  /* stale and changed */
    r = scan_one(p, 2);
    m = &r.rep->models[0];
    assert_int_equal(m->layout, LAYOUT_HF_LOCAL_DIR);
    assert_string_equal(m->revision, "3333333333333333333333333333333333333333");
    assert_null(m->name);
    assert_int_equal(m->n_files, 3);       /* .cache is not part of the model */
    expect(m, "model.safetensors", INTEG_VERIFIED, "local-dir-metadata");
    expect(m, "config.json", INTEG_VERIFIED, "local-dir-metadata");
    expect(m, "LICENSE", INTEG_UNVERIFIED, NULL);
    assert_false(file(m, "LICENSE")->has_expected);
    assert_true(has_finding(m, "metadata_stale"));
    assert_int_equal(m->verdict, VERDICT_REVIEW);
    scan_result_free(&r);
}

/* Interrupted downloads as huggingface_hub >= 0.28 names them: <short
 * hash>.<etag>[.<uuid8>].incomplete, resolved to the file through NAME.lock
 * or NAME.metadata beside it, in a subfolder too. */
static void test_localdir_partial(void **state)
{
    const char *root = getenv("WA_ROOT") ? getenv("WA_ROOT") : ".";
    char src[600], p[600];
    struct scan_result r;
    const struct rep_model *m;

    (void)state;
    snprintf(src, sizeof src, "%s/src-sub", tmp);
    snprintf(p, sizeof p, "%s/local-partial", tmp);
    sh("cp -R %s %s && mkdir %s/sub && mv %s/model.safetensors %s/sub/", model, src, src, src, src);
    sh("L='python3 %s/fixtures/make_layouts.py' && $L localdir %s %s 3333333333333333333333333333333333333333 "
       "1700000000 && $L partial %s sub/model.safetensors 1.18 && $L partial %s LICENSE 0.28", root, src, p, p, p);
    /* config.json is there: a newer download of it, found by its metadata alone */
    sh("cd %s/.cache/huggingface/download && python3 -c 'import base64, hashlib; print(base64.urlsafe_b64encode("
       "hashlib.sha1(b\"config.json.metadata\").digest()).decode(), end=\"\")' > h && printf x > \"$(cat h)."
       "0123456789abcdef0123456789abcdef01234567.incomplete\" && rm h", p);
    r = scan_one(p, 2);
    m = &r.rep->models[0];
    assert_int_equal(m->n_files, 3);
    expect(m, "sub/model.safetensors", INTEG_INCOMPLETE, NULL);
    expect(m, "LICENSE", INTEG_INCOMPLETE, NULL);
    expect(m, "config.json", INTEG_VERIFIED, "local-dir-metadata");
    {
        int newer = 0;
        for (size_t i = 0; i < m->n_findings; i++)
            newer |= !strcmp(m->findings[i].code, "download_incomplete") && m->findings[i].file &&
                     !strcmp(m->findings[i].file, "config.json") && m->findings[i].severity == FIND_REVIEW;
        assert_true(newer);
    }
    assert_int_equal(m->verdict, VERDICT_DENY);
    scan_result_free(&r);

    /* no lock names it: kept under its own name, said so */
    sh("rm %s/.cache/huggingface/download/sub/model.safetensors.lock", p);
    r = scan_one(p, 2);
    m = &r.rep->models[0];
    assert_int_equal(m->n_files, 3);
    assert_non_null(strstr(m->files[2].path, "sub/"));
    assert_int_equal(strlen(m->files[2].path), 4 + 28);
    assert_int_equal(m->files[2].integrity, INTEG_INCOMPLETE);
    assert_non_null(strstr(m->files[2].note, "no NAME.lock"));
    scan_result_free(&r);
}

static void test_git(void **state)
{
    char p[600], env[900];
    struct scan_result r;
    const struct rep_model *m;

    (void)state;
    snprintf(p, sizeof p, "%s/git", tmp);
    snprintf(env, sizeof env,
             "export HOME=%s/home GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t "
             "GIT_COMMITTER_EMAIL=t@t; mkdir -p $HOME; git lfs install --skip-repo >/dev/null",
             tmp);
    sh("%s; git init -q %s && cp -R %s/. %s/ && cd %s && git lfs track '*.safetensors' >/dev/null && git add . && "
       "git commit -q -m m && git remote add origin git@hf.co:org/model.git && printf extra > untracked.txt && "
       "printf changed > config.json",
       env, p, model, p, p);
    r = scan_one(p, 2);
    m = &r.rep->models[0];
    assert_int_equal(m->layout, LAYOUT_GIT);
    assert_string_equal(m->name, "org/model");
    assert_non_null(m->revision);
    assert_int_equal(strlen(m->revision), 40);
    expect(m, "model.safetensors", INTEG_VERIFIED, "lfs-pointer");
    expect(m, "LICENSE", INTEG_VERIFIED, "git-tree");
    expect(m, "config.json", INTEG_MISMATCH, "git-tree");
    expect(m, "untracked.txt", INTEG_UNVERIFIED, NULL);
    scan_result_free(&r);

    /* the weights replaced by their pointer, a tracked file deleted */
    sh("cd %s && git cat-file -p HEAD:model.safetensors > model.safetensors && rm LICENSE", p);
    r = scan_one(p, 1);
    m = &r.rep->models[0];
    expect(m, "model.safetensors", INTEG_LFS_POINTER, "lfs-pointer");
    expect(m, "LICENSE", INTEG_MISSING, "git-tree");
    assert_true(has_finding(m, "lfs_pointer"));
    assert_int_equal(m->verdict, VERDICT_DENY);
    scan_result_free(&r);
}

static void test_ollama(void **state)
{
    const char *root = getenv("WA_ROOT") ? getenv("WA_ROOT") : ".";
    char p[600];
    struct scan_result r;
    const struct rep_model *m;
    size_t licenses = 0;

    (void)state;
    snprintf(p, sizeof p, "%s/ollama", tmp);
    sh("python3 %s/fixtures/make_layouts.py gguf %s/t.gguf && python3 %s/fixtures/make_layouts.py ollama %s/models "
       "%s/t.gguf && mkdir -p %s/models/manifests/registry.ollama.ai/library/tiny && "
       "cp %s/models/manifests/registry.ollama.ai/library/tiny/latest "
       "%s/models/manifests/registry.ollama.ai/library/tiny/q8",
       root, tmp, root, p, tmp, p, p, p);
    r = scan_one(p, 2);
    assert_int_equal(r.rep->n_models, 2);
    m = &r.rep->models[0];
    assert_int_equal(m->layout, LAYOUT_OLLAMA);
    assert_string_equal(m->name, "library/tiny:latest");
    assert_string_equal(r.rep->models[1].name, "library/tiny:q8");
    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *f = &m->files[i];
        if (!strncmp(f->path, "blobs/", 6)) {
            expect(m, f->path, INTEG_VERIFIED, "ollama-manifest");
            if (f->role == ROLE_LICENSE) {
                licenses++;
                assert_non_null(f->content);
                assert_non_null(strstr((const char *)f->content, "Apache License"));
            }
        }
    }
    assert_int_equal(licenses, 1);
    /* 5 blobs shared by the two tags, each read once */
    assert_int_equal(r.files_read, 5);
    scan_result_free(&r);
}

static void test_archive(void **state)
{
    char p[600];
    struct scan_result r;
    const struct rep_model *m;

    (void)state;
    snprintf(p, sizeof p, "%s/m.tar.gz", tmp);
    sh("cd %s && tar czf %s src", tmp, p);
    r = scan_one(tmp, 1);   /* the folder: a directory with everything in it */
    scan_result_free(&r);
    r = scan_one(p, 1);
    m = &r.rep->models[0];
    assert_int_equal(m->layout, LAYOUT_ARCHIVE);
    expect(m, "model.safetensors", INTEG_UNVERIFIED, NULL);
    assert_int_equal(file(m, "model.safetensors")->valid, 1);
    assert_non_null(file(m, "LICENSE")->content);
    assert_int_equal(m->verdict, VERDICT_ALLOW);
    scan_result_free(&r);
}

/* Archive bombs: past the entry or byte bound the reading stops, deny. */
static void test_archive_bounds(void **state)
{
    char p[600], q[600];
    struct scan_opts o;
    struct scan_result r;
    struct wa_err err;
    const char *paths[1];

    (void)state;
    snprintf(p, sizeof p, "%s/bomb.tar.gz", tmp);
    snprintf(q, sizeof q, "%s/many.tar", tmp);
    sh("mkdir -p %s/bomb %s/many && head -c 20000000 /dev/zero > %s/bomb/zeros.bin && "
       "cd %s && tar czf %s bomb && for i in 1 2 3 4 5 6; do : > many/f$i; done && tar cf %s many",
       tmp, tmp, tmp, tmp, p, q);
    scan_opts_init(&o);
    o.archive_max_bytes = 1 << 20;
    o.archive_max_entries = 4;
    paths[0] = p;
    assert_int_equal(scan_run(&r, paths, 1, &o, &err), 0);
    assert_true(has_finding(&r.rep->models[0], "archive_limit"));
    assert_int_equal(r.rep->verdict, VERDICT_DENY);
    scan_result_free(&r);
    paths[0] = q;
    assert_int_equal(scan_run(&r, paths, 1, &o, &err), 0);
    assert_true(has_finding(&r.rep->models[0], "archive_limit"));
    assert_true(r.rep->models[0].n_files <= 4);
    scan_result_free(&r);
    /* within the default bounds the same archive is fine */
    scan_opts_init(&o);
    paths[0] = p;
    assert_int_equal(scan_run(&r, paths, 1, &o, &err), 0);
    assert_false(has_finding(&r.rep->models[0], "archive_limit"));
    assert_int_equal(r.rep->models[0].files[0].size, 20000000);
    scan_result_free(&r);
}

/* A read that fails halfway: that file is unreadable (review), the others
 * are read; when every read fails, nothing was read at all. */
static void test_read_failure(void **state)
{
    char p[600];
    struct scan_opts o;
    struct scan_result r;
    struct wa_err err;
    const char *paths[1] = { p };
    const struct rep_model *m;

    (void)state;
    snprintf(p, sizeof p, "%s/readfail", tmp);
    sh("mkdir -p %s && head -c 5000 /dev/zero > %s/big.bin && printf small > %s/a.txt", p, p, p);
    scan_opts_init(&o);
    scan_test_fail_read_at = 1000;
    assert_int_equal(scan_run(&r, paths, 1, &o, &err), 0);
    scan_test_fail_read_at = 0;
    m = &r.rep->models[0];
    expect(m, "big.bin", INTEG_UNREADABLE, NULL);
    assert_non_null(strstr(file(m, "big.bin")->note, "offset"));
    expect(m, "a.txt", INTEG_UNVERIFIED, NULL);
    assert_true(has_finding(m, "file_unreadable"));
    assert_int_equal(r.files_to_read, 2);
    assert_int_equal(r.files_read, 1);
    scan_result_free(&r);

    scan_test_fail_read_at = 1;
    assert_int_equal(scan_run(&r, paths, 1, &o, &err), 0);
    scan_test_fail_read_at = 0;
    assert_int_equal(r.files_to_read, 2);
    assert_int_equal(r.files_read, 0);
    scan_result_free(&r);
}

/* Files that vanish or change between listing, opening and reading (the
 * races a live download or a hostile writer makes), made deterministic by
 * the scan's test hook: each is unreadable with a message saying so, a
 * weight file among them denies, and the other files are read as usual. */
static const char *race_file;
static int race_kind;   /* 0 vanish before open, 1 grow, 2 shrink, 3 rewrite in place */

static void race_hook(int phase, const char *root, const char *rel)
{
    char p[1200];
    FILE *f;

    if (strcmp(rel, race_file) != 0 || phase != (race_kind == 0 ? 0 : 1))
        return;
    snprintf(p, sizeof p, "%s/%s", root, rel);
    if (race_kind == 0) {
        unlink(p);
    } else if (race_kind == 1 && (f = fopen(p, "ab"))) {
        fputs("appended while the scan read the file", f);
        fclose(f);
    } else if (race_kind == 2) {
        assert_int_equal(truncate(p, 100), 0);
    } else if (race_kind == 3 && (f = fopen(p, "r+b"))) {
        struct timespec ts[2] = { { 0, UTIME_OMIT }, { 1000000000, 0 } };
        fputc('X', f);
        fclose(f);
        utimensat(AT_FDCWD, p, ts, 0);   /* a new mtime even on coarse clocks */
    }
}

static void test_changed_during_scan(void **state)
{
    static const char *const why[] = { "vanished during the scan", "grew past the 5000 bytes",
                                       "ended 4900 bytes short of the 5000", "modification time moved" };
    char p[600];
    struct scan_opts o;
    struct scan_result r;
    struct wa_err err;
    const char *paths[1] = { p };
    const struct rep_model *m;

    (void)state;
    for (int k = 0; k < 4; k++) {
        snprintf(p, sizeof p, "%s/race%d", tmp, k);
        sh("mkdir -p %s && head -c 5000 /dev/zero > %s/model.bin && printf small > %s/a.txt", p, p, p);
        race_file = "model.bin";
        race_kind = k;
        scan_test_hook = race_hook;
        scan_opts_init(&o);
        assert_int_equal(scan_run(&r, paths, 1, &o, &err), 0);
        scan_test_hook = NULL;
        m = &r.rep->models[0];
        expect(m, "model.bin", INTEG_UNREADABLE, NULL);
        if (!strstr(file(m, "model.bin")->note, why[k]))
            fail_msg("case %d: note \"%s\" lacks \"%s\"", k, file(m, "model.bin")->note, why[k]);
        expect(m, "a.txt", INTEG_UNVERIFIED, NULL);
        assert_true(has_finding(m, "file_unreadable"));
        assert_int_equal(m->verdict, VERDICT_DENY);   /* a weight file not proved intact */
        scan_result_free(&r);
    }
}

static void test_missing_path(void **state)
{
    struct scan_opts o;
    struct scan_result r;
    struct wa_err err;
    const char *paths[1] = { "/nonexistent/weightaudit/path" };

    (void)state;
    scan_opts_init(&o);
    assert_int_equal(scan_run(&r, paths, 1, &o, &err), 0);
    assert_int_equal(r.n_path_errors, 1);
    assert_int_equal(r.path_errors[0].code, WA_ENOTFOUND);
    assert_int_equal(r.rep->n_models, 0);
    scan_result_free(&r);
}

static void test_shard_partition(void **state)
{
    int hits[4] = { 0 };

    (void)state;
    /* every file lands in exactly one part */
    for (int i = 0; i < 200; i++) {
        char name[32];
        int n = 0;
        snprintf(name, sizeof name, "model-%05d.safetensors", i);
        for (int k = 1; k <= 4; k++)
            if (scan_shard_of("/m", name, k, 4)) {
                /* the same part wherever the model lies on each machine */
                assert_true(scan_shard_of("/srv/other/place/m", name, k, 4));
                hits[k - 1]++;
                n++;
            }
        assert_int_equal(n, 1);
    }
    for (int k = 0; k < 4; k++)
        assert_true(hits[k] > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_hfcache),
        cmocka_unit_test(test_hfcache_tree),
        cmocka_unit_test(test_localdir),
        cmocka_unit_test(test_localdir_partial),
        cmocka_unit_test(test_git),
        cmocka_unit_test(test_ollama),
        cmocka_unit_test(test_archive),
        cmocka_unit_test(test_archive_bounds),
        cmocka_unit_test(test_read_failure),
        cmocka_unit_test(test_changed_during_scan),
        cmocka_unit_test(test_missing_path),
        cmocka_unit_test(test_shard_partition),
    };
    return cmocka_run_group_tests_name("repo", tests, setup, teardown);
}

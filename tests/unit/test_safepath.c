/*
 * test_safepath.c - resolving and opening beneath a root: links inside are
 * followed, links out (relative, absolute, through "..") are refused, loops
 * and special files are refused, dangling links are "not found"; the same
 * results with openat2 and with the O_NOFOLLOW walk.
 */
#include "wa_test.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "safepath.h"

static char tmp[256];

static void mk(const char *rel, const char *content)
{
    char p[512];
    FILE *f;

    snprintf(p, sizeof p, "%s/%s", tmp, rel);
    f = fopen(p, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static void mkd(const char *rel)
{
    char p[512];

    snprintf(p, sizeof p, "%s/%s", tmp, rel);
    assert_int_equal(mkdir(p, 0755), 0);
}

static void ln(const char *target, const char *rel)
{
    char p[512];

    snprintf(p, sizeof p, "%s/%s", tmp, rel);
    assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state)
{
    char p[512];

    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/wa-safepath-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    mkd("root");
    mkd("root/blobs");
    mkd("root/snap");
    mkd("root/snap/sub");
    mk("root/blobs/abc", "hello");
    mk("outside.txt", "secret");
    ln("../blobs/abc", "root/snap/good");
    ln("../../blobs/abc", "root/snap/sub/deep");
    ln("../../outside.txt", "root/snap/escape");
    ln("../../../../../../../../etc/passwd", "root/snap/far");
    ln("/etc/passwd", "root/snap/abs_out");
    ln("../blobs/missing", "root/snap/dangling");
    ln("loop2", "root/snap/loop1");
    ln("loop1", "root/snap/loop2");
    ln("sub", "root/snap/subdir_link");
    ln("../snap/good", "root/snap/chain");
    ln("..", "root/snap/up");
    snprintf(p, sizeof p, "%s/root/blobs/abc", tmp);
    ln(p, "root/snap/abs_in");
    /* an absolute target written through another path to the root */
    snprintf(p, sizeof p, "%s/root", tmp);
    ln(p, "alias");
    snprintf(p, sizeof p, "%s/alias/blobs/abc", tmp);
    ln(p, "root/snap/abs_alias");
    snprintf(p, sizeof p, "%s/alias/../outside.txt", tmp);
    ln(p, "root/snap/abs_alias_out");
    snprintf(p, sizeof p, "%s/root/fifo", tmp);
    assert_int_equal(mkfifo(p, 0644), 0);
    return 0;
}

static int teardown(void **state)
{
    char cmd[600];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static void open_root(struct safepath_root *r)
{
    char p[512];
    struct wa_err err;

    snprintf(p, sizeof p, "%s/root", tmp);
    assert_int_equal(safepath_root_open(r, p, &err), 0);
}

static void expect_resolve(const char *rel, int rc, const char *canon)
{
    struct safepath_root r;
    struct wa_err err;
    char *out = NULL;
    int got;

    open_root(&r);
    wa_err_clear(&err);
    got = safepath_resolve(&out, &r, rel, NULL, &err);
    if (got != rc)
        fail_msg("%s: rc %d, want %d (%s)", rel, got, rc, err.msg);
    if (canon)
        assert_string_equal(out, canon);
    free(out);
    safepath_root_close(&r);
}

static void test_resolve(void **state)
{
    (void)state;
    expect_resolve("blobs/abc", 0, "blobs/abc");
    expect_resolve("snap/good", 0, "blobs/abc");
    expect_resolve("snap/sub/deep", 0, "blobs/abc");
    expect_resolve("snap/chain", 0, "blobs/abc");
    expect_resolve("snap/subdir_link/deep", 0, "blobs/abc");
    expect_resolve("snap/abs_in", 0, "blobs/abc");
    expect_resolve("snap/abs_alias", 0, "blobs/abc");
    expect_resolve("snap/abs_alias_out", WA_EUNSAFE, NULL);
    expect_resolve("snap/up/blobs/abc", 0, "blobs/abc");
    expect_resolve("./snap/../blobs/abc", 0, "blobs/abc");
    expect_resolve("snap/escape", WA_EUNSAFE, NULL);
    expect_resolve("snap/far", WA_EUNSAFE, NULL);
    expect_resolve("snap/abs_out", WA_EUNSAFE, NULL);
    expect_resolve("../outside.txt", WA_EUNSAFE, NULL);
    expect_resolve("snap/up/../outside.txt", WA_EUNSAFE, NULL);
    expect_resolve("snap/loop1", WA_EUNSAFE, NULL);
    expect_resolve("snap/dangling", WA_ENOTFOUND, NULL);
    expect_resolve("nope/abc", WA_ENOTFOUND, NULL);
    expect_resolve("blobs/abc/x", WA_ENOTFOUND, NULL);
}

static void expect_open(const char *canon, int rc, const char *content)
{
    struct safepath_root r;
    struct wa_err err;
    struct stat st;
    char buf[64];
    int fd = -1, got;

    open_root(&r);
    wa_err_clear(&err);
    got = safepath_open(&fd, &r, canon, &st, &err);
    if (got != rc)
        fail_msg("%s: rc %d, want %d (%s)", canon, got, rc, err.msg);
    if (content) {
        ssize_t n = read(fd, buf, sizeof buf - 1);
        assert_true(n >= 0);
        buf[n] = '\0';
        assert_string_equal(buf, content);
    }
    if (fd >= 0)
        close(fd);
    safepath_root_close(&r);
}

static void opens(void)
{
    expect_open("blobs/abc", 0, "hello");
    /* open follows no link at all, even one that stays inside */
    expect_open("snap/good", WA_EUNSAFE, NULL);
    expect_open("snap/subdir_link/deep", WA_EUNSAFE, NULL);
    expect_open("snap/escape", WA_EUNSAFE, NULL);
    expect_open("../outside.txt", WA_EUNSAFE, NULL);
    expect_open("fifo", WA_EUNSAFE, NULL);
    expect_open("blobs", WA_EUNSAFE, NULL);
    expect_open("", WA_EUNSAFE, NULL);
    expect_open("blobs/nothing", WA_ENOTFOUND, NULL);
}

static void test_open_openat2(void **state)
{
    (void)state;
    safepath_use_openat2(1);
    opens();
}

static void test_open_walk(void **state)
{
    (void)state;
    safepath_use_openat2(0);
    opens();
    safepath_use_openat2(1);
}

static void test_clean(void **state)
{
    (void)state;
    assert_true(safepath_is_clean("a/b.safetensors"));
    assert_true(safepath_is_clean("a"));
    assert_false(safepath_is_clean(""));
    assert_false(safepath_is_clean("/etc/passwd"));
    assert_false(safepath_is_clean("a/../b"));
    assert_false(safepath_is_clean(".."));
    assert_false(safepath_is_clean("./a"));
    assert_false(safepath_is_clean("a//b"));
    assert_false(safepath_is_clean("a/"));
}

static void test_root_errors(void **state)
{
    struct safepath_root r;
    struct wa_err err;
    char p[512];

    (void)state;
    snprintf(p, sizeof p, "%s/nothing-here", tmp);
    assert_int_equal(safepath_root_open(&r, p, &err), WA_ENOTFOUND);
    snprintf(p, sizeof p, "%s/outside.txt", tmp);
    assert_int_equal(safepath_root_open(&r, p, &err), WA_EUNSAFE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_open_openat2),
        cmocka_unit_test(test_open_walk),
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_root_errors),
    };
    return cmocka_run_group_tests_name("safepath", tests, setup, teardown);
}

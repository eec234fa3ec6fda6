/*
 * driver.c - replays fuzz corpora without libFuzzer: every file under the
 * directories (or files) named on the command line goes once through
 * LLVMFuzzerTestOneInput.  Built with cc and ASan/UBSan, so inputs that once
 * crashed stay fixed even on machines without clang.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long replayed;

static void one(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;

    if (!f)
        return;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return;
    }
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
        LLVMFuzzerTestOneInput(buf, (size_t)n);
        replayed++;
    }
    free(buf);
    fclose(f);
}

static void walk(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;

    if (lstat(path, &st) != 0)
        return;
    if (S_ISREG(st.st_mode)) {
        one(path);
        return;
    }
    if (!S_ISDIR(st.st_mode) || !(d = opendir(path)))
        return;
    while ((e = readdir(d))) {
        char sub[4096];
        if (e->d_name[0] == '.')
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        walk(sub);
    }
    closedir(d);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        walk(argv[i]);
    printf("replay %s: %ld inputs\n", argc > 0 ? argv[0] : "?", replayed);
    return 0;
}

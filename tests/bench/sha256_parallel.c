/*
 * sha256_parallel.c - the floor for `weightaudit scan`: SHA-256 of the given
 * files with N threads, biggest file first, 4 MiB sequential reads, OpenSSL
 * EVP - the same work scan cannot avoid, and nothing else.  Prints
 * "bytes=N seconds=S" on stdout.
 *
 *   sha256_parallel -j N FILE...
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#define CHUNK (4u << 20)

struct job {
    const char *path;
    off_t size;
};

static struct job *jobs;
static int n_jobs, next_job;
static unsigned long long total;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int bigger(const void *a, const void *b)
{
    const struct job *x = a, *y = b;

    return (x->size < y->size) - (x->size > y->size);
}

static void *worker(void *arg)
{
    unsigned char *buf = malloc(CHUNK), md[EVP_MAX_MD_SIZE];
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();

    (void)arg;
    for (;;) {
        unsigned n;
        ssize_t k;
        int i, fd;
        pthread_mutex_lock(&lock);
        i = next_job < n_jobs ? next_job++ : -1;
        pthread_mutex_unlock(&lock);
        if (i < 0)
            break;
        fd = open(jobs[i].path, O_RDONLY);
        if (fd < 0) {
            perror(jobs[i].path);
            exit(2);
        }
        EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
        while ((k = read(fd, buf, CHUNK)) > 0) {
            EVP_DigestUpdate(ctx, buf, (size_t)k);
            pthread_mutex_lock(&lock);
            total += (unsigned long long)k;
            pthread_mutex_unlock(&lock);
        }
        EVP_DigestFinal_ex(ctx, md, &n);
        close(fd);
    }
    EVP_MD_CTX_free(ctx);
    free(buf);
    return NULL;
}

int main(int argc, char **argv)
{
    struct timespec t0, t1;
    pthread_t *th;
    int threads = 1, first = 1;

    if (argc > 2 && strcmp(argv[1], "-j") == 0) {
        threads = atoi(argv[2]);
        first = 3;
    }
    if (threads < 1 || first >= argc) {
        fprintf(stderr, "usage: sha256_parallel -j N FILE...\n");
        return 2;
    }
    n_jobs = argc - first;
    jobs = calloc((size_t)n_jobs, sizeof *jobs);
    th = calloc((size_t)threads, sizeof *th);
    for (int i = 0; i < n_jobs; i++) {
        struct stat st;
        jobs[i].path = argv[first + i];
        if (stat(jobs[i].path, &st) != 0) {
            perror(jobs[i].path);
            return 2;
        }
        jobs[i].size = st.st_size;
    }
    qsort(jobs, (size_t)n_jobs, sizeof *jobs, bigger);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < threads; i++)
        pthread_create(&th[i], NULL, worker, NULL);
    for (int i = 0; i < threads; i++)
        pthread_join(th[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("bytes=%llu seconds=%.6f\n", total,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    free(jobs);
    free(th);
    return 0;
}

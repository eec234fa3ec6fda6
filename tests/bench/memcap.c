/*
 * memcap.c - run a command, then print its wall time and peak resident set
 * size (getrusage of the child), for `make bench`:
 *
 *   memcap COMMAND [ARGS...]   ->   "wall_s=0.123456 maxrss_kib=4321 status=0" on stderr
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct timespec a, b;
    struct rusage ru;
    int status;
    pid_t pid;

    if (argc < 2) {
        fprintf(stderr, "usage: memcap COMMAND [ARGS...]\n");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid = fork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror(argv[1]);
        _exit(127);
    }
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
        perror("memcap");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    fprintf(stderr, "wall_s=%.6f maxrss_kib=%ld status=%d\n",
            (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9, ru.ru_maxrss,
            WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

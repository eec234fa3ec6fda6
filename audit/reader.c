/*
 * reader.c - the one read of each file (see reader.h).
 */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader.h"

void reader_result_init(struct reader_result *r)
{
    memset(r, 0, sizeof *r);
    fmt_result_init(&r->fmt);
}

void reader_result_free(struct reader_result *r)
{
    if (!r)
        return;
    fmt_result_free(&r->fmt);
    free(r->content);
    reader_result_init(r);
}

/* ---- the pass ---------------------------------------------------------- */

struct pass {
    struct reader_src *src;
    const char *name;
    const struct reader_opts *o;
    struct reader_result *out;
    struct hash_ctx *sha256, *sha1, *plain_sha1;
    size_t cap_alloc;
    struct {                      /* bytes read for sniffing, not yet given to */
        const uint8_t *p;         /* the validator: the sniff buffer and the */
        size_t n;                 /* tail of the chunk that overflowed it */
    } q[2];
    int qn, qi;
    struct wa_err *err;
};

static int capture(struct pass *ps, const uint8_t *p, size_t n)
{
    struct reader_result *r = ps->out;
    size_t room;

    if (!ps->o->capture_max || r->content_truncated)
        return 0;
    room = ps->o->capture_max - r->content_len;
    if (n > room) {
        n = room;
        r->content_truncated = 1;
    }
    if (r->content_len + n + 1 > ps->cap_alloc) {
        size_t cap = ps->cap_alloc ? ps->cap_alloc : 4096;
        while (cap < r->content_len + n + 1)
            cap *= 2;
        unsigned char *b = realloc(r->content, cap);
        if (!b)
            return WA_ENOMEM;
        r->content = b;
        ps->cap_alloc = cap;
    }
    memcpy(r->content + r->content_len, p, n);
    r->content_len += n;
    r->content[r->content_len] = '\0';
    return 0;
}

/* The bytes must be those of the size the source had when it was opened: a
 * file that grows while it is read (a download still writing, a hostile
 * writer appending forever) or shrinks is an error, never a hang or a hash
 * of something that never existed whole.  n == 0 is the end of the file. */
static int check_size(struct pass *ps, size_t n)
{
    int64_t want = ps->src->size;
    uint64_t have = ps->out->size;

    if (want < 0)
        return 0;
    if (n == 0 && have < (uint64_t)want)
        return wa_err_set(ps->err, WA_EIO, ps->name, (int64_t)have,
                          "the file changed while it was read: it ended %llu bytes short of the %lld it had "
                          "when opened", (unsigned long long)((uint64_t)want - have), (long long)want);
    if (have + n > (uint64_t)want)
        return wa_err_set(ps->err, WA_EIO, ps->name, want,
                          "the file changed while it was read: it grew past the %lld bytes it had when opened",
                          (long long)want);
    return 0;
}

/* Read the next chunk from the source and account for it. */
static int pull_chunk(struct pass *ps, const uint8_t **p, size_t *n)
{
    int rc = ps->src->read(ps->src->ctx, p, n, ps->err);

    if (rc)
        return rc;
    if ((rc = check_size(ps, *n)))
        return rc;
    if (*n == 0)
        return 0;
    ps->out->size += *n;
    if (ps->sha256 && (rc = hash_update(ps->sha256, *p, *n)))
        return rc;
    if (ps->sha1 && (rc = hash_update(ps->sha1, *p, *n)))
        return rc;
    if (ps->plain_sha1 && (rc = hash_update(ps->plain_sha1, *p, *n)))
        return rc;
    return capture(ps, *p, *n);
}

/* fmt_read_fn for pull validators: the sniffed prefix first, then the file. */
static int pull_for_validator(void *ctx, const uint8_t **p, size_t *n)
{
    struct pass *ps = ctx;

    if (ps->qi < ps->qn) {
        *p = ps->q[ps->qi].p;
        *n = ps->q[ps->qi].n;
        ps->qi++;
        return 0;
    }
    return pull_chunk(ps, p, n);
}

static int drain(struct pass *ps)
{
    const uint8_t *p;
    size_t n;
    int rc;

    do {
        if ((rc = pull_chunk(ps, &p, &n)))
            return rc;
    } while (n);
    return 0;
}

int reader_run(struct reader_result *out, struct reader_src *src, const char *name,
               const struct reader_opts *o, struct wa_err *err)
{
    struct pass ps;
    const struct fmt_ops *ops = NULL;
    void *st = NULL;
    uint8_t sniff[FMT_SNIFF_BYTES];
    size_t sniff_n = 0;
    const uint8_t *p = NULL;
    size_t n = 0;
    int rc = 0, eof = 0;

    reader_result_free(out);
    memset(&ps, 0, sizeof ps);
    ps.src = src;
    ps.name = name;
    ps.o = o;
    ps.out = out;
    ps.err = err;
    if (!o->no_hash) {
        if ((rc = hash_new(&ps.sha256, HASH_SHA256, 0)))
            goto done;
        if (o->git_sha1 && src->size >= 0 && (rc = hash_new(&ps.sha1, HASH_GIT_SHA1, (uint64_t)src->size)))
            goto done;
        if (o->sha1 && (rc = hash_new(&ps.plain_sha1, HASH_SHA1, 0)))
            goto done;
    }

    /* gather the first bytes for detection */
    if ((rc = pull_chunk(&ps, &p, &n)))
        goto done;
    if (n == 0) {
        eof = 1;
    } else if (n >= FMT_SNIFF_BYTES) {
        ps.q[ps.qn].p = p;
        ps.q[ps.qn++].n = n;
    } else {
        memcpy(sniff, p, n);
        sniff_n = n;
        ps.q[ps.qn].p = sniff;
        ps.q[ps.qn++].n = 0;
        while (sniff_n < FMT_SNIFF_BYTES) {
            if ((rc = pull_chunk(&ps, &p, &n)))
                goto done;
            if (n == 0) {
                eof = 1;
                break;
            }
            size_t k = FMT_SNIFF_BYTES - sniff_n < n ? FMT_SNIFF_BYTES - sniff_n : n;
            memcpy(sniff + sniff_n, p, k);
            sniff_n += k;
            if (k < n) {   /* the rest of this chunk waits its turn */
                ps.q[ps.qn].p = p + k;
                ps.q[ps.qn++].n = n - k;
            }
        }
        ps.q[0].n = sniff_n;
    }
    {
        const uint8_t *head = ps.qn ? ps.q[0].p : (const uint8_t *)"";
        size_t head_n = ps.qn ? ps.q[0].n : 0;
        if (head_n > FMT_SNIFF_BYTES)
            head_n = FMT_SNIFF_BYTES;
        if (o->validate)
            ops = fmt_detect(head, head_n, name);
        out->format = ops ? ops->format : fmt_guess(head, head_n, name);
    }
    if (ops && (rc = ops->open(&st)))
        goto done;

    if (ops && ops->pull) {
        if ((rc = ops->pull(st, pull_for_validator, &ps)))
            goto done;
        if (o->no_hash && src->skip_rest) {
            uint64_t skipped = 0;
            if ((rc = src->skip_rest(src->ctx, &skipped, err)))
                goto done;
            out->size += skipped;
            if ((rc = check_size(&ps, 0)))
                goto done;
        } else if ((rc = drain(&ps))) {
            goto done;
        }
    } else {
        /* push: the queued bytes, then every further chunk */
        for (; ps.qi < ps.qn; ps.qi++)
            if (ops && (rc = ops->feed(st, ps.q[ps.qi].p, ps.q[ps.qi].n)))
                goto done;
        while (!eof) {
            if (o->no_hash && src->skip_rest && (!ops || !ops->wants_rest(st))) {
                uint64_t skipped = 0;
                if ((rc = src->skip_rest(src->ctx, &skipped, err)))
                    goto done;
                out->size += skipped;
                if ((rc = check_size(&ps, 0)))
                    goto done;
                if (ops && skipped && (rc = ops->skip(st, skipped)))
                    goto done;
                break;
            }
            if ((rc = pull_chunk(&ps, &p, &n)))
                goto done;
            if (n == 0)
                break;
            if (ops && (rc = ops->feed(st, p, n)))
                goto done;
        }
    }
    if (ops && (rc = ops->finish(st, &out->fmt)))
        goto done;
    if (ps.sha256) {
        if ((rc = hash_final(ps.sha256, out->sha256)))
            goto done;
        out->has_sha256 = 1;
    }
    if (ps.plain_sha1) {
        if ((rc = hash_final(ps.plain_sha1, out->sha1)))
            goto done;
        out->has_sha1 = 1;
    }
    if (ps.sha1 && out->size == (uint64_t)src->size) {
        if ((rc = hash_final(ps.sha1, out->git_sha1)))
            goto done;
        out->has_git_sha1 = 1;
    }
done:
    if (ops && st)
        ops->free(st);
    hash_free(ps.sha256);
    hash_free(ps.sha1);
    hash_free(ps.plain_sha1);
    if (rc == WA_ENOMEM)
        wa_err_set(err, rc, name, -1, "out of memory");
    return rc;
}

/* ---- plain-file source ------------------------------------------------- */

/* One read(2) into buf: the first read of a file is small (detection and
 * most headers need only that; with --no-hash it is often the only read). */
static ssize_t read_some(int fd, uint8_t *buf, size_t cap, uint64_t pos)
{
    size_t want = pos == 0 && cap > READER_FIRST_READ ? READER_FIRST_READ : cap;
    ssize_t k;

    do
        k = read(fd, buf, want);
    while (k < 0 && errno == EINTR);
    return k;
}

/* Read-ahead: a producer thread fills slots in order; the consumer takes
 * them in the same order and gives each back on its next call. */
struct ahead_slot {
    uint8_t *buf;
    size_t n;
    int filled;
    int err;                      /* errno of a failed read, 0 if none */
    int eof;
};

struct reader_ahead {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct ahead_slot slot[READER_AHEAD_SLOTS];
    int next_fill, next_take;
    int held;                     /* slot the consumer holds, -1 none */
    int stop;
    int fd;
    size_t cap;
};

static void *ahead_main(void *arg)
{
    struct reader_ahead *a = arg;
    uint64_t pos = 0;

    for (;;) {
        struct ahead_slot *sl;
        ssize_t k;
        pthread_mutex_lock(&a->mu);
        while (!a->stop && (a->slot[a->next_fill].filled || a->held == a->next_fill))
            pthread_cond_wait(&a->cv, &a->mu);
        if (a->stop) {
            pthread_mutex_unlock(&a->mu);
            return NULL;
        }
        sl = &a->slot[a->next_fill];
        pthread_mutex_unlock(&a->mu);

        k = read_some(a->fd, sl->buf, a->cap, pos);

        pthread_mutex_lock(&a->mu);
        sl->n = k > 0 ? (size_t)k : 0;
        sl->err = k < 0 ? errno : 0;
        sl->eof = k <= 0;
        sl->filled = 1;
        a->next_fill = (a->next_fill + 1) % READER_AHEAD_SLOTS;
        pthread_cond_broadcast(&a->cv);
        pthread_mutex_unlock(&a->mu);
        if (k <= 0)
            return NULL;
        pos += (uint64_t)k;
    }
}

static void ahead_stop(struct reader_ahead *a)
{
    if (!a)
        return;
    pthread_mutex_lock(&a->mu);
    a->stop = 1;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
    pthread_join(a->thread, NULL);
    for (int i = 0; i < READER_AHEAD_SLOTS; i++)
        free(a->slot[i].buf);
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->cv);
    free(a);
}

static int fd_read(void *ctx, const uint8_t **p, size_t *n, struct wa_err *err)
{
    struct reader_fd_src *s = ctx;
    ssize_t k;

    if (s->ahead) {
        struct reader_ahead *a = s->ahead;
        struct ahead_slot *sl;
        pthread_mutex_lock(&a->mu);
        if (a->held >= 0) {           /* give back the slot handed out last time */
            a->slot[a->held].filled = 0;
            a->held = -1;
            pthread_cond_broadcast(&a->cv);
        }
        sl = &a->slot[a->next_take];
        while (!sl->filled)
            pthread_cond_wait(&a->cv, &a->mu);
        if (sl->eof) {                /* stays filled: later calls see the end again */
            pthread_mutex_unlock(&a->mu);
            if (sl->err) {
                wa_err_sys(err, sl->err, s->name, "read");
                err->offset = (int64_t)s->pos;
                return WA_EIO;
            }
            *p = sl->buf;
            *n = 0;
            return 0;
        }
        a->held = a->next_take;
        a->next_take = (a->next_take + 1) % READER_AHEAD_SLOTS;
        pthread_mutex_unlock(&a->mu);
        s->pos += sl->n;
        *p = sl->buf;
        *n = sl->n;
        return 0;
    }
    k = read_some(s->fd, s->buf, s->cap, s->pos);
    if (k < 0) {
        int e = errno;
        wa_err_sys(err, e, s->name, "read");
        err->offset = (int64_t)s->pos;
        return WA_EIO;
    }
    s->pos += (uint64_t)k;
    *p = s->buf;
    *n = (size_t)k;
    return 0;
}

static int fd_skip_rest(void *ctx, uint64_t *skipped, struct wa_err *err)
{
    struct reader_fd_src *s = ctx;
    struct stat st;

    /* a regular file: the size is all that is needed, no read */
    if (s->size >= 0 && fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode)) {
        uint64_t end = (uint64_t)st.st_size;
        ahead_stop(s->ahead);
        s->ahead = NULL;
        *skipped = end > s->pos ? end - s->pos : 0;
        s->pos += *skipped;
        return 0;
    }
    /* a pipe: read and drop */
    *skipped = 0;
    for (;;) {
        const uint8_t *p;
        size_t n;
        int rc = fd_read(s, &p, &n, err);
        if (rc)
            return rc;
        if (!n)
            return 0;
        *skipped += n;
    }
}

int reader_fd_src_read_ahead(struct reader_fd_src *s)
{
    struct reader_ahead *a;

    const char *env = getenv("WEIGHTAUDIT_READ_AHEAD");

    if (env && strcmp(env, "0") == 0)
        return 0;   /* for A/B measurements in make bench */
    if (s->ahead || (s->size >= 0 && (uint64_t)s->size <= READER_CHUNK))
        return 0;
    a = calloc(1, sizeof *a);
    if (!a)
        return WA_ENOMEM;
    a->fd = s->fd;
    a->cap = READER_AHEAD_CHUNK;
    a->held = -1;
    for (int i = 0; i < READER_AHEAD_SLOTS; i++)
        if (!(a->slot[i].buf = malloc(a->cap))) {
            for (int j = 0; j < i; j++)
                free(a->slot[j].buf);
            free(a);
            return WA_ENOMEM;
        }
    pthread_mutex_init(&a->mu, NULL);
    pthread_cond_init(&a->cv, NULL);
    if (pthread_create(&a->thread, NULL, ahead_main, a) != 0) {
        for (int i = 0; i < READER_AHEAD_SLOTS; i++)
            free(a->slot[i].buf);
        pthread_mutex_destroy(&a->mu);
        pthread_cond_destroy(&a->cv);
        free(a);
        return 0;   /* no thread: plain reads still work */
    }
    s->ahead = a;
    return 0;
}

int reader_fd_src_init(struct reader_fd_src *s, struct reader_src *src, int fd, const char *name)
{
    struct stat st;

    memset(s, 0, sizeof *s);
    s->fd = fd;
    s->name = name;
    s->size = -1;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        s->size = st.st_size;
    s->cap = READER_CHUNK;
    if (s->size >= 0 && (uint64_t)s->size < s->cap)
        s->cap = (size_t)s->size + 1;   /* +1 so EOF is seen in the same read */
    if (s->cap < FMT_SNIFF_BYTES)
        s->cap = FMT_SNIFF_BYTES;
    s->buf = malloc(s->cap);
    if (!s->buf)
        return WA_ENOMEM;
#ifdef POSIX_FADV_SEQUENTIAL
    if (s->size > 0)
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    src->read = fd_read;
    src->skip_rest = fd_skip_rest;
    src->ctx = s;
    src->size = s->size;
    return 0;
}

void reader_fd_src_free(struct reader_fd_src *s)
{
    if (!s)
        return;
    ahead_stop(s->ahead);
    s->ahead = NULL;
    free(s->buf);
    s->buf = NULL;
}

int reader_open(int *fd, int dirfd, const char *path, int nofollow, int allow_fifo,
                struct stat *st, struct wa_err *err)
{
    int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (nofollow ? O_NOFOLLOW : 0);
    int f;

    *fd = -1;
    f = openat(dirfd, path, flags | O_NOATIME);
    if (f < 0 && errno == EPERM)   /* O_NOATIME needs ownership; fall back */
        f = openat(dirfd, path, flags);
    if (f < 0) {
        int e = errno;
        if (e == ELOOP && nofollow)
            return wa_err_set(err, WA_EUNSAFE, path, -1, "is a symbolic link");
        return wa_err_sys(err, e, path, "open");
    }
    if (fstat(f, st) != 0) {
        int e = errno;
        close(f);
        return wa_err_sys(err, e, path, "stat");
    }
    if (!S_ISREG(st->st_mode) && !(allow_fifo && S_ISFIFO(st->st_mode))) {
        close(f);
        return wa_err_set(err, WA_EUNSAFE, path, -1, "not a regular file (%s)",
                          S_ISDIR(st->st_mode) ? "a directory" : S_ISFIFO(st->st_mode) ? "a FIFO"
                          : S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode) ? "a device" : "special file");
    }
    /* back to blocking reads now that a FIFO cannot stall the open */
    fcntl(f, F_SETFL, fcntl(f, F_GETFL) & ~O_NONBLOCK);
    *fd = f;
    return 0;
}

int reader_path(struct reader_result *out, int dirfd, const char *path, const char *display,
                int nofollow, const struct reader_opts *o, struct wa_err *err)
{
    struct reader_fd_src s;
    struct reader_src src;
    struct stat st;
    int fd, rc;

    if ((rc = reader_open(&fd, dirfd, path, nofollow, 0, &st, err))) {
        if (err && display)
            snprintf(err->file, sizeof err->file, "%s", display);
        return rc;
    }
    rc = reader_fd_src_init(&s, &src, fd, display ? display : path);
    if (!rc && o->read_ahead)
        rc = reader_fd_src_read_ahead(&s);
    if (!rc)
        rc = reader_run(out, &src, display ? display : path, o, err);
    reader_fd_src_free(&s);
    close(fd);
    return rc;
}

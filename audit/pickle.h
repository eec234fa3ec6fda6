/*
 * pickle.h - static scanner for pickle-based checkpoints (PyTorch .bin,
 * .pt, .pth, .ckpt; bare .pkl).  Nothing is ever unpickled or executed.
 *
 * Three containers, told apart by their first bytes:
 *   zip     torch.save's default: a zip whose <prefix>/data.pkl is the
 *           pickle and <prefix>/data/N the storages.  Read through
 *           libarchive in streaming mode (pull interface); every entry's
 *           bytes still pass through the reader's hash.
 *   legacy  torch.save(..., _use_new_zipfile_serialization=False): five
 *           pickles (magic number, protocol version, sys_info, the object,
 *           the storage keys) then raw storage bytes, which are only counted.
 *   bare    one pickle or more, back to back, to the end of the file.
 *
 * The opcode walker is a push parser over protocols 0-5 (every opcode of
 * pickletools) that keeps a bounded model of the stack and memo, enough to
 * name every import: GLOBAL and INST text, STACK_GLOBAL operands however
 * they were pushed or fetched from the memo.  Each import is classified
 * against an allow-list (tensor rebuild functions, storage types,
 * OrderedDict, numpy arrays ...) and a deny-list (os, subprocess,
 * builtins.eval, getattr gadgets ...): deny -> SEV_DENY "unsafe_import",
 * neither -> SEV_REVIEW "unknown_import".  A malformed stream (unknown
 * opcode, bad argument, stack underflow, missing memo entry, missing STOP)
 * is SEV_ERROR.
 */
#ifndef WA_PICKLE_H
#define WA_PICKLE_H

#include <stddef.h>
#include <stdint.h>

#include "fmt.h"

#define PICKLE_MAX_STACK (1u << 20)            /* stack items modelled (bottom half dropped beyond) */
#define PICKLE_MAX_MEMO (1u << 20)             /* memo entries modelled (later PUTs not kept) */
#define PICKLE_MAX_NAME 256u                   /* bytes of one string kept (module/name candidates) */
#define PICKLE_MAX_STRING_BYTES (64u << 20)    /* kept strings of one pickle, together */
#define PICKLE_MAX_LINE (64u << 10)            /* a protocol-0 number line (INT, LONG, FLOAT, GET, PUT) */
#define PICKLE_MAX_OPS (1ull << 32)            /* opcodes of one pickle */
#define PICKLE_MAX_PICKLES (1u << 20)          /* pickles in one file or zip entry */
#define PICKLE_MAX_IMPORTS 4096u               /* distinct imports in one file */
#define PICKLE_MAX_REVIEW_PROBLEMS 16u         /* unknown_import problems listed one by one */
#define PICKLE_MAX_ZIP_ENTRIES (1u << 20)      /* entries of a zip checkpoint */
#define PICKLE_MAX_ZIP_PICKLE_BYTES (1ull << 30) /* decompressed .pkl bytes of a zip, together */
#define PICKLE_MAX_INFLATE (4ull << 30)        /* bytes a zip's entries inflate beyond their stored size */
#define PICKLE_MAX_ZIP_NAMES (64u << 20)       /* bytes of a zip's entry names, together */
#define PICKLE_MAX_ZIP_TAIL (256u << 20)       /* bytes of a zip after its last entry (central directory ...) */

enum pickle_verdict { PICKLE_ALLOW = 0, PICKLE_REVIEW = 1, PICKLE_DENY = 2 };

struct pickle;

int pickle_new(struct pickle **out);

/* Push n bytes of a bare or legacy pickle stream (not a zip: use
 * pickle_pull).  Bad input becomes a problem; returns WA_ENOMEM only. */
int pickle_feed(struct pickle *pk, const uint8_t *p, size_t n);

/* 0 once the walker needs no more bytes: a legacy checkpoint's five pickles
 * have been read (the rest is storage data), or the stream was found bad. */
int pickle_wants_rest(const struct pickle *pk);

/* Account for n bytes not fed (only once wants_rest() is 0). */
int pickle_skip(struct pickle *pk, uint64_t n);

/* The fmt_ops.pull entry: reads the file through rd, as a zip (libarchive,
 * streaming) or as a pickle stream, and returns once it needs no more.
 * Returns 0 or the read function's error, or WA_ENOMEM. */
int pickle_pull(struct pickle *pk, fmt_read_fn rd, void *rdctx);

/* Final checks; moves problems and facts into res.  0 or WA_ENOMEM. */
int pickle_finish(struct pickle *pk, struct fmt_result *res);

void pickle_free(struct pickle *pk);

/* Classify the import module.name (lengths given; need not be
 * NUL-terminated).  *rule, when not NULL, receives the allow or deny rule
 * that matched (a static string) or NULL. */
enum pickle_verdict pickle_classify(const char *module, size_t mlen, const char *name, size_t nlen,
                                    const char **rule);

extern const struct fmt_ops fmt_pickle;

#endif

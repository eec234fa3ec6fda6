/*
 * hash.c - OpenSSL EVP wrappers for SHA-256 and git blob SHA-1 (see hash.h).
 *
 * The EVP_MD objects are fetched once per hasher; OpenSSL picks the SHA-NI
 * or AVX2 code path itself, which is what makes validation run at the speed
 * of SHA-256.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "hash.h"

struct hash_ctx {
    EVP_MD_CTX *md;
    enum hash_algo algo;
};

int hash_new(struct hash_ctx **out, enum hash_algo algo, uint64_t blob_size)
{
    struct hash_ctx *h = calloc(1, sizeof *h);

    *out = NULL;
    if (!h)
        return WA_ENOMEM;
    h->algo = algo;
    h->md = EVP_MD_CTX_new();
    if (!h->md)
        goto fail;
    if (EVP_DigestInit_ex(h->md, algo == HASH_SHA256 ? EVP_sha256() : EVP_sha1(), NULL) != 1)
        goto fail;
    if (algo == HASH_GIT_SHA1) {
        char hdr[40];
        int k = snprintf(hdr, sizeof hdr, "blob %" PRIu64, blob_size);
        /* the NUL that ends the header is part of what git hashes */
        if (EVP_DigestUpdate(h->md, hdr, (size_t)k + 1) != 1)
            goto fail;
    }
    *out = h;
    return WA_OK;
fail:
    hash_free(h);
    return WA_ENOMEM;
}

int hash_update(struct hash_ctx *h, const void *p, size_t n)
{
    if (n && EVP_DigestUpdate(h->md, p, n) != 1)
        return WA_EIO;
    return WA_OK;
}

static void to_hex(const unsigned char *d, unsigned n, char *hex)
{
    static const char digits[] = "0123456789abcdef";

    for (unsigned i = 0; i < n; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[2 * n] = '\0';
}

int hash_final(struct hash_ctx *h, char *hex)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned n = 0;

    if (EVP_DigestFinal_ex(h->md, d, &n) != 1)
        return WA_EIO;
    to_hex(d, n, hex);
    return WA_OK;
}

void hash_free(struct hash_ctx *h)
{
    if (!h)
        return;
    EVP_MD_CTX_free(h->md);
    free(h);
}

int hash_sha256_hex(const void *p, size_t n, char hex[HASH_SHA256_HEX])
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned len = 0;

    if (EVP_Digest(p, n, d, &len, EVP_sha256(), NULL) != 1)
        return WA_EIO;
    to_hex(d, len, hex);
    return WA_OK;
}

int hash_sha1_b64url(const void *p, size_t n, char out[HASH_SHA1_B64URL])
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned len = 0;

    if (EVP_Digest(p, n, d, &len, EVP_sha1(), NULL) != 1 || len != 20)
        return WA_EIO;
    EVP_EncodeBlock((unsigned char *)out, d, (int)len);   /* 28 characters and a NUL */
    for (char *c = out; *c; c++)
        *c = *c == '+' ? '-' : *c == '/' ? '_' : *c;
    return WA_OK;
}

int hash_is_hex(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return 0;
    }
    return s[i] == '\0';
}

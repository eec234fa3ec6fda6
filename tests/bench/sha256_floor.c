/*
 * sha256_floor.c - the floor for `make bench`: the least a tool can do to
 * hash a file, a plain read loop into OpenSSL's SHA-256.  weightaudit's
 * validate is measured against this in the same run.
 *
 *   sha256_floor FILE [CHUNK_BYTES]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <openssl/evp.h>

int main(int argc, char **argv)
{
    size_t chunk = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) : (size_t)1 << 20;
    unsigned char *buf, md[EVP_MAX_MD_SIZE];
    unsigned len;
    EVP_MD_CTX *ctx;
    ssize_t n;
    int fd;

    if (argc < 2 || chunk == 0) {
        fprintf(stderr, "usage: sha256_floor FILE [CHUNK_BYTES]\n");
        return 2;
    }
    fd = open(argv[1], O_RDONLY);
    buf = malloc(chunk);
    ctx = EVP_MD_CTX_new();
    if (fd < 0 || !buf || !ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        perror(argv[1]);
        return 2;
    }
    while ((n = read(fd, buf, chunk)) > 0)
        EVP_DigestUpdate(ctx, buf, (size_t)n);
    if (n < 0) {
        perror(argv[1]);
        return 2;
    }
    EVP_DigestFinal_ex(ctx, md, &len);
    for (unsigned i = 0; i < len; i++)
        printf("%02x", md[i]);
    printf("  %s\n", argv[1]);
    EVP_MD_CTX_free(ctx);
    free(buf);
    close(fd);
    return 0;
}

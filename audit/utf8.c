/*
 * utf8.c - strict UTF-8 validation (see utf8.h).
 */
#include "utf8.h"

static int cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

size_t utf8_valid_prefix(const unsigned char *p, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            if (i + 1 >= n || !cont(p[i + 1]))
                return i;
            i += 2;
            continue;
        }
        if (c >= 0xE0 && c <= 0xEF) {
            unsigned char lo = 0x80, hi = 0xBF;
            if (c == 0xE0)
                lo = 0xA0;
            if (c == 0xED)
                hi = 0x9F;
            if (i + 2 >= n || p[i + 1] < lo || p[i + 1] > hi || !cont(p[i + 2]))
                return i;
            i += 3;
            continue;
        }
        if (c >= 0xF0 && c <= 0xF4) {
            unsigned char lo = 0x80, hi = 0xBF;
            if (c == 0xF0)
                lo = 0x90;
            if (c == 0xF4)
                hi = 0x8F;
            if (i + 3 >= n || p[i + 1] < lo || p[i + 1] > hi || !cont(p[i + 2]) || !cont(p[i + 3]))
                return i;
            i += 4;
            continue;
        }
        return i;
    }
    return n;
}

/*
 * report_int.h - what the files of the report module (report.c,
 * report_read.c, report_merge.c) share and its users need not see.
 */
#ifndef WA_REPORT_INT_H
#define WA_REPORT_INT_H

#include <stddef.h>

/* Grow a (pointer, count) array of the report by one zeroed element of
 * size bytes; NULL on ENOMEM.  The capacity is the next power of two >= the
 * count, so an array built by anything else must keep that rule. */
void *report_grow(void **v, size_t *n, size_t size);

#endif

/*
 * out_text.h - the text report: a short human summary of a scan, verdict
 * first, then why (the findings), then obligations and licenses, then a
 * compact table of the files.  A pure function of the report.
 */
#ifndef WA_OUT_TEXT_H
#define WA_OUT_TEXT_H

#include <stdio.h>

#include "report.h"

/* Write the text report to f.  0, or WA_EIO when writing failed. */
int out_text_write(FILE *f, const struct report *r);

/* A copy of s fit for a terminal: invalid UTF-8 and control characters
 * (escape sequences in hostile file names) become \xNN.  Caller frees. */
char *out_text_safe(const char *s);

#endif

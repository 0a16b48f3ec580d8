/*
 * email.h: e-mail addresses to one canonical spelling for matching.
 *
 * Plain C, no PostgreSQL headers.  The match engine normalizes each
 * record's address into a fixed buffer on the stack.
 *
 * The canonical form is lower case; Gmail addresses lose the dots and any
 * '+tag' of the local part and googlemail.com becomes gmail.com; other
 * providers keep both (they are significant or provider-specific there).
 * Malformed addresses and placeholders (none@none.com, noreply@...,
 * anything at example.com, x@x.com, ...) give no result.  The rules, and
 * why, are in docs/reference/contact.md.
 */
#ifndef C360_EMAIL_H
#define C360_EMAIL_H

#include <stdbool.h>
#include <stddef.h>

/* Longer input is refused outright (display name and padding included). */
#define C360_EMAIL_MAX_INPUT 1024

/* RFC 5321: at most 64 bytes of local part, 254 bytes of address. */
#define C360_EMAIL_LOCAL_MAX 64
#define C360_EMAIL_MAX 254
#define C360_EMAIL_BUFSIZE (C360_EMAIL_MAX + 1)

/*
 * Normalize len bytes of UTF-8 (not NUL-terminated).  On success writes the
 * NUL-terminated canonical address into out, its byte length into *out_len
 * and the byte offset of the domain (just after the '@') into
 * *domain_offset (either pointer may be NULL) and returns true.  Returns
 * false, with out set to "", for malformed input and placeholders.  Linear
 * in len; never allocates.
 */
extern bool c360_email_normalize(const char *s, size_t len,
								 char out[C360_EMAIL_BUFSIZE],
								 size_t *out_len, size_t *domain_offset);

#endif							/* C360_EMAIL_H */

/*
 * phone.h: telephone numbers to E.164 ('+' country code, national number).
 *
 * Plain C, no PostgreSQL headers.  The match engine looks the default
 * country up once (c360_phone_country_lookup) and then normalizes each
 * record's number into a fixed buffer on the stack.
 *
 * What is accepted, what is refused and why is described in
 * docs/reference/contact.md; in short: separators, a leading label
 * ("Tel:"), extensions ("ext. 12", "x12", "#12") and keypad letters
 * ("1-800-FLOWERS") are handled; '+', '00', the country's own international
 * prefix and its trunk prefix are understood; national number lengths are
 * checked for every country in the table and the E.164 total length (8 to
 * 15 digits) for any other assigned calling code; placeholders (one
 * repeated digit, 1234567890-style runs, impossible NANP numbers) are
 * refused.
 */
#ifndef C360_PHONE_H
#define C360_PHONE_H

#include <stdbool.h>
#include <stddef.h>

/* Longer input is refused outright (no phone number is 1 kB long). */
#define C360_PHONE_MAX_INPUT 1024

/* '+' and at most 15 digits, then a NUL. */
#define C360_PHONE_E164_MAX 16
#define C360_PHONE_BUFSIZE (C360_PHONE_E164_MAX + 1)

/*
 * Index of the country with this ISO 3166-1 alpha-2 code (two ASCII
 * letters, any case), or -1 if it is not in the table.
 */
extern int	c360_phone_country_lookup(const char *code, size_t len);

/* Number of countries in the table; indexes run from 0 to count - 1. */
extern int	c360_phone_country_count(void);

/* Upper-case ISO code and calling code of a table index. */
extern const char *c360_phone_country_iso(int country);
extern int	c360_phone_country_calling_code(int country);

/*
 * Normalize len bytes of UTF-8 (not NUL-terminated) as a telephone number
 * dialled in the given default country (an index from
 * c360_phone_country_lookup).  On success writes the NUL-terminated E.164
 * form into out, its length (without the NUL) into *out_len if out_len is
 * not NULL, and returns true.  Returns false, with out set to "", when the
 * input is not a usable number.  Runs in time linear in len and never
 * allocates.
 */
extern bool c360_phone_normalize(const char *s, size_t len, int country,
								 char out[C360_PHONE_BUFSIZE], size_t *out_len);

#endif							/* C360_PHONE_H */

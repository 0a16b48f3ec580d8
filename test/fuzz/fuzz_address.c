/*
 * Fuzz target for src/match/address.c.  For arbitrary bytes:
 *
 *	- parsing never reads past its input and always writes every component;
 *	  a failed parse leaves them all empty;
 *	- each component is valid UTF-8 without U+FFFD, shorter than its buffer,
 *	  upper case (c360_cp_upper changes nothing), without commas or control characters, with
 *	  single spaces and no space at either end; the country is empty or two
 *	  letters;
 *	- input longer than C360_ADDRESS_MAX_INPUT is C360_ADDRESS_TOO_LONG;
 *	- the normalized line fits its buffer, is empty exactly when the parse
 *	  failed, and is a fixed point: normalizing it gives it back, and
 *	  parsing it gives the same components.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "c360_alloc.h"
#include "utf8.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
require(int condition)
{
	if (!condition)
		abort();
}

static void
check_component(const char *s, size_t size)
{
	size_t		len = strlen(s);
	uint32_t	cps[C360_ADDRESS_PART_SIZE];
	size_t		n;

	require(len < size);
	if (len == 0)
		return;
	require(s[0] != ' ' && s[len - 1] != ' ');
	require(strstr(s, "  ") == NULL);
	n = c360_utf8_decode(s, len, cps);
	for (size_t i = 0; i < n; i++)
	{
		require(cps[i] != C360_REPLACEMENT_CHAR);
		require(c360_cp_upper(cps[i]) == cps[i]);	/* upper case */
		require(cps[i] != ',' && !c360_cp_is_control(cps[i]));
		require(cps[i] == ' ' || !c360_cp_is_space(cps[i]));
	}
}

static void
check_parts(const C360AddressParts *p, C360AddressStatus status)
{
	check_component(p->house_number, sizeof(p->house_number));
	check_component(p->street, sizeof(p->street));
	check_component(p->unit, sizeof(p->unit));
	check_component(p->extra, sizeof(p->extra));
	check_component(p->city, sizeof(p->city));
	check_component(p->region, sizeof(p->region));
	check_component(p->postcode, sizeof(p->postcode));
	require(p->country[0] == '\0' ||
			(p->country[0] >= 'A' && p->country[0] <= 'Z' &&
			 p->country[1] >= 'A' && p->country[1] <= 'Z' && p->country[2] == '\0'));
	if (status != C360_ADDRESS_OK)
	{
		require(p->house_number[0] == '\0' && p->street[0] == '\0' && p->unit[0] == '\0' &&
				p->extra[0] == '\0' && p->city[0] == '\0' && p->region[0] == '\0' &&
				p->postcode[0] == '\0' && p->country[0] == '\0' && p->flags == 0);
	}
	require(((p->flags & C360_ADDRESS_FLAG_US) != 0) == (strcmp(p->country, "US") == 0));
}

static int
same_parts(const C360AddressParts *a, const C360AddressParts *b)
{
	return strcmp(a->house_number, b->house_number) == 0 &&
		strcmp(a->street, b->street) == 0 && strcmp(a->unit, b->unit) == 0 &&
		strcmp(a->extra, b->extra) == 0 && strcmp(a->city, b->city) == 0 &&
		strcmp(a->region, b->region) == 0 && strcmp(a->postcode, b->postcode) == 0 &&
		strcmp(a->country, b->country) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so reading past the end is caught. */
	char	   *input = c360_alloc(size);
	C360AddressParts *parts = c360_alloc(sizeof(C360AddressParts));
	C360AddressParts *again = c360_alloc(sizeof(C360AddressParts));
	char	   *line = c360_alloc(C360_ADDRESS_LINE_SIZE);
	char	   *line2 = c360_alloc(C360_ADDRESS_LINE_SIZE);
	size_t		len,
				len2;
	C360AddressStatus status,
				status2;

	memcpy(input, data, size);
	memset(parts, 0x5A, sizeof(*parts));
	status = c360_address_parse(input, size, parts);
	require(status == C360_ADDRESS_OK || status == C360_ADDRESS_EMPTY ||
			status == C360_ADDRESS_TOO_LONG);
	require(size <= C360_ADDRESS_MAX_INPUT || status == C360_ADDRESS_TOO_LONG);
	check_parts(parts, status);

	status2 = c360_address_normalize(input, size, line, &len);
	require(status2 == status);
	require(len == strlen(line) && len < C360_ADDRESS_LINE_SIZE);
	require((len > 0) == (status == C360_ADDRESS_OK));
	if (len > 0)
	{
		/* the normalized line is a fixed point */
		status2 = c360_address_normalize(line, len, line2, &len2);
		require(status2 == C360_ADDRESS_OK);
		require(len2 == len && memcmp(line, line2, len) == 0);
		status2 = c360_address_parse(line, len, again);
		require(status2 == C360_ADDRESS_OK);
		check_parts(again, status2);
		require(same_parts(parts, again));
	}

	c360_free(input);
	c360_free(parts);
	c360_free(again);
	c360_free(line);
	c360_free(line2);
	return 0;
}

/*
 * fuzz_value_text.c: libFuzzer target for the text form of the model values
 * (src/value/model_text.h).
 *
 * The first byte picks the kind (BG/NBD, Pareto/NBD, Gamma-Gamma); the rest
 * is the text, not NUL-terminated.  Invariants: a failed parse reports a
 * position within the text and leaves the value zeroed; a successful one
 * has finite positive parameters (the unused fourth is 0), a known status,
 * a customer count >= 1 exactly when it is a fit; its text form fits the
 * buffer, parses back to the same value bit for bit, and prints the same
 * text again.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model_text.h"

#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const C360ModelKind kinds[3] = {C360_MODEL_BGNBD, C360_MODEL_PARETO_NBD,
	C360_MODEL_GAMMA_GAMMA};
	C360ModelKind kind;
	C360ModelValue m;
	C360ModelValue back;
	C360ModelValue zero;
	char		buf[C360_MODEL_TEXT_MAX];
	char		again[C360_MODEL_TEXT_MAX];
	size_t		pos;
	size_t		len;
	int			count;
	int			i;

	if (size == 0)
		return 0;
	kind = kinds[data[0] % 3];
	memset(&zero, 0, sizeof(zero));
	if (c360_model_parse(kind, (const char *) data + 1, size - 1, &m, &pos) != C360_MODEL_PARSE_OK)
	{
		REQUIRE(pos <= size - 1);
		REQUIRE(memcmp(&m, &zero, sizeof(m)) == 0);
		return 0;
	}
	REQUIRE(pos == 0);
	REQUIRE(m.kind == (int32_t) kind);
	count = c360_model_param_count(kind);
	for (i = 0; i < count; i++)
		REQUIRE(isfinite(m.param[i]) && m.param[i] > 0.0);
	for (; i < 4; i++)
		REQUIRE(m.param[i] == 0.0);
	REQUIRE(c360_model_status_token(m.status) != NULL);
	if (m.status == C360_MODEL_GIVEN)
		REQUIRE(m.customers == 0 && m.log_likelihood == 0.0);
	else
		REQUIRE(m.customers >= 1 && isfinite(m.log_likelihood));

	len = c360_model_format(&m, buf, sizeof(buf));
	REQUIRE(len < sizeof(buf) && strlen(buf) == len);
	REQUIRE(c360_model_parse(kind, buf, len, &back, &pos) == C360_MODEL_PARSE_OK);
	REQUIRE(memcmp(back.param, m.param, sizeof(m.param)) == 0);
	REQUIRE(back.log_likelihood == m.log_likelihood || (back.log_likelihood == 0 && m.log_likelihood == 0));
	REQUIRE(back.customers == m.customers && back.status == m.status && back.kind == m.kind);
	REQUIRE(c360_model_format(&back, again, sizeof(again)) == len);
	REQUIRE(strcmp(buf, again) == 0);
	return 0;
}

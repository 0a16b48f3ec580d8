/*
 * Unit tests for the text form of the customer-value model values
 * (src/value/model_text.h): parsing, errors and their positions, exact
 * round trips, conversion to the model structs.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "model_text.h"
#include "unit.h"

static C360ModelParse
parse(C360ModelKind kind, const char *s, C360ModelValue *m, size_t *pos)
{
	return c360_model_parse(kind, s, strlen(s), m, pos);
}

static void
test_given(void)
{
	C360ModelValue m;
	size_t		pos = 99;
	char		buf[C360_MODEL_TEXT_MAX];

	CHECK_INT(parse(C360_MODEL_BGNBD, "(r=0.243,alpha=4.414,a=0.793,b=2.426)", &m, &pos),
			  C360_MODEL_PARSE_OK);
	CHECK_INT(pos, 0);
	CHECK(m.param[0] == 0.243 && m.param[1] == 4.414 && m.param[2] == 0.793 && m.param[3] == 2.426);
	CHECK_INT(m.status, C360_MODEL_GIVEN);
	CHECK_INT(m.kind, C360_MODEL_BGNBD);
	CHECK(m.customers == 0 && m.log_likelihood == 0.0);
	c360_model_format(&m, buf, sizeof(buf));
	CHECK_STR(buf, "(r=0.243,alpha=4.414,a=0.793,b=2.426)");

	/* blanks anywhere between tokens */
	CHECK_INT(parse(C360_MODEL_PARETO_NBD, " \t( r = 1 ,alpha=2,\ns=3 , beta = 4e0 )\r\n", &m, &pos),
			  C360_MODEL_PARSE_OK);
	c360_model_format(&m, buf, sizeof(buf));
	CHECK_STR(buf, "(r=1,alpha=2,s=3,beta=4)");

	CHECK_INT(parse(C360_MODEL_GAMMA_GAMMA, "(p=6.25,q=3.74,gamma=15.44)", &m, &pos),
			  C360_MODEL_PARSE_OK);
	CHECK(m.param[3] == 0.0);
	c360_model_format(&m, buf, sizeof(buf));
	CHECK_STR(buf, "(p=6.25,q=3.74,gamma=15.44)");
}

static void
test_fitted(void)
{
	C360ModelValue m;
	C360ModelValue back;
	size_t		pos;
	char		buf[C360_MODEL_TEXT_MAX];

	CHECK_INT(parse(C360_MODEL_BGNBD,
					"(r=1,alpha=2,a=3,b=4,log_likelihood=-10.5,customers=7,status=not_converged)",
					&m, &pos), C360_MODEL_PARSE_OK);
	CHECK_INT(m.status, C360_VALUE_NOT_CONVERGED);
	CHECK(m.customers == 7 && m.log_likelihood == -10.5);
	c360_model_format(&m, buf, sizeof(buf));
	CHECK_STR(buf, "(r=1,alpha=2,a=3,b=4,log_likelihood=-10.5,customers=7,status=not_converged)");
	CHECK_INT(parse(C360_MODEL_BGNBD, "(r=1,alpha=2,a=3,b=4,log_likelihood=0,customers=1,status=at_boundary)",
					&m, &pos), C360_MODEL_PARSE_OK);
	CHECK_INT(m.status, C360_VALUE_AT_BOUNDARY);

	/* awkward doubles round-trip exactly, in the fewest digits */
	m.kind = C360_MODEL_PARETO_NBD;
	m.param[0] = 0.1 + 0.2;
	m.param[1] = 4.9406564584124654e-324;
	m.param[2] = 1.7976931348623157e308;
	m.param[3] = 1.0 / 3.0;
	m.log_likelihood = -9582.426013405183;
	m.customers = ((int64_t) 1 << 53);
	m.status = C360_VALUE_OK;
	c360_model_format(&m, buf, sizeof(buf));
	CHECK(strlen(buf) < C360_MODEL_TEXT_MAX);
	CHECK_INT(parse(C360_MODEL_PARETO_NBD, buf, &back, &pos), C360_MODEL_PARSE_OK);
	CHECK(memcmp(back.param, m.param, sizeof(m.param)) == 0);
	CHECK(back.log_likelihood == m.log_likelihood && back.customers == m.customers);
	CHECK(strstr(buf, "r=0.30000000000000004,") != NULL);
	CHECK(strstr(buf, "s=1.7976931348623157e+308") != NULL);
}

static void
test_errors(void)
{
	C360ModelValue m;
	size_t		pos;
	static const struct
	{
		C360ModelKind kind;
		const char *text;
		C360ModelParse result;
		size_t		pos;
	}			cases[] = {
		{C360_MODEL_BGNBD, "", C360_MODEL_PARSE_SYNTAX, 0},
		{C360_MODEL_BGNBD, "r=1,alpha=2,a=3,b=4", C360_MODEL_PARSE_SYNTAX, 0},
		{C360_MODEL_BGNBD, "(alpha=2,r=1,a=3,b=4)", C360_MODEL_PARSE_NAME, 6},
		{C360_MODEL_BGNBD, "(r=1,alpha=2,a=3)", C360_MODEL_PARSE_SYNTAX, 16},
		{C360_MODEL_BGNBD, "(r=1,alpha=2,a=3,b=4", C360_MODEL_PARSE_SYNTAX, 20},
		{C360_MODEL_BGNBD, "(r=1,alpha=2,a=3,b=4) x", C360_MODEL_PARSE_TRAILING, 22},
		{C360_MODEL_BGNBD, "(r=0,alpha=2,a=3,b=4)", C360_MODEL_PARSE_PARAMETER, 4},
		{C360_MODEL_BGNBD, "(r=-1,alpha=2,a=3,b=4)", C360_MODEL_PARSE_PARAMETER, 5},
		{C360_MODEL_BGNBD, "(r=1e999,alpha=2,a=3,b=4)", C360_MODEL_PARSE_PARAMETER, 8},
		{C360_MODEL_BGNBD, "(r=nan,alpha=2,a=3,b=4)", C360_MODEL_PARSE_NUMBER, 3},
		{C360_MODEL_BGNBD, "(r=0x10,alpha=2,a=3,b=4)", C360_MODEL_PARSE_PARAMETER, 4},
		{C360_MODEL_BGNBD, "(r=1-2,alpha=2,a=3,b=4)", C360_MODEL_PARSE_NUMBER, 3},
		{C360_MODEL_BGNBD, "(r=,alpha=2,a=3,b=4)", C360_MODEL_PARSE_NUMBER, 3},
		{C360_MODEL_BGNBD, "(r 1,alpha=2,a=3,b=4)", C360_MODEL_PARSE_SYNTAX, 3},
		{C360_MODEL_BGNBD, "(r=1,alpha=2,a=3,b=4,log_likelihood=-1)", C360_MODEL_PARSE_FIT_FIELDS, 38},
		{C360_MODEL_BGNBD, "(r=1,alpha=2,a=3,b=4,log_likelihood=-1,customers=0,status=ok)", C360_MODEL_PARSE_FIT_FIELDS, 50},
		{C360_MODEL_BGNBD, "(r=1,alpha=2,a=3,b=4,log_likelihood=-1,customers=2,status=given)", C360_MODEL_PARSE_FIT_FIELDS, 63},
		{C360_MODEL_BGNBD, "(r=1,alpha=2,a=3,b=4,customers=2)", C360_MODEL_PARSE_NAME, 30},
		{C360_MODEL_BGNBD, "(r=1,alpha=2,s=3,beta=4)", C360_MODEL_PARSE_NAME, 14},
		{C360_MODEL_GAMMA_GAMMA, "(p=1,q=2,gamma=3,delta=4)", C360_MODEL_PARSE_NAME, 22},
		{C360_MODEL_GAMMA_GAMMA, "(p=1,q=2)", C360_MODEL_PARSE_SYNTAX, 8},
		{(C360ModelKind) 0, "(r=1)", C360_MODEL_PARSE_SYNTAX, 0},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		C360ModelParse r = parse(cases[i].kind, cases[i].text, &m, &pos);

		if (r != cases[i].result || pos != cases[i].pos)
			printf("case %zu \"%s\": result %d at %zu, expected %d at %zu\n", i, cases[i].text,
				   (int) r, pos, (int) cases[i].result, cases[i].pos);
		CHECK_INT(r, cases[i].result);
		CHECK_INT(pos, cases[i].pos);
		CHECK(m.param[0] == 0.0 && m.kind == 0);
		CHECK(strlen(c360_model_parse_message(r)) > 0);
	}

	/* not NUL-terminated: the length is honoured */
	CHECK_INT(c360_model_parse(C360_MODEL_BGNBD, "(r=1,alpha=2,a=3,b=4)garbage", 21, &m, &pos),
			  C360_MODEL_PARSE_OK);
	CHECK_INT(c360_model_parse(C360_MODEL_BGNBD, "(r=1,alpha=2,a=3,b=4)", 20, &m, &pos),
			  C360_MODEL_PARSE_SYNTAX);
	/* a number cut by the length */
	CHECK_INT(c360_model_parse(C360_MODEL_BGNBD, "(r=1,alpha=2,a=3,b=45)", 20, &m, &pos),
			  C360_MODEL_PARSE_SYNTAX);
}

static void
test_long_input(void)
{
	size_t		n = 1000000;
	char	   *s = c360_alloc(n + 64);
	C360ModelValue m;
	size_t		pos;

	/* a million digits: refused as a number, not read */
	memcpy(s, "(r=", 3);
	memset(s + 3, '1', n);
	memcpy(s + 3 + n, ",alpha=2,a=3,b=4)", 17);
	CHECK_INT(c360_model_parse(C360_MODEL_BGNBD, s, n + 20, &m, &pos), C360_MODEL_PARSE_NUMBER);
	CHECK_INT(pos, 3);
	/* a million blanks: allowed */
	memcpy(s, "(r=1,alpha=2,a=3,b=4", 20);
	memset(s + 20, ' ', n);
	s[20 + n] = ')';
	CHECK_INT(c360_model_parse(C360_MODEL_BGNBD, s, n + 21, &m, &pos), C360_MODEL_PARSE_OK);
	/* a very long name */
	s[0] = '(';
	memset(s + 1, 'r', n);
	CHECK_INT(c360_model_parse(C360_MODEL_BGNBD, s, n + 1, &m, &pos), C360_MODEL_PARSE_NAME);
	c360_free(s);
}

static void
test_conversion(void)
{
	C360ModelValue m;
	C360PurchaseModel pm;
	C360GammaGamma gg;
	size_t		pos;
	double		e;

	CHECK_INT(parse(C360_MODEL_BGNBD, "(r=0.243,alpha=4.414,a=0.793,b=2.426)", &m, &pos),
			  C360_MODEL_PARSE_OK);
	c360_model_to_purchase(&m, &pm);
	CHECK_INT(pm.kind, C360_PURCHASE_BGNBD);
	CHECK(pm.u.bgnbd.b == 2.426);
	CHECK_INT(c360_purchase_expected(&pm, 39, 2, 30.43, 38.86, &e), C360_VALUE_OK);
	CHECK_NEAR(e, 1.2260, 5e-5);

	CHECK_INT(parse(C360_MODEL_PARETO_NBD, "(r=0.553,alpha=10.578,s=0.606,beta=11.669)", &m, &pos),
			  C360_MODEL_PARSE_OK);
	c360_model_to_purchase(&m, &pm);
	CHECK_INT(pm.kind, C360_PURCHASE_PARETO_NBD);
	CHECK(pm.u.pareto_nbd.beta == 11.669 && pm.u.pareto_nbd.s == 0.606);

	CHECK_INT(parse(C360_MODEL_GAMMA_GAMMA, "(p=6.25,q=3.74,gamma=15.44)", &m, &pos),
			  C360_MODEL_PARSE_OK);
	c360_model_to_gamma_gamma(&m, &gg);
	CHECK(gg.p == 6.25 && gg.q == 3.74 && gg.gamma == 15.44);
	CHECK_INT(c360_gamma_gamma_expected_spend(&gg, 0, 0, &e), C360_VALUE_OK);
	CHECK_NEAR(e, 6.25 * 15.44 / 2.74, 1e-9);

	CHECK_INT(c360_model_param_count(C360_MODEL_GAMMA_GAMMA), 3);
	CHECK_INT(c360_model_param_count((C360ModelKind) 9), 0);
	CHECK(c360_model_param_name(C360_MODEL_BGNBD, 4) == NULL);
	CHECK(c360_model_param_name(C360_MODEL_BGNBD, -1) == NULL);
	CHECK_STR(c360_model_param_name(C360_MODEL_PARETO_NBD, 3), "beta");
	CHECK(c360_model_status_token(C360_VALUE_NUMERIC) == NULL);
	CHECK_STR(c360_model_status_token(C360_MODEL_GIVEN), "given");
}

int
main(void)
{
	test_given();
	test_fitted();
	test_errors();
	test_long_input();
	test_conversion();
	return UNIT_DONE();
}

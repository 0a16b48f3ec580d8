/*
 * model_text.c: text form of the customer-value model values (see
 * model_text.h).
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_text.h"

static const char *const bgnbd_names[] = {"r", "alpha", "a", "b"};
static const char *const pareto_names[] = {"r", "alpha", "s", "beta"};
static const char *const gamma_names[] = {"p", "q", "gamma"};

/* longest number we read: a double needs far fewer characters */
#define NUMBER_MAX 64

int
c360_model_param_count(C360ModelKind kind)
{
	switch (kind)
	{
		case C360_MODEL_BGNBD:
		case C360_MODEL_PARETO_NBD:
			return 4;
		case C360_MODEL_GAMMA_GAMMA:
			return 3;
	}
	return 0;
}

const char *
c360_model_param_name(C360ModelKind kind, int i)
{
	if (i < 0 || i >= c360_model_param_count(kind))
		return NULL;
	switch (kind)
	{
		case C360_MODEL_BGNBD:
			return bgnbd_names[i];
		case C360_MODEL_PARETO_NBD:
			return pareto_names[i];
		case C360_MODEL_GAMMA_GAMMA:
			return gamma_names[i];
	}
	return NULL;
}

const char *
c360_model_status_token(int32_t status)
{
	switch (status)
	{
		case C360_VALUE_OK:
			return "ok";
		case C360_VALUE_NOT_CONVERGED:
			return "not_converged";
		case C360_VALUE_AT_BOUNDARY:
			return "at_boundary";
		case C360_MODEL_GIVEN:
			return "given";
	}
	return NULL;
}

const char *
c360_model_parse_message(C360ModelParse result)
{
	switch (result)
	{
		case C360_MODEL_PARSE_OK:
			return "ok";
		case C360_MODEL_PARSE_SYNTAX:
			return "expected \"(name=value, ...)\"";
		case C360_MODEL_PARSE_NAME:
			return "unexpected field name (the parameters come first, in their order, "
				"then optionally log_likelihood, customers and status)";
		case C360_MODEL_PARSE_NUMBER:
			return "a value is not a number";
		case C360_MODEL_PARSE_PARAMETER:
			return "model parameters must be finite and greater than 0";
		case C360_MODEL_PARSE_FIT_FIELDS:
			return "log_likelihood (finite), customers (a whole number >= 1) and status "
				"(ok, not_converged or at_boundary) must be given together or not at all";
		case C360_MODEL_PARSE_TRAILING:
			return "unexpected text after the closing parenthesis";
	}
	return "unknown parse result";
}

typedef struct Cursor
{
	const char *s;
	size_t		len;
	size_t		pos;
} Cursor;

static void
skip_blanks(Cursor *c)
{
	while (c->pos < c->len && (c->s[c->pos] == ' ' || c->s[c->pos] == '\t' ||
							   c->s[c->pos] == '\n' || c->s[c->pos] == '\r'))
		c->pos++;
}

static bool
take_char(Cursor *c, char ch)
{
	skip_blanks(c);
	if (c->pos < c->len && c->s[c->pos] == ch)
	{
		c->pos++;
		return true;
	}
	return false;
}

/* the next word of [a-z_], into word (NUL-terminated, at most size - 1) */
static size_t
take_word(Cursor *c, char *word, size_t size)
{
	size_t		n = 0;

	skip_blanks(c);
	while (c->pos < c->len && ((c->s[c->pos] >= 'a' && c->s[c->pos] <= 'z') ||
							   c->s[c->pos] == '_'))
	{
		if (n + 1 < size)
			word[n] = c->s[c->pos];
		n++;
		c->pos++;
	}
	if (n >= size)
		return 0;				/* too long for any name we know */
	word[n] = '\0';
	return n;
}

/* "name =" with the expected name */
static C360ModelParse
take_name(Cursor *c, const char *expected)
{
	char		word[32];

	if (take_word(c, word, sizeof(word)) == 0 || strcmp(word, expected) != 0)
		return C360_MODEL_PARSE_NAME;
	if (!take_char(c, '='))
		return C360_MODEL_PARSE_SYNTAX;
	return C360_MODEL_PARSE_OK;
}

/* a decimal number (strtod syntax, no hex, no inf/nan words) */
static C360ModelParse
take_number(Cursor *c, double *value)
{
	char		buf[NUMBER_MAX + 1];
	size_t		n = 0;
	char	   *end;

	skip_blanks(c);
	while (c->pos + n < c->len)
	{
		char		ch = c->s[c->pos + n];

		if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' ||
			  ch == 'e' || ch == 'E'))
			break;
		if (n == NUMBER_MAX)
			return C360_MODEL_PARSE_NUMBER;
		buf[n] = ch;
		n++;
	}
	if (n == 0)
		return C360_MODEL_PARSE_NUMBER;
	buf[n] = '\0';
	*value = strtod(buf, &end);
	if ((size_t) (end - buf) != n)
		return C360_MODEL_PARSE_NUMBER;
	c->pos += n;
	return C360_MODEL_PARSE_OK;
}

C360ModelParse
c360_model_parse(C360ModelKind kind, const char *text, size_t len,
				 C360ModelValue *out, size_t *error_pos)
{
	Cursor		c = {text, len, 0};
	C360ModelParse result = C360_MODEL_PARSE_OK;
	int			count = c360_model_param_count(kind);
	int			i;
	double		value;
	char		word[32];

	memset(out, 0, sizeof(*out));
	out->kind = kind;
	out->status = C360_MODEL_GIVEN;
	if (count == 0 || !take_char(&c, '('))
	{
		result = C360_MODEL_PARSE_SYNTAX;
		goto fail;
	}
	for (i = 0; i < count; i++)
	{
		if (i > 0 && !take_char(&c, ','))
		{
			result = C360_MODEL_PARSE_SYNTAX;
			goto fail;
		}
		if ((result = take_name(&c, c360_model_param_name(kind, i))) != C360_MODEL_PARSE_OK)
			goto fail;
		if ((result = take_number(&c, &value)) != C360_MODEL_PARSE_OK)
			goto fail;
		if (!isfinite(value) || !(value > 0.0))
		{
			result = C360_MODEL_PARSE_PARAMETER;
			goto fail;
		}
		out->param[i] = value;
	}
	if (take_char(&c, ','))
	{
		/* the fit fields, all three */
		if ((result = take_name(&c, "log_likelihood")) != C360_MODEL_PARSE_OK ||
			(result = take_number(&c, &value)) != C360_MODEL_PARSE_OK)
			goto fail;
		if (!isfinite(value))
		{
			result = C360_MODEL_PARSE_FIT_FIELDS;
			goto fail;
		}
		out->log_likelihood = value;
		if (!take_char(&c, ','))
		{
			result = C360_MODEL_PARSE_FIT_FIELDS;
			goto fail;
		}
		if ((result = take_name(&c, "customers")) != C360_MODEL_PARSE_OK ||
			(result = take_number(&c, &value)) != C360_MODEL_PARSE_OK)
			goto fail;
		if (!(value >= 1.0) || value > (double) C360_VALUE_MAX_CUSTOMERS ||
			value != floor(value))
		{
			result = C360_MODEL_PARSE_FIT_FIELDS;
			goto fail;
		}
		out->customers = (int64_t) value;
		if (!take_char(&c, ','))
		{
			result = C360_MODEL_PARSE_FIT_FIELDS;
			goto fail;
		}
		if ((result = take_name(&c, "status")) != C360_MODEL_PARSE_OK)
			goto fail;
		if (take_word(&c, word, sizeof(word)) == 0)
		{
			result = C360_MODEL_PARSE_FIT_FIELDS;
			goto fail;
		}
		if (strcmp(word, "ok") == 0)
			out->status = C360_VALUE_OK;
		else if (strcmp(word, "not_converged") == 0)
			out->status = C360_VALUE_NOT_CONVERGED;
		else if (strcmp(word, "at_boundary") == 0)
			out->status = C360_VALUE_AT_BOUNDARY;
		else
		{
			result = C360_MODEL_PARSE_FIT_FIELDS;
			goto fail;
		}
	}
	if (!take_char(&c, ')'))
	{
		result = C360_MODEL_PARSE_SYNTAX;
		goto fail;
	}
	skip_blanks(&c);
	if (c.pos != c.len)
	{
		result = C360_MODEL_PARSE_TRAILING;
		goto fail;
	}
	*error_pos = 0;
	return C360_MODEL_PARSE_OK;

fail:
	*error_pos = c.pos;
	memset(out, 0, sizeof(*out));
	return result;
}

/* the shortest %g form that reads back as the same double */
static int
format_double(char *buf, size_t size, double value)
{
	int			precision;
	int			n = 0;

	for (precision = 1; precision <= 17; precision++)
	{
		n = snprintf(buf, size, "%.*g", precision, value);
		if (strtod(buf, NULL) == value)
			break;
	}
	return n;
}

size_t
c360_model_format(const C360ModelValue *model, char *buf, size_t size)
{
	size_t		n = 0;
	int			count = c360_model_param_count((C360ModelKind) model->kind);
	int			i;

	/* each part is at most ~40 bytes; size >= C360_MODEL_TEXT_MAX */
	buf[n++] = '(';
	for (i = 0; i < count; i++)
	{
		n += (size_t) snprintf(buf + n, size - n, "%s%s=", i > 0 ? "," : "",
							   c360_model_param_name((C360ModelKind) model->kind, i));
		n += (size_t) format_double(buf + n, size - n, model->param[i]);
	}
	if (model->status != C360_MODEL_GIVEN)
	{
		const char *token = c360_model_status_token(model->status);

		n += (size_t) snprintf(buf + n, size - n, ",log_likelihood=");
		n += (size_t) format_double(buf + n, size - n, model->log_likelihood);
		n += (size_t) snprintf(buf + n, size - n, ",customers=%lld,status=%s",
							   (long long) model->customers, token != NULL ? token : "ok");
	}
	n += (size_t) snprintf(buf + n, size - n, ")");
	return n;
}

void
c360_model_to_purchase(const C360ModelValue *model, C360PurchaseModel *out)
{
	memset(out, 0, sizeof(*out));
	if (model->kind == C360_MODEL_PARETO_NBD)
	{
		out->kind = C360_PURCHASE_PARETO_NBD;
		out->u.pareto_nbd.r = model->param[0];
		out->u.pareto_nbd.alpha = model->param[1];
		out->u.pareto_nbd.s = model->param[2];
		out->u.pareto_nbd.beta = model->param[3];
	}
	else
	{
		out->kind = C360_PURCHASE_BGNBD;
		out->u.bgnbd.r = model->param[0];
		out->u.bgnbd.alpha = model->param[1];
		out->u.bgnbd.a = model->param[2];
		out->u.bgnbd.b = model->param[3];
	}
}

void
c360_model_to_gamma_gamma(const C360ModelValue *model, C360GammaGamma *out)
{
	out->p = model->param[0];
	out->q = model->param[1];
	out->gamma = model->param[2];
}

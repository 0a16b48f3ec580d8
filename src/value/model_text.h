/*
 * model_text.h: a fitted (or given) customer-value model as one value, and
 * its text form.
 *
 * The SQL types c360.bgnbd, c360.pareto_nbd and c360.gamma_gamma store a
 * C360ModelValue as it is (fixed length).  Their text form is
 *
 *   (r=0.2426,alpha=4.4135,a=0.7929,b=2.4258,log_likelihood=-9582.43,customers=2357,status=ok)
 *
 * with the model's parameters in that order, then either all three fit
 * fields or none (a model typed in from published parameters: "given").
 * Numbers are printed with the fewest digits that read back to the same
 * double, so the text form round-trips exactly.  No PostgreSQL headers.
 */
#ifndef C360_VALUE_MODEL_TEXT_H
#define C360_VALUE_MODEL_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "clv_models.h"

typedef enum C360ModelKind
{
	C360_MODEL_BGNBD = 1,
	C360_MODEL_PARETO_NBD = 2,
	C360_MODEL_GAMMA_GAMMA = 3
} C360ModelKind;

/* status of a model whose parameters were given, not fitted */
#define C360_MODEL_GIVEN (-1)

typedef struct C360ModelValue
{
	double		param[4];		/* in the order of c360_model_param_name; the
								 * fourth is 0 for Gamma-Gamma */
	double		log_likelihood; /* 0 when given */
	int64_t		customers;		/* 0 when given */
	int32_t		kind;			/* C360ModelKind */
	int32_t		status;			/* C360_VALUE_OK, C360_VALUE_NOT_CONVERGED,
								 * C360_VALUE_AT_BOUNDARY or C360_MODEL_GIVEN */
} C360ModelValue;

/* Longest text form, with its NUL. */
#define C360_MODEL_TEXT_MAX 256

typedef enum C360ModelParse
{
	C360_MODEL_PARSE_OK = 0,
	C360_MODEL_PARSE_SYNTAX,	/* not "(name=value,...)" */
	C360_MODEL_PARSE_NAME,		/* a field name other than the one expected */
	C360_MODEL_PARSE_NUMBER,	/* a value that is not a number */
	C360_MODEL_PARSE_PARAMETER, /* a parameter not finite and > 0 */
	C360_MODEL_PARSE_FIT_FIELDS,	/* some but not all of the fit fields, a
									 * customer count < 1 or a bad status */
	C360_MODEL_PARSE_TRAILING	/* text after the closing parenthesis */
} C360ModelParse;

/* 4 for the purchase models, 3 for Gamma-Gamma, 0 for an unknown kind */
extern int	c360_model_param_count(C360ModelKind kind);
/* "r", "alpha", ...; NULL past the count */
extern const char *c360_model_param_name(C360ModelKind kind, int i);
/* "ok", "not_converged", "at_boundary", "given"; NULL for other statuses */
extern const char *c360_model_status_token(int32_t status);
/* English description of a parse result */
extern const char *c360_model_parse_message(C360ModelParse result);

/*
 * Parse text (len bytes, not NUL-terminated) as a model of this kind.
 * Blanks around names, values and punctuation are allowed.  On failure
 * *error_pos is the byte offset where the problem was found and *out is
 * zeroed.
 */
extern C360ModelParse c360_model_parse(C360ModelKind kind, const char *text, size_t len,
									   C360ModelValue *out, size_t *error_pos);

/*
 * Write the text form into buf (size >= C360_MODEL_TEXT_MAX); returns its
 * length.  The model must be valid (as c360_model_parse would accept it).
 */
extern size_t c360_model_format(const C360ModelValue *model, char *buf, size_t size);

/* The model as the C structs of clv_models.h. */
extern void c360_model_to_purchase(const C360ModelValue *model, C360PurchaseModel *out);
extern void c360_model_to_gamma_gamma(const C360ModelValue *model, C360GammaGamma *out);

#endif							/* C360_VALUE_MODEL_TEXT_H */

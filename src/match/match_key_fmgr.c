/*
 * match_key_fmgr.c: the c360.match_key type, c360.match_key(...) and
 * c360.match_levels(a, b).
 *
 * All the work is in match_key.c.  Nothing here logs the data.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/jsonb.h"

#include "date_fmgr.h"
#include "glue.h"
#include "match_key_fmgr.h"
#include "phone.h"

PG_FUNCTION_INFO_V1(c360_match_key_in);
PG_FUNCTION_INFO_V1(c360_match_key_out);
PG_FUNCTION_INFO_V1(c360_match_key_recv);
PG_FUNCTION_INFO_V1(c360_match_key_send);
PG_FUNCTION_INFO_V1(c360_match_key_make);
PG_FUNCTION_INFO_V1(c360_match_levels_sql);
PG_FUNCTION_INFO_V1(c360_match_key_attributes);

/* A palloc'd varlena holding a key built by match_key.c (which palloc'd it). */
static bytea *
key_datum(C360MatchKey *key, size_t size)
{
	bytea	   *result = palloc(VARHDRSZ + size);

	SET_VARSIZE(result, VARHDRSZ + size);
	memcpy(VARDATA(result), key, size);
	pfree(key);
	return result;
}

/*
 * Input: the JSON object the output function writes.  Fields that are
 * derived (nicknames, phonetic codes) are accepted and recomputed.
 */
Datum
c360_match_key_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	Jsonb	   *jb = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(str)));
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	int			capacity = 16,
				n = 0,
				bad;
	char	  **names = palloc(capacity * sizeof(char *));
	char	  **values = palloc(capacity * sizeof(char *));
	int			depth = 0;
	C360MatchKey *key;
	size_t		size;
	C360MatchKeyReadStatus status;

	if (!JB_ROOT_IS_OBJECT(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input for c360.match_key: expected a JSON object"),
				 errhint("Build keys with c360.match_key(given_name => ..., family_name => ..., ...).")));
	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, false)) != WJB_DONE)
	{
		if (tok == WJB_BEGIN_OBJECT || tok == WJB_BEGIN_ARRAY)
		{
			depth++;
			if (depth > 1)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("invalid input for c360.match_key: values must be strings")));
			continue;
		}
		if (tok == WJB_END_OBJECT || tok == WJB_END_ARRAY)
		{
			depth--;
			continue;
		}
		if (tok == WJB_KEY)
		{
			if (n == capacity)
			{
				capacity *= 2;
				names = repalloc(names, capacity * sizeof(char *));
				values = repalloc(values, capacity * sizeof(char *));
			}
			names[n] = pnstrdup(v.val.string.val, v.val.string.len);
			continue;
		}
		if (tok == WJB_VALUE)
		{
			if (v.type != jbvString)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("invalid input for c360.match_key: field \"%s\" must be a string",
								names[n])));
			values[n] = pnstrdup(v.val.string.val, v.val.string.len);
			n++;
		}
	}
	status = c360_match_key_read((const char *const *) names,
								 (const char *const *) values, n,
								 &key, &size, &bad);
	if (status == C360_KEY_READ_UNKNOWN_FIELD)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input for c360.match_key: unknown field \"%s\"", names[bad]),
				 errhint("Fields are given_name, middle_name, family_name, birth_date, email, phone, house_number, street, unit, city, postcode and national_id.")));
	if (status != C360_KEY_READ_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input for c360.match_key: field \"%s\" is empty, longer than 1536 bytes, or (birth_date) not a valid YYYY-MM-DD date",
						names[bad])));
	PG_RETURN_BYTEA_P(key_datum(key, size));
}

Datum
c360_match_key_out(PG_FUNCTION_ARGS)
{
	size_t		size;
	const C360MatchKey *key = c360_datum_match_key(PG_GETARG_DATUM(0), &size);
	size_t		need = c360_match_key_json(key, NULL, 0);
	char	   *out = palloc(need + 1);

	c360_match_key_json(key, out, need + 1);
	PG_RETURN_CSTRING(out);
}

Datum
c360_match_key_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	bytea	   *result = palloc(VARHDRSZ + len);

	SET_VARSIZE(result, VARHDRSZ + len);
	pq_copymsgbytes(buf, VARDATA(result), len);
	if (!c360_match_key_valid((const C360MatchKey *) VARDATA(result), (size_t) len))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary input for c360.match_key"),
				 errhint("Send keys produced by this version of customer360, or use the text form.")));
	PG_RETURN_BYTEA_P(result);
}

Datum
c360_match_key_send(PG_FUNCTION_ARGS)
{
	size_t		size;
	const C360MatchKey *key = c360_datum_match_key(PG_GETARG_DATUM(0), &size);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) key, (int) size);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Argument positions of c360.match_key(...), as declared in SQL. */
enum
{
	ARG_GIVEN_NAME = 0,
	ARG_FAMILY_NAME,
	ARG_BIRTH_DATE,
	ARG_EMAIL,
	ARG_PHONE,
	ARG_STREET,
	ARG_CITY,
	ARG_POSTCODE,
	ARG_NATIONAL_ID,
	ARG_FULL_NAME,
	ARG_ADDRESS,
	ARG_MIDDLE_NAME,
	ARG_REGION,
	ARG_DEFAULT_COUNTRY,
	ARG_COUNT
};

static void
text_arg(FunctionCallInfo fcinfo, int arg, C360MatchInput *in, C360MatchInputField field)
{
	size_t		len;

	if (PG_ARGISNULL(arg))
		return;
	in->value[field] = c360_text_utf8_view(PG_GETARG_TEXT_PP(arg), &len);
	in->len[field] = len;
}

/*
 * c360.match_key(given_name, family_name, birth_date, email, phone, street,
 * city, postcode, national_id, full_name, address, middle_name, region,
 * default_country): not STRICT, any argument may be NULL.
 */
Datum
c360_match_key_make(PG_FUNCTION_ARGS)
{
	C360MatchInput in;
	C360MatchKey *key;
	size_t		size;

	if (PG_NARGS() != ARG_COUNT)
		elog(ERROR, "c360.match_key: expected %d arguments, got %d", ARG_COUNT, PG_NARGS());
	memset(&in, 0, sizeof(in));
	text_arg(fcinfo, ARG_GIVEN_NAME, &in, C360_IN_GIVEN_NAME);
	text_arg(fcinfo, ARG_FAMILY_NAME, &in, C360_IN_FAMILY_NAME);
	text_arg(fcinfo, ARG_EMAIL, &in, C360_IN_EMAIL);
	text_arg(fcinfo, ARG_PHONE, &in, C360_IN_PHONE);
	text_arg(fcinfo, ARG_STREET, &in, C360_IN_STREET);
	text_arg(fcinfo, ARG_CITY, &in, C360_IN_CITY);
	text_arg(fcinfo, ARG_POSTCODE, &in, C360_IN_POSTCODE);
	text_arg(fcinfo, ARG_NATIONAL_ID, &in, C360_IN_NATIONAL_ID);
	text_arg(fcinfo, ARG_FULL_NAME, &in, C360_IN_FULL_NAME);
	text_arg(fcinfo, ARG_ADDRESS, &in, C360_IN_ADDRESS);
	text_arg(fcinfo, ARG_MIDDLE_NAME, &in, C360_IN_MIDDLE_NAME);
	text_arg(fcinfo, ARG_REGION, &in, C360_IN_REGION);

	if (!PG_ARGISNULL(ARG_BIRTH_DATE))
	{
		DateADT		date = PG_GETARG_DATEADT(ARG_BIRTH_DATE);

		if (!DATE_NOT_FINITE(date))
		{
			j2date(date + POSTGRES_EPOCH_JDATE, &in.birth_year, &in.birth_month,
				   &in.birth_day);
			in.has_birth_date = true;
		}
	}
	if (!PG_ARGISNULL(ARG_DEFAULT_COUNTRY))
	{
		text	   *t = PG_GETARG_TEXT_PP(ARG_DEFAULT_COUNTRY);
		size_t		len = VARSIZE_ANY_EXHDR(t);
		const char *code = VARDATA_ANY(t);

		if (len != 2 || c360_phone_country_lookup(code, 2) < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("match_key: unknown default_country \"%s\"",
							text_to_cstring(t)),
					 errhint("Pass an ISO 3166-1 alpha-2 code such as 'US', 'GB' or 'AU'.")));
		in.default_country[0] = code[0];
		in.default_country[1] = code[1];
	}
	key = c360_match_key_build(&in, &size);
	PG_RETURN_BYTEA_P(key_datum(key, size));
}

PG_FUNCTION_INFO_V1(c360_record_key);

/* The text attributes of c360.record.attrs a match key reads. */
static const struct
{
	const char *name;
	C360MatchInputField field;
}			record_key_fields[] =
{
	{"given_name", C360_IN_GIVEN_NAME},
	{"family_name", C360_IN_FAMILY_NAME},
	{"email", C360_IN_EMAIL},
	{"phone", C360_IN_PHONE},
	{"street", C360_IN_STREET},
	{"city", C360_IN_CITY},
	{"postcode", C360_IN_POSTCODE},
	{"national_id", C360_IN_NATIONAL_ID},
	{"full_name", C360_IN_FULL_NAME},
	{"address", C360_IN_ADDRESS},
	{"middle_name", C360_IN_MIDDLE_NAME},
	{"region", C360_IN_REGION},
};

/*
 * attrs ->> name: the text of one member of a jsonb object (server
 * encoding, not NUL-terminated), or NULL when it is absent or JSON null.
 * Strings as they are, other values as ->> writes them.
 */
static const char *
jsonb_member_text(Jsonb *attrs, const char *name, size_t *len)
{
	JsonbValue	v;
	const char *s;

	if (getKeyJsonValueFromContainer(&attrs->root, name, (int) strlen(name), &v) == NULL)
		return NULL;
	switch (v.type)
	{
		case jbvNull:
			return NULL;
		case jbvString:
			*len = (size_t) v.val.string.len;
			return v.val.string.val;
		case jbvNumeric:
			s = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v.val.numeric)));
			break;
		case jbvBool:
			s = v.val.boolean ? "true" : "false";
			break;
		default:
			s = JsonbToCString(NULL, v.val.binary.data, v.val.binary.len);
			break;
	}
	*len = strlen(s);
	return s;
}

/*
 * c360.record_key(attrs jsonb, date_format text) -> c360.match_key: the
 * key c360.match_key(given_name => attrs ->> 'given_name', ...,
 * birth_date => c360.parse_date(attrs ->> 'birth_date', date_format))
 * builds, without a call per attribute.  Not STRICT: NULL attrs is a key
 * with nothing in it, as every attribute NULL is; a NULL date_format
 * detects the date's form.
 */
Datum
c360_record_key(PG_FUNCTION_ARGS)
{
	C360MatchInput in;
	C360MatchKey *key;
	size_t		size;

	memset(&in, 0, sizeof(in));
	if (!PG_ARGISNULL(0))
	{
		Jsonb	   *attrs = PG_GETARG_JSONB_P(0);

		if (JB_ROOT_IS_OBJECT(attrs))
		{
			const char *s;
			size_t		len;
			size_t		i;

			for (i = 0; i < lengthof(record_key_fields); i++)
			{
				s = jsonb_member_text(attrs, record_key_fields[i].name, &len);
				if (s == NULL)
					continue;
				/* (too long for the key, which leaves it out: not converted) */
				if (len <= 4 * C360_MATCH_MAX_INPUT)
					s = c360_utf8_view(s, len, &len);
				in.value[record_key_fields[i].field] = s;
				in.len[record_key_fields[i].field] = len;
			}
			s = jsonb_member_text(attrs, "birth_date", &len);
			if (s != NULL)
			{
				const C360DateFormat *format = NULL;
				C360Date	d;

				/* (as c360.parse_date: a bad format is an error even then) */
				if (!PG_ARGISNULL(1))
					format = c360_date_format_cached(fcinfo, PG_GETARG_TEXT_PP(1));
				if (len <= 4 * C360_DATE_MAX_INPUT &&
					(s = c360_utf8_view(s, len, &len)) != NULL &&
					c360_date_parse(s, len, format, &d))
				{
					in.birth_year = d.year;
					in.birth_month = d.month;
					in.birth_day = d.day;
					in.has_birth_date = true;
				}
			}
		}
	}
	in.default_country[0] = 'U';
	in.default_country[1] = 'S';
	key = c360_match_key_build(&in, &size);
	PG_RETURN_BYTEA_P(key_datum(key, size));
}

/* c360.match_levels(a, b) -> int2[]: one level per attribute. */
Datum
c360_match_levels_sql(PG_FUNCTION_ARGS)
{
	const C360MatchKey *a = PG_GETARG_MATCH_KEY(0);
	const C360MatchKey *b = PG_GETARG_MATCH_KEY(1);
	uint8_t		levels[C360_MATCH_ATTRS];
	Datum		elems[C360_MATCH_ATTRS];
	int			i;

	c360_match_levels(a, b, levels);
	for (i = 0; i < C360_MATCH_ATTRS; i++)
		elems[i] = Int16GetDatum((int16) levels[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, C360_MATCH_ATTRS, INT2OID,
										  sizeof(int16), true, TYPALIGN_SHORT));
}

/* c360.match_key_attributes(key) -> int: how many attributes it holds. */
Datum
c360_match_key_attributes(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(c360_match_key_present(PG_GETARG_MATCH_KEY(0)));
}

PG_FUNCTION_INFO_V1(c360_record_building);

/*
 * c360.record_building(key) -> text: the building households compare
 * (c360_match_key_building), NULL when the address is no dwelling.
 */
Datum
c360_record_building(PG_FUNCTION_ARGS)
{
	const C360MatchKey *key = PG_GETARG_MATCH_KEY(0);
	size_t		len = c360_match_key_building(key, NULL, 0);
	text	   *result;

	if (len == 0)
		PG_RETURN_NULL();
	result = (text *) palloc(VARHDRSZ + len + 1);
	c360_match_key_building(key, VARDATA(result), len + 1);
	SET_VARSIZE(result, VARHDRSZ + len);
	PG_RETURN_TEXT_P(result);
}

PG_FUNCTION_INFO_V1(c360_match_key_value_sql);

/*
 * c360.match_key_value(key, attribute) -> text: the normalized value one
 * attribute is compared on (for blocking indexes and reports), or a part of
 * the street (house_number, street_name, unit); NULL when the key does not
 * hold it.
 */
Datum
c360_match_key_value_sql(PG_FUNCTION_ARGS)
{
	const C360MatchKey *key = PG_GETARG_MATCH_KEY(0);
	char	   *attribute = text_to_cstring(PG_GETARG_TEXT_PP(1));
	const char *value;
	int			i;

	for (i = 0; i < C360_MATCH_ATTRS; i++)
		if (strcmp(attribute, c360_match_attrs[i].name) == 0)
			break;
	if (i < C360_MATCH_ATTRS)
		value = c360_match_key_value(key, (C360MatchAttr) i);
	else
	{
		bool		known;

		value = c360_match_key_address_part(key, attribute, &known);
		if (!known)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("match_key_value: unknown attribute \"%s\"", attribute),
					 errhint("Attributes are given_name, family_name, birth_date, email, phone, street, city, postcode and national_id, and the parts of the street house_number, street_name and unit.")));
	}
	if (value == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(c360_cstring_text(value));
}

/*
 * match_key.c: building c360.match_key values and comparing two of them.
 *
 * See match_key.h for the contract.  The ladders below are the documented
 * comparison levels (docs/reference/matching.md); their order is part of
 * the on-disk meaning of a trained model, so levels are only ever added
 * with a new key version, never renumbered.
 */
#include "match_key.h"

static const char *const given_levels[] = {
	"missing", "exact", "swapped", "nickname", "jaro_winkler_0.92",
	"jaro_winkler_0.88", "phonetic", "initial", "different"
};
static const char *const family_levels[] = {
	"missing", "exact", "swapped", "jaro_winkler_0.92", "jaro_winkler_0.88",
	"phonetic", "shared_part", "different"
};
static const char *const date_levels[] = {
	"missing", "exact", "one_digit", "day_month_swapped", "same_year",
	"different"
};
static const char *const email_levels[] = {
	"missing", "exact", "one_edit", "same_local_part", "different"
};
static const char *const phone_levels[] = {
	"missing", "exact", "one_edit", "same_last_7", "different"
};
static const char *const street_levels[] = {
	"missing", "exact", "same_house_and_street", "jaro_winkler_0.92",
	"jaro_winkler_0.84", "different"
};
static const char *const city_levels[] = {
	"missing", "exact", "jaro_winkler_0.92", "jaro_winkler_0.84", "different"
};
static const char *const postcode_levels[] = {
	"missing", "exact", "one_edit", "different"
};
static const char *const id_levels[] = {
	"missing", "exact", "one_edit", "two_edits", "different"
};

#define LEVELS(a) (int) (sizeof(a) / sizeof((a)[0])), a

const C360MatchAttrInfo c360_match_attrs[C360_MATCH_ATTRS] = {
	{"given_name", LEVELS(given_levels), 1},
	{"family_name", LEVELS(family_levels), 1},
	{"birth_date", LEVELS(date_levels), 1},
	{"email", LEVELS(email_levels), 1},
	{"phone", LEVELS(phone_levels), 1},
	{"street", LEVELS(street_levels), 1},
	{"city", LEVELS(city_levels), 1},
	{"postcode", LEVELS(postcode_levels), 1},
	{"national_id", LEVELS(id_levels), 1},
};

/*
 * email.c: e-mail address normalization.  See email.h and
 * docs/reference/contact.md.
 *
 * The input is decoded to code points (at most C360_EMAIL_MAX_INPUT of
 * them, on the stack), unwrapped ("mailto:", "Name <addr>"), split at the
 * '@' that ends the local part, checked against RFC 5321/5322 syntax with
 * the RFC 6531 extension to UTF-8, lower-cased, given the Gmail rules, and
 * checked against the placeholder lists.
 */
#include <string.h>

#include "c360_assert.h"
#include "email.h"
#include "utf8.h"

#define DNS_LABEL_MAX 63

/* A stretch of code points. */
typedef struct
{
	const uint32_t *cp;
	size_t		len;
} CpSpan;

/*
 * Local parts that say "no address" on any domain, compared with '.', '-'
 * and '_' removed (so no.email, no-email and no_email are all "noemail").
 */
static const char *const refusal_words[] = {
	"none", "noemail", "nomail", "noaddress", "noreply", "donotreply",
	"dontreply", "donotemail", "dontemail", "unknown", "na", "null", "nil",
	"nobody",
};

/*
 * First labels of two-label domains that are never a customer's provider
 * (test.com, fake.com, ...), besides the refusal words (none.com,
 * noemail.com, ...).
 */
static const char *const placeholder_domain_words[] = {
	"test", "fake", "example", "invalid",
};

/*
 * The same word on both sides of the '@' (x@x.com, test@test.com) is a
 * placeholder when the word is this short or one of these; longer names
 * (smith@smith.com) may be a real person at their own domain.
 */
#define SAME_NAME_SHORT 3
static const char *const same_name_words[] = {
	"test", "email", "mail", "user", "name", "fake", "asdf", "qwerty", "abcd",
	"none", "sample", "demo",
};

/* Top-level names reserved for testing and local use (RFC 2606, 6761, 6762). */
static const char *const reserved_tlds[] = {
	"example", "test", "invalid", "localhost", "local",
};

/* RFC 5322 atext, the characters of an unquoted local part besides '.'. */
static bool
is_atext(uint32_t cp)
{
	if (cp >= 0x80)
		return !c360_cp_is_space(cp) && !c360_cp_is_control(cp) &&
			cp != C360_REPLACEMENT_CHAR;	/* RFC 6531: any other UTF-8 */
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
		return true;
	return cp != 0 && strchr("!#$%&'*+-/=?^_`{|}~", (int) cp) != NULL;
}

static bool
is_ascii_alnum(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
}

static bool
is_trim(uint32_t cp)
{
	return c360_cp_is_space(cp) || c360_cp_is_control(cp);
}

/* Whether span equals the ASCII word, comparing ASCII case-insensitively. */
static bool
span_equals(CpSpan s, const char *word)
{
	size_t		i;

	for (i = 0; i < s.len; i++)
	{
		uint32_t	c = s.cp[i];

		if (word[i] == '\0')
			return false;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != (uint32_t) (unsigned char) word[i])
			return false;
	}
	return word[i] == '\0';
}

static bool
span_in_list(CpSpan s, const char *const *words, size_t nwords)
{
	for (size_t i = 0; i < nwords; i++)
		if (span_equals(s, words[i]))
			return true;
	return false;
}

/* Copy s into buf without '.', '-' and '_' (buf has room for s.len). */
static CpSpan
squash(CpSpan s, uint32_t *buf)
{
	CpSpan		r;

	r.cp = buf;
	r.len = 0;
	for (size_t i = 0; i < s.len; i++)
		if (s.cp[i] != '.' && s.cp[i] != '-' && s.cp[i] != '_')
			buf[r.len++] = s.cp[i];
	return r;
}

static bool
spans_equal(CpSpan a, CpSpan b)
{
	return a.len == b.len && memcmp(a.cp, b.cp, a.len * sizeof(uint32_t)) == 0;
}

/* An unquoted local part: atext separated by single dots. */
static bool
is_dot_atom(CpSpan s)
{
	if (s.len == 0 || s.cp[0] == '.' || s.cp[s.len - 1] == '.')
		return false;
	for (size_t i = 0; i < s.len; i++)
	{
		if (s.cp[i] == '.')
		{
			if (s.cp[i - 1] == '.')
				return false;
		}
		else if (!is_atext(s.cp[i]))
			return false;
	}
	return true;
}

/*
 * A domain: at least two labels of letters (any script), digits and inner
 * hyphens, each at most 63 characters, the last not all digits (that would
 * be an IP address).
 */
static bool
is_domain(CpSpan s, size_t *nlabels, CpSpan *first_label, CpSpan *last_label)
{
	size_t		start = 0;

	*nlabels = 0;
	for (size_t i = 0; i <= s.len; i++)
	{
		CpSpan		label;
		bool		all_digits = true;

		if (i < s.len && s.cp[i] != '.')
			continue;
		label.cp = s.cp + start;
		label.len = i - start;
		if (label.len == 0 || label.len > DNS_LABEL_MAX ||
			label.cp[0] == '-' || label.cp[label.len - 1] == '-')
			return false;
		for (size_t k = 0; k < label.len; k++)
		{
			uint32_t	c = label.cp[k];

			if (!(is_ascii_alnum(c) || c == '-' || (c >= 0x80 && c360_cp_is_letter(c))))
				return false;
			all_digits = all_digits && c >= '0' && c <= '9';
		}
		if (*nlabels == 0)
			*first_label = label;
		*last_label = label;
		(*nlabels)++;
		start = i + 1;
		if (i == s.len && all_digits)
			return false;
	}
	return *nlabels >= 2;
}

/* Append cp as UTF-8 if it fits in out (capacity cap); false if not. */
static bool
put(char *out, size_t cap, size_t *o, uint32_t cp)
{
	char		buf[4];
	size_t		n = c360_utf8_encode(cp, buf);

	if (*o + n > cap)
		return false;
	memcpy(out + *o, buf, n);
	*o += n;
	return true;
}

static bool
email_normalize(const uint32_t *in, size_t n, uint32_t *work, char *out, size_t *out_len,
				size_t *domain_offset)
{
	size_t		a = 0,
				b = n,
				at,
				nlabels;
	CpSpan		local,
				domain,
				first_label,
				last_label,
				key,
				label_key;
	bool		quoted = false;
	uint32_t   *local_buf = work;	/* n code points each */
	uint32_t   *key_buf = work + n;
	uint32_t   *label_buf = work + 2 * n;
	uint32_t   *domain_buf = work + 3 * n;
	size_t		o = 0,
				local_bytes;

	for (size_t i = 0; i < n; i++)
		if (in[i] == C360_REPLACEMENT_CHAR)
			return false;		/* malformed UTF-8 */

	while (a < b && is_trim(in[a]))
		a++;
	while (b > a && is_trim(in[b - 1]))
		b--;
	if (b - a >= 7)
	{
		CpSpan		head = {in + a, 7};

		if (span_equals(head, "mailto:"))
			a += 7;
	}
	/* "Display Name <address>": keep what is inside the last <...> */
	if (b > a && in[b - 1] == '>')
	{
		size_t		lt = b - 1;

		while (lt > a && in[lt - 1] != '<')
			lt--;
		if (lt == a)
			return false;
		a = lt;
		b--;
		while (a < b && is_trim(in[a]))
			a++;
		while (b > a && is_trim(in[b - 1]))
			b--;
	}
	if (a == b)
		return false;

	/* local part: a quoted string, or everything up to the first '@' */
	local.cp = local_buf;
	local.len = 0;
	if (in[a] == '"')
	{
		size_t		i = a + 1;

		while (i < b && in[i] != '"')
		{
			uint32_t	c = in[i];

			if (c == '\\')
			{
				if (++i == b)
					return false;
				c = in[i];
			}
			if (c360_cp_is_control(c) || (c360_cp_is_space(c) && c != ' '))
				return false;
			local_buf[local.len++] = c360_cp_lower(c);
			i++;
		}
		if (i == b || i + 1 == b || in[i + 1] != '@')
			return false;
		at = i + 1;
		/* "john"@x.com is john@x.com */
		quoted = !is_dot_atom(local);
	}
	else
	{
		for (at = a; at < b && in[at] != '@'; at++)
			local_buf[local.len++] = c360_cp_lower(in[at]);
		if (at == b || !is_dot_atom(local))
			return false;
	}
	if (local.len == 0)
		return false;

	/* domain: no further '@', one trailing dot forgiven */
	domain.cp = domain_buf;
	domain.len = 0;
	for (size_t i = at + 1; i < b; i++)
		domain_buf[domain.len++] = c360_cp_lower(in[i]);
	if (domain.len > 0 && domain.cp[domain.len - 1] == '.')
		domain.len--;
	if (!is_domain(domain, &nlabels, &first_label, &last_label))
		return false;

	/* Gmail ignores dots and '+tag'; googlemail.com is the same mailbox */
	if (span_equals(domain, "gmail.com") || span_equals(domain, "googlemail.com"))
	{
		size_t		kept = 0;

		if (quoted)
			return false;		/* Gmail has no such addresses */
		for (size_t i = 0; i < local.len && local_buf[i] != '+'; i++)
			if (local_buf[i] != '.')
				local_buf[kept++] = local_buf[i];
		local.len = kept;
		if (kept == 0)
			return false;
		domain.len = 0;
		for (const char *p = "gmail.com"; *p; p++)
			domain_buf[domain.len++] = (uint32_t) *p;
		first_label.cp = domain_buf;
		first_label.len = 5;
		last_label.cp = domain_buf + 6;
		last_label.len = 3;
		nlabels = 2;
	}

	/* placeholders */
	key = squash(local, key_buf);
	if (span_in_list(key, refusal_words, sizeof(refusal_words) / sizeof(refusal_words[0])))
		return false;
	if (span_in_list(last_label, reserved_tlds, sizeof(reserved_tlds) / sizeof(reserved_tlds[0])))
		return false;
	if (nlabels == 2)
	{
		label_key = squash(first_label, label_buf);
		if (span_in_list(label_key, refusal_words, sizeof(refusal_words) / sizeof(refusal_words[0])) ||
			span_in_list(label_key, placeholder_domain_words,
						 sizeof(placeholder_domain_words) / sizeof(placeholder_domain_words[0])))
			return false;		/* none.com, test.com */
		if (spans_equal(key, label_key) &&
			(key.len <= SAME_NAME_SHORT ||
			 span_in_list(key, same_name_words, sizeof(same_name_words) / sizeof(same_name_words[0]))))
			return false;		/* x@x.com, email@email.com */
	}

	/* write local@domain, within RFC 5321's limits */
	if (quoted && !put(out, C360_EMAIL_MAX, &o, '"'))
		return false;
	for (size_t i = 0; i < local.len; i++)
	{
		if (quoted && (local.cp[i] == '"' || local.cp[i] == '\\') &&
			!put(out, C360_EMAIL_MAX, &o, '\\'))
			return false;
		if (!put(out, C360_EMAIL_MAX, &o, local.cp[i]))
			return false;
	}
	if (quoted && !put(out, C360_EMAIL_MAX, &o, '"'))
		return false;
	local_bytes = o;
	if (local_bytes > C360_EMAIL_LOCAL_MAX || !put(out, C360_EMAIL_MAX, &o, '@'))
		return false;
	*domain_offset = o;
	for (size_t i = 0; i < domain.len; i++)
		if (!put(out, C360_EMAIL_MAX, &o, domain.cp[i]))
			return false;
	out[o] = '\0';
	*out_len = o;
	return true;
}

bool
c360_email_normalize(const char *s, size_t len, char out[C360_EMAIL_BUFSIZE],
					 size_t *out_len, size_t *domain_offset)
{
	uint32_t	cps[C360_EMAIL_MAX_INPUT];
	uint32_t	work[4 * C360_EMAIL_MAX_INPUT];
	size_t		n,
				written = 0,
				domain_at = 0;
	bool		ok;

	out[0] = '\0';
	if (out_len)
		*out_len = 0;
	if (domain_offset)
		*domain_offset = 0;
	if (len > C360_EMAIL_MAX_INPUT)
		return false;
	n = c360_utf8_decode(s, len, cps);
	ok = email_normalize(cps, n, work, out, &written, &domain_at);
	if (!ok)
	{
		out[0] = '\0';
		return false;
	}
	C360_ASSERT(written <= C360_EMAIL_MAX && domain_at > 0 && domain_at < written);
	if (out_len)
		*out_len = written;
	if (domain_offset)
		*domain_offset = domain_at;
	return true;
}

/* Unit tests for src/match/email.c. */
#include <stdlib.h>

#include "email.h"
#include "unit.h"

static size_t last_domain_offset;

/* Canonical form of s, or NULL. */
static const char *
email_n(const char *s, size_t len)
{
	static char out[C360_EMAIL_BUFSIZE];
	size_t		n = 99;

	last_domain_offset = 99;
	if (!c360_email_normalize(s, len, out, &n, &last_domain_offset))
	{
		if (n != 0 || out[0] != '\0' || last_domain_offset != 0)
			return "(failure left output behind)";
		return NULL;
	}
	if (n != strlen(out) || out[last_domain_offset - 1] != '@')
		return "(length or domain offset wrong)";
	return out;
}

static const char *
email(const char *s)
{
	return email_n(s, strlen(s));
}

int
main(void)
{
	/* reference values */
	CHECK_STR(email(" John.Smith+bank@GMAIL.com "), "johnsmith@gmail.com");
	CHECK_STR(email("john.smith@googlemail.com"), "johnsmith@gmail.com");
	CHECK_STR(email("J.O.H.N.S.M.I.T.H@Gmail.Com"), "johnsmith@gmail.com");
	CHECK_STR(email("John.Smith+bank@example.co.uk"), "john.smith+bank@example.co.uk");
	CHECK_STR(email("John.Smith+bank@Outlook.com"), "john.smith+bank@outlook.com");
	CHECK_STR(email("Mary-Jane_O'Neil@Company.DE"), "mary-jane_o'neil@company.de");
	CHECK_INT(last_domain_offset, strlen("mary-jane_o'neil@"));
	CHECK_STR(email("a@b.co"), "a@b.co");

	/* internationalised addresses: lower-cased, kept */
	CHECK_STR(email("Jos\xc3\xa9@B\xc3\xbc" "cher.de"), "jos\xc3\xa9@b\xc3\xbc" "cher.de");	/* José@Bücher.de */
	CHECK_STR(email("JOS\xc3\x89@B\xc3\x9c" "CHER.DE"), "jos\xc3\xa9@b\xc3\xbc" "cher.de");	/* JOSÉ@BÜCHER.DE */
	CHECK_STR(email("\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd@\xd0\xbf\xd0\xbe\xd1\x87\xd1\x82\xd0\xb0.\xd1\x80\xd1\x84"),
			  "\xd0\xb8\xd0\xb2\xd0\xb0\xd0\xbd@\xd0\xbf\xd0\xbe\xd1\x87\xd1\x82\xd0\xb0.\xd1\x80\xd1\x84");	/* Иван@почта.рф */
	CHECK_STR(email("\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.\xe5\x85\xac\xe5\x8f\xb8"),
			  "\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.\xe5\x85\xac\xe5\x8f\xb8");	/* 用户@例子.公司 */
	CHECK_STR(email("user@xn--bcher-kva.de"), "user@xn--bcher-kva.de");
	CHECK_STR(email("\xf0\x9f\x98\x80@smile.com"), "\xf0\x9f\x98\x80@smile.com");	/* RFC 6531 allows it */
	CHECK_STR(email("user@\xf0\x9f\x98\x80.com"), NULL);	/* not a domain letter */

	/* wrappers */
	CHECK_STR(email("mailto:John@Company.com"), "john@company.com");
	CHECK_STR(email("MAILTO:john@company.com"), "john@company.com");
	CHECK_STR(email("John Smith <John@Company.com>"), "john@company.com");
	CHECK_STR(email("\"Smith, John\" < john@company.com >"), "john@company.com");
	CHECK_STR(email("<john@company.com>"), "john@company.com");
	CHECK_STR(email("john@company.com>"), NULL);
	CHECK_STR(email("<>"), NULL);
	CHECK_STR(email("john@company.com."), "john@company.com");	/* root dot */
	CHECK_STR(email("john@company.com.."), NULL);

	/* quoted local parts */
	CHECK_STR(email("\"John Smith\"@Company.com"), "\"john smith\"@company.com");
	CHECK_STR(email("\"john@home\"@company.com"), "\"john@home\"@company.com");
	CHECK_STR(email("\"john\"@company.com"), "john@company.com");
	CHECK_STR(email("\"a\\\"b\"@company.com"), "\"a\\\"b\"@company.com");
	CHECK_STR(email("\"a\\\\b\"@company.com"), "\"a\\\\b\"@company.com");
	CHECK_STR(email("\"\"@company.com"), NULL);
	CHECK_STR(email("\"john@company.com"), NULL);	/* unterminated */
	CHECK_STR(email("\"john\"x@company.com"), NULL);
	CHECK_STR(email("\"john\tsmith\"@company.com"), NULL);
	CHECK_STR(email("\"john smith\"@gmail.com"), NULL);

	/* malformed */
	CHECK_STR(email(""), NULL);
	CHECK_STR(email("   "), NULL);
	CHECK_STR(email("john"), NULL);
	CHECK_STR(email("john.company.com"), NULL);
	CHECK_STR(email("@company.com"), NULL);
	CHECK_STR(email("john@"), NULL);
	CHECK_STR(email("john@@company.com"), NULL);
	CHECK_STR(email("john@home@company.com"), NULL);
	CHECK_STR(email("john@localhost"), NULL);	/* no dot */
	CHECK_STR(email("john smith@company.com"), NULL);
	CHECK_STR(email("john@company .com"), NULL);
	CHECK_STR(email("john@company\xc2\xa0.com"), NULL);	/* NBSP */
	CHECK_STR(email(".john@company.com"), NULL);
	CHECK_STR(email("john.@company.com"), NULL);
	CHECK_STR(email("jo..hn@company.com"), NULL);
	CHECK_STR(email("john@.company.com"), NULL);
	CHECK_STR(email("john@company..com"), NULL);
	CHECK_STR(email("john@-company.com"), NULL);
	CHECK_STR(email("john@company-.com"), NULL);
	CHECK_STR(email("john@comp_any.com"), NULL);
	CHECK_STR(email("john@192.168.0.1"), NULL);
	CHECK_STR(email("john@[192.168.0.1]"), NULL);
	CHECK_STR(email("john,smith@company.com"), NULL);
	CHECK_STR(email("john(comment)@company.com"), NULL);
	CHECK_STR(email("john@company.com\x01"), "john@company.com");	/* trimmed at the end */
	CHECK_STR(email("jo\x01hn@company.com"), NULL);
	CHECK_STR(email("john\xe2\x80\x8b@company.com"), NULL);	/* zero-width space */
	CHECK_STR(email("jo\xffhn@company.com"), NULL);	/* malformed UTF-8 */
	CHECK_STR(email("john\xef\xbc\xa0" "company.com"), NULL);	/* full-width @ */
	CHECK_STR(email("+@gmail.com"), NULL);
	CHECK_STR(email("+tag@gmail.com"), NULL);
	CHECK_STR(email("a@b.123"), NULL);
	CHECK_STR(email("a@1.2.3.com"), "a@1.2.3.com");

	/* lengths */
	{
		char		buf[400];

		memset(buf, 'a', 64);
		strcpy(buf + 64, "@company.com");
		CHECK_STR(email(buf), buf);
		memset(buf, 'a', 65);
		strcpy(buf + 65, "@company.com");
		CHECK_STR(email(buf), NULL);
		/* a 63-character label is allowed, 64 is not */
		strcpy(buf, "john@");
		memset(buf + 5, 'b', 63);
		strcpy(buf + 68, ".com");
		CHECK_STR(email(buf), buf);
		strcpy(buf, "john@");
		memset(buf + 5, 'b', 64);
		strcpy(buf + 69, ".com");
		CHECK_STR(email(buf), NULL);
		/* 254 bytes in all is allowed, 255 is not */
		strcpy(buf, "john@");
		for (int i = 0; i < 4; i++)
		{
			memset(buf + 5 + i * 61, 'c', 60);
			buf[5 + i * 61 + 60] = '.';
		}
		memcpy(buf + 5 + 244, "co", 2);
		buf[251] = '\0';
		CHECK_INT(strlen(buf), 251);
		CHECK_STR(email(buf), buf);
		memcpy(buf + 249, "comm", 5);
		CHECK_INT(strlen(buf), 253);
		CHECK_STR(email(buf), buf);
		memcpy(buf + 249, "commx", 6);
		CHECK_STR(email(buf), buf);
		memcpy(buf + 249, "commxy", 7);
		CHECK_STR(email(buf), NULL);
	}

	/* placeholders */
	CHECK_STR(email("none@none.com"), NULL);
	CHECK_STR(email("test@test.com"), NULL);
	CHECK_STR(email("noemail@anything.com"), NULL);
	CHECK_STR(email("no.email@bank.com"), NULL);
	CHECK_STR(email("No_Email@bank.com"), NULL);
	CHECK_STR(email("no@no.com"), NULL);
	CHECK_STR(email("na@na.com"), NULL);
	CHECK_STR(email("n.a@bank.com"), NULL);
	CHECK_STR(email("email@email.com"), NULL);
	CHECK_STR(email("noreply@company.com"), NULL);
	CHECK_STR(email("no-reply@company.com"), NULL);
	CHECK_STR(email("donotreply@company.com"), NULL);
	CHECK_STR(email("do-not-reply@company.com"), NULL);
	CHECK_STR(email("unknown@company.com"), NULL);
	CHECK_STR(email("john@example.com"), NULL);
	CHECK_STR(email("john@example.org"), NULL);
	CHECK_STR(email("john@example.net"), NULL);
	CHECK_STR(email("john@mail.example"), NULL);
	CHECK_STR(email("john@company.test"), NULL);
	CHECK_STR(email("john@host.invalid"), NULL);
	CHECK_STR(email("john@box.local"), NULL);
	CHECK_STR(email("john@test.com"), NULL);
	CHECK_STR(email("john@none.com"), NULL);
	CHECK_STR(email("john@noemail.com"), NULL);
	CHECK_STR(email("john@no-email.com"), NULL);
	CHECK_STR(email("x@x.com"), NULL);
	CHECK_STR(email("X@X.COM"), NULL);
	CHECK_STR(email("xxx@xxx.xxx"), NULL);
	CHECK_STR(email("asdf@asdf.com"), NULL);
	CHECK_STR(email("none@gmail.com"), NULL);
	CHECK_STR(email("no.reply+x@gmail.com"), NULL);
	CHECK_STR(email("smith@smith.com"), "smith@smith.com");	/* may be real */
	CHECK_STR(email("x@y.com"), "x@y.com");
	CHECK_STR(email("john@example.co.uk"), "john@example.co.uk");
	CHECK_STR(email("testing@company.com"), "testing@company.com");
	CHECK_STR(email("test@company.com"), "test@company.com");
	CHECK_STR(email("nonexistent@company.com"), "nonexistent@company.com");

	/* idempotence on a few shapes */
	{
		static const char *const inputs[] = {
			" John.Smith+bank@GMAIL.com ", "\"John Smith\"@Company.com",
			"\"a\\\"b\"@company.com", "Jos\xc3\xa9@B\xc3\xbc\x63her.de",
			"Name <A@B.CO>", "john@company.com.",
		};
		int			unstable = 0;

		for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		{
			char		once[C360_EMAIL_BUFSIZE],
						twice[C360_EMAIL_BUFSIZE];
			size_t		n1,
						n2;

			if (!c360_email_normalize(inputs[i], strlen(inputs[i]), once, &n1, NULL) ||
				!c360_email_normalize(once, n1, twice, &n2, NULL) ||
				strcmp(once, twice) != 0)
				unstable++;
		}
		CHECK_INT(unstable, 0);
	}

	/* huge input and input that is not NUL-terminated */
	{
		size_t		big = 1000000;
		char	   *s = malloc(big);
		char		out[C360_EMAIL_BUFSIZE];

		memset(s, ' ', big);
		memcpy(s, "john@company.com", 16);
		CHECK(!c360_email_normalize(s, big, out, NULL, NULL));
		CHECK_STR(out, "");
		CHECK(c360_email_normalize(s, C360_EMAIL_MAX_INPUT, out, NULL, NULL));
		CHECK_STR(out, "john@company.com");
		CHECK(!c360_email_normalize(s, C360_EMAIL_MAX_INPUT + 1, out, NULL, NULL));
		memset(s, 'a', big);
		CHECK(!c360_email_normalize(s, big, out, NULL, NULL));
		free(s);
		CHECK_STR(email_n("john@company.comXYZ", 16), "john@company.com");
	}

	return UNIT_DONE();
}

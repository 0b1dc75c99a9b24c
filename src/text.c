#include "text.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

int gk_text_to_utf8(const char *from_enc, const char *in, size_t len,
		    const char *source, char **out, size_t *out_len,
		    struct gk_err *err)
{
	*out = NULL;
	const char *nul = memchr(in, '\0', len);
	if (nul)
		return gk_fail(err, GK_EINVAL,
			       _("%s: a NUL byte at byte %zu; this is not "
				 "text."),
			       source, (size_t)(nul - in));
	iconv_t cd = iconv_open("UTF-8", from_enc);
	if (cd == (iconv_t)-1)
		return gk_fail(err, GK_EINVAL, _("Unknown text encoding %s."),
			       from_enc);
	/* UTF-8 needs at most 4 bytes for any one input byte of GB18030. */
	size_t cap = len * 4 + 1;
	char *buf = malloc(cap);
	if (!buf) {
		iconv_close(cd);
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	char *src = (char *)in, *dst = buf;
	size_t left = len, room = cap - 1;
	int rc = 0;
	if (iconv(cd, &src, &left, &dst, &room) == (size_t)-1) {
		size_t at = (size_t)(src - in);
		if (errno == EINVAL)
			rc = gk_fail(err, GK_EINVAL,
				     _("%s: the text ends inside a character "
				       "at byte %zu (not valid %s)."),
				     source, at, from_enc);
		else
			rc = gk_fail(err, GK_EINVAL,
				     _("%s: not valid %s at byte %zu."), source,
				     from_enc, at);
	}
	iconv_close(cd);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*dst = '\0';
	if (out_len)
		*out_len = (size_t)(dst - buf);
	*out = buf;
	return 0;
}

size_t gk_text_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int gk_text_check_line(const char *s, const char *field, size_t max_chars,
		       struct gk_err *err)
{
	char *copy;
	int rc = gk_text_to_utf8("UTF-8", s, strlen(s), field, &copy, NULL, err);
	if (rc < 0)
		return rc;
	free(copy);
	int blank = 1;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return gk_fail(err, GK_EINVAL,
				       _("%s must be one line without control "
					 "characters."),
				       field);
		if (*p != ' ')
			blank = 0;
	}
	if (blank)
		return gk_fail(err, GK_EINVAL, _("%s must not be empty."),
			       field);
	if (gk_text_chars(s) > max_chars)
		return gk_fail(err, GK_EINVAL,
			       _("%s is too long (at most %zu characters)."),
			       field, max_chars);
	return 0;
}

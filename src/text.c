#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

/*
 * Run iconv over all of in, into out (cap bytes).  Returns 0 with the
 * output length in *out_len, or fills err naming source and the byte
 * offset of the first bad sequence.
 */
static int convert(iconv_t cd, const char *in, size_t len, char *out,
		   size_t cap, size_t *out_len, const char *source,
		   const char *encoding, struct gk_err *err)
{
	char *src = (char *)in, *dst = out;
	size_t left = len, room = cap;
	if (iconv(cd, &src, &left, &dst, &room) == (size_t)-1) {
		size_t at = (size_t)(src - in);
		if (errno == EINVAL)
			return gk_fail(err, GK_EINVAL,
				       _("%s: the text ends inside a character "
					 "at byte offset %zu (not valid %s)."),
				       source, at, encoding);
		return gk_fail(err, GK_EINVAL,
			       _("%s: not valid %s at byte offset %zu."),
			       source, encoding, at);
	}
	*out_len = (size_t)(dst - out);
	return 0;
}

/*
 * Decode len bytes of encoding into Unicode code points (*cps, caller
 * frees; *count of them).  Going through UTF-32 makes iconv refuse what
 * is not Unicode, such as UTF-8 beyond U+10FFFF or surrogates.
 */
static int decode(const char *encoding, const char *in, size_t len,
		  const char *source, uint32_t **cps, size_t *count,
		  struct gk_err *err)
{
	*cps = NULL;
	const char *nul = memchr(in, '\0', len);
	if (nul)
		return gk_fail(err, GK_EINVAL,
			       _("%s: a NUL byte at byte offset %zu; this is "
				 "not text."),
			       source, (size_t)(nul - in));
	iconv_t cd = iconv_open("UTF-32LE", encoding);
	if (cd == (iconv_t)-1)
		return gk_fail(err, GK_EINVAL, _("Unknown text encoding %s."),
			       encoding);
	/* Every input byte yields at most one code point. */
	unsigned char *raw = malloc(len * 4 + 4);
	size_t raw_len = 0;
	int rc = raw ? convert(cd, in, len, (char *)raw, len * 4, &raw_len,
			       source, encoding, err)
		     : gk_fail(err, GK_ENOMEM, _("Out of memory."));
	iconv_close(cd);
	if (rc < 0) {
		free(raw);
		return rc;
	}
	/* Decode in place: code point i is read from bytes 4i..4i+3. */
	uint32_t *out = (uint32_t *)(void *)raw;
	*count = raw_len / 4;
	for (size_t i = 0; i < *count; i++) {
		const unsigned char *b = raw + 4 * i;
		out[i] = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
			 (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	}
	*cps = out;
	return 0;
}

int gk_text_to_utf8(const char *from_enc, const char *in, size_t len,
		    const char *source, char **out, size_t *out_len,
		    struct gk_err *err)
{
	uint32_t *cps;
	size_t count, n;
	int rc;

	*out = NULL;
	if ((rc = decode(from_enc, in, len, source, &cps, &count, err)) < 0)
		return rc;
	/*
	 * Drop the CRs that end a line (CR LF, and the CR CR LF some old
	 * tools write), walking backwards, then any byte-order marks at the
	 * start, so that converting the result again changes nothing.
	 */
	size_t start = count;
	int before_lf = 0;
	for (size_t i = count; i-- > 0;) {
		uint32_t cp = cps[i];
		if (cp == '\r' && before_lf)
			continue;
		before_lf = cp == '\n';
		cps[--start] = cp;
	}
	while (start < count && cps[start] == 0xFEFF)
		start++;
	/* Back to UTF-32LE bytes, moved to the front, for iconv. */
	size_t kept = count - start;
	for (size_t i = 0; i < kept; i++) {
		uint32_t cp = cps[start + i];
		unsigned char *b = (unsigned char *)&cps[i];
		b[0] = (unsigned char)cp;
		b[1] = (unsigned char)(cp >> 8);
		b[2] = (unsigned char)(cp >> 16);
		b[3] = (unsigned char)(cp >> 24);
	}
	count = kept;
	iconv_t cd = iconv_open("UTF-8", "UTF-32LE");
	char *buf = cd == (iconv_t)-1 ? NULL : malloc(count * 4 + 1);
	if (!buf)
		rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
	else
		rc = convert(cd, (const char *)cps, count * 4, buf, count * 4,
			     &n, source, "UTF-32LE", err);
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	free(cps);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	if (out_len)
		*out_len = n;
	*out = buf;
	return 0;
}

int gk_text_blank(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) /* U+3000 */
			p += 2;
		else if (!strchr(" \t\r\n", *p))
			return 0;
	}
	return 1;
}

size_t gk_text_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* C0 and C1 controls and DEL: never part of a one-line field. */
static int is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Spaces a title may not consist of alone: ASCII and ideographic. */
static int is_space(uint32_t cp)
{
	return cp == ' ' || cp == 0x3000;
}

int gk_text_check_line(const char *s, const char *field, size_t max_chars,
		       struct gk_err *err)
{
	uint32_t *cps;
	size_t count;
	int rc = decode("UTF-8", s, strlen(s), field, &cps, &count, err);
	if (rc < 0)
		return rc;
	int blank = 1, control = 0;
	for (size_t i = 0; i < count; i++) {
		control |= is_control(cps[i]);
		blank &= is_space(cps[i]);
	}
	free(cps);
	if (control)
		return gk_fail(err, GK_EINVAL,
			       _("%s must be one line without control "
				 "characters."),
			       field);
	if (blank)
		return gk_fail(err, GK_EINVAL, _("%s must not be empty."),
			       field);
	if (count > max_chars)
		return gk_fail(err, GK_EINVAL,
			       _("%s is too long (at most %zu characters)."),
			       field, max_chars);
	return 0;
}

int gk_text_encode(const char *utf8, size_t len, const char *to_enc,
		   const char *source, char **out, size_t *out_len,
		   struct gk_err *err)
{
	*out = NULL;
	iconv_t cd = iconv_open(to_enc, "UTF-8");
	if (cd == (iconv_t)-1)
		return gk_fail(err, GK_EINVAL, _("Unknown text encoding %s."),
			       to_enc);
	/* UTF-8 takes at least half the bytes of GB18030 for any character. */
	size_t cap = len * 2 + 4;
	char *buf = malloc(cap + 1);
	if (!buf) {
		iconv_close(cd);
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	char *src = (char *)utf8, *dst = buf;
	size_t left = len, room = cap;
	size_t r = iconv(cd, &src, &left, &dst, &room);
	int saved = errno;
	iconv_close(cd);
	if (r == (size_t)-1) {
		free(buf);
		size_t at = (size_t)(src - utf8);
		int n = 1;
		while (at + (size_t)n < len &&
		       ((unsigned char)utf8[at + (size_t)n] & 0xC0) == 0x80)
			n++;
		uint32_t *cps;
		size_t count;
		if (saved != EILSEQ ||
		    decode("UTF-8", utf8 + at, (size_t)n, source, &cps, &count,
			   NULL) < 0 ||
		    count != 1) {
			if (saved == EILSEQ || saved == EINVAL)
				return gk_fail(err, GK_EINVAL,
					       _("%s: not valid UTF-8 at byte "
						 "offset %zu."),
					       source, at);
			return gk_fail(err, GK_EIO,
				       _("%s: cannot convert to %s."), source,
				       to_enc);
		}
		uint32_t cp = cps[0];
		free(cps);
		size_t line = 1, column = 1;
		for (size_t i = 0; i < at; i++) {
			if (utf8[i] == '\n') {
				line++;
				column = 1;
			} else if (((unsigned char)utf8[i] & 0xC0) != 0x80) {
				column++;
			}
		}
		return gk_fail(err, GK_EINVAL,
			       _("%s: the character “%.*s” (U+%04X) at line "
				 "%zu, column %zu cannot be written in %s."),
			       source, n, utf8 + at, (unsigned)cp, line, column,
			       to_enc);
	}
	size_t n = (size_t)(dst - buf);
	buf[n] = '\0';
	if (out_len)
		*out_len = n;
	*out = buf;
	return 0;
}

int gk_text_check_date(const char *s, const char *field, int *year,
		       struct gk_err *err)
{
	int y, m, d, used = 0;
	if (!*s)
		return gk_fail(err, GK_EINVAL,
			       _("%s is empty; write a date as YYYY-MM-DD."),
			       field);
	if (strlen(s) != 10 ||
	    sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10 ||
	    s[4] != '-' || s[7] != '-')
		return gk_fail(err, GK_EINVAL,
			       _("%s must be a date written YYYY-MM-DD, not "
				 "'%s'."),
			       field, s);
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1949 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > days[m - 1] + (m == 2 && leap))
		return gk_fail(err, GK_EINVAL, _("%s: %s is not a real date."),
			       field, s);
	if (year)
		*year = y;
	return 0;
}

void gk_text_put_html(FILE *f, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
}

int gk_file_write_atomic(const char *dir, const char *name, const char *data,
			 size_t len, int mode, char *path, size_t path_size)
{
	char tmp[1200];
	snprintf(path, path_size, "%s/%s", dir, name);
	snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", dir, name);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		done += (size_t)n;
	}
	if (fchmod(fd, (mode_t)mode) < 0 || fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
fail:;
	int saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}

int gk_file_read(const char *path, size_t max, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	*data = NULL;
	*len = 0;
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) < 0 || (size_t)sb.st_size > max) {
		int saved = (size_t)sb.st_size > max ? EFBIG : errno;
		close(fd);
		errno = saved;
		return -1;
	}
	char *buf = malloc((size_t)sb.st_size + 1);
	size_t got = 0;
	while (buf && got < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)sb.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	int saved = errno;
	close(fd);
	if (!buf) {
		errno = ENOMEM;
		return -1;
	}
	if (got < (size_t)sb.st_size) {
		free(buf);
		errno = saved ? saved : EIO;
		return -1;
	}
	buf[got] = '\0';
	*data = buf;
	*len = got;
	return 0;
}

/* ---- titles in 书名号 ---- */

/* 《 》 〈 〉 are U+300A, U+300B, U+3008, U+3009: three bytes each,
 * alike but for the last. */
static const char book_open[] = "《", book_close[] = "》";
#define BOOK_MARK (sizeof book_open - 1)

/* Whether the title s (len bytes) is one title in 《》 from its first
 * character to its last, as 《政府信息公开条例》 and 《A《B》》 are and
 * 《条例》解读 is not. */
static int one_book_title(const char *s, size_t len)
{
	if (len < 2 * BOOK_MARK || memcmp(s, book_open, BOOK_MARK) != 0 ||
	    memcmp(s + len - BOOK_MARK, book_close, BOOK_MARK) != 0)
		return 0;
	int depth = 0;
	for (size_t i = 0; i + BOOK_MARK <= len; i++) {
		if (memcmp(s + i, book_open, BOOK_MARK) == 0)
			depth++;
		else if (memcmp(s + i, book_close, BOOK_MARK) == 0 &&
			 --depth == 0)
			return i + BOOK_MARK == len;
	}
	return 0;
}

char *gk_text_book_title(const char *title)
{
	size_t len = strlen(title);
	if (one_book_title(title, len)) {
		title += BOOK_MARK;
		len -= 2 * BOOK_MARK;
	}
	char *out = malloc(len + 2 * BOOK_MARK + 1);
	if (!out)
		return NULL;
	memcpy(out, book_open, BOOK_MARK);
	memcpy(out + BOOK_MARK, title, len);
	memcpy(out + BOOK_MARK + len, book_close, BOOK_MARK + 1);
	/* Inside, 《》 become 〈〉: the last byte goes down by two. */
	char *inner_end = out + BOOK_MARK + len;
	for (char *p = out + BOOK_MARK; p + BOOK_MARK <= inner_end; p++)
		if (memcmp(p, book_open, BOOK_MARK) == 0 ||
		    memcmp(p, book_close, BOOK_MARK) == 0) {
			p[2] = (char)(p[2] - 2);
			p += BOOK_MARK - 1;
		}
	return out;
}

char *gk_text_title_heading(const char *title)
{
	if (one_book_title(title, strlen(title)))
		return gk_text_book_title(title);
	return strdup(title);
}

/*
 * Fuzz target for the text that comes from outside: body files in UTF-8,
 * GB18030 or GBK (gk_text_to_utf8), one-line fields (gk_text_check_line),
 * organization codes and stored times.  The first input byte picks the
 * encoding.  Whatever is accepted must come out as UTF-8 that converts to
 * itself unchanged.
 *
 * libFuzzer: `make fuzz`.  Without it, driver.c runs the corpus once in
 * `make check`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "store.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encodings[] = {"UTF-8", "GB18030", "GBK"};
	struct gk_err err;
	char *out, *again;
	size_t out_len, again_len;

	if (size == 0)
		return 0;
	const char *encoding = encodings[data[0] % 3];
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	if (gk_text_to_utf8(encoding, text, len, "fuzz", &out, &out_len,
			    &err) == 0) {
		if (strlen(out) != out_len)
			abort(); /* a NUL slipped through */
		if (gk_text_to_utf8("UTF-8", out, out_len, "fuzz", &again,
				    &again_len, &err) != 0)
			abort(); /* what we made is not UTF-8 */
		if (again_len != out_len || memcmp(again, out, out_len) != 0)
			abort(); /* UTF-8 did not convert to itself */
		gk_text_check_line(out, "fuzz", 200, &err);
		gk_text_blank(out);
		free(again);
		free(out);
	}
	char *line = malloc(len + 1);
	if (!line)
		return 0;
	memcpy(line, text, len);
	line[len] = '\0';
	gk_text_check_line(line, "fuzz", 200, &err);
	gk_org_code_check(line, &err);
	gk_time_parse(line);
	free(line);
	return 0;
}

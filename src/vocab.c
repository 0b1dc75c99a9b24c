#include "vocab.h"

#include <string.h>

#include "i18n.h"

int gk_word_find(const struct gk_word *words, const char *key)
{
	for (int i = 0; key && words[i].key; i++)
		if (strcmp(words[i].key, key) == 0)
			return i;
	return -1;
}

int gk_word_parse(const struct gk_word *words, const char *const *zh,
		  const char *text)
{
	for (int i = 0; text && words[i].key; i++)
		if (strcmp(words[i].key, text) == 0 || strcmp(zh[i], text) == 0)
			return i;
	return -1;
}

const char *gk_word_label(const struct gk_word *words, const char *key)
{
	int i = gk_word_find(words, key);
	return i < 0 ? key : _(words[i].label);
}

/*
 * vocab — one lookup for the vocabularies of the core: the X-macro lists
 * of keys and labels (GK_STATES, GK_DELIVERY_STATES, GK_VALIDITIES …),
 * each made into a table of struct gk_word that ends with a NULL key.
 *
 * A module makes its table once:
 *
 *   static const struct gk_word states[] = {GK_STATES(GK_WORD_ROW)
 *                                           {NULL, NULL}};
 *
 * and answers from it with gk_word_find (the index is the enum's value)
 * and gk_word_label.  Tables are static; nothing is allocated.
 */
#ifndef GK_VOCAB_H
#define GK_VOCAB_H

struct gk_word {
	const char *key;   /* as stored in the database ("draft") */
	const char *label; /* N_(): translate with gk_word_label */
};

/* A row of a word table from an X-macro row (name, key, label, …). */
#define GK_WORD_ROW(name, key, label, ...) {key, label},

/* The index of key in words, or -1 (also for a NULL key). */
int gk_word_find(const struct gk_word *words, const char *key);
/* The translated label of key, or key itself when words lacks it. */
const char *gk_word_label(const struct gk_word *words, const char *key);
/* The index of text in words, given as its key or as its Chinese name
 * (zh: one a word, in the words' order), or -1 (also for NULL text). */
int gk_word_parse(const struct gk_word *words, const char *const *zh,
		  const char *text);

#endif

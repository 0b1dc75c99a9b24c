/*
 * embedded — the files of db/ (schema migrations *.sql, reference data
 * *.tsv), compiled into the binary by tools/embed.sh so that a gongkai
 * binary carries the schema it expects.  Sorted by name.
 */
#ifndef GK_EMBEDDED_H
#define GK_EMBEDDED_H

struct gk_embedded {
	const char *name; /* file name below db/, e.g. "001_init.sql" */
	const char *text; /* its contents, NUL-terminated UTF-8 */
};

extern const struct gk_embedded gk_embedded_files[];
extern const int gk_embedded_count;

/* The embedded file called name, or NULL. */
const char *gk_embedded_get(const char *name);

#endif
